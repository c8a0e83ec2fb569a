package org.pgstat4j.storage;

import static org.pgstat4j.storage.StatsFileFormat.*;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.FuncEntry;
import org.pgstat4j.store.IntHashMap;
import org.pgstat4j.store.TabEntry;

/**
 * The readers' side of {@link DeltaFrames}: for each database whose tables readers of this
 * process load, one replica of its temporary file's entries, kept up to date by reading only
 * the frames appended since the last load, and handed to each snapshot as a copy-on-write
 * {@link IntHashMap#snapshot()} of its maps.
 *
 * <p>So a new snapshot costs what changed since the previous one (plus O(databases) for the
 * global file), not the number of tables: the whole file is read only when the collector
 * replaced it (its frames had grown as large as its entries, or the collector restarted).
 *
 * <p>Invariants: a replica's maps hold only entries that no snapshot mutates (frames bring new
 * entry objects; removals and puts copy the shared segment first), so a snapshot handed out
 * never changes. A replica is refreshed and copied under its own lock; any number of reader
 * threads may call {@link #fill} at once.
 */
final class TempReplicas {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.storage");

    private final ConcurrentHashMap<Integer, Replica> byDatabase = new ConcurrentHashMap<>();

    /** Gives {@code d} (a shallow entry just read from the global file) its tables and functions. */
    void fill(Path dir, DbEntry d) {
        byDatabase.computeIfAbsent(d.databaseId, k -> new Replica()).fill(dir, d);
    }

    /** One database's replica; its state belongs to whoever holds its lock. */
    private static final class Replica {
        private Path dir;
        private Object fileKey;
        private long baseEnd;
        private long baseId;
        private long offset;
        private IntHashMap<TabEntry> tables = new IntHashMap<>(64);
        private IntHashMap<FuncEntry> functions = new IntHashMap<>(16);

        synchronized void fill(Path inDir, DbEntry d) {
            refresh(inDir, d.databaseId);
            d.tables = tables.snapshot();
            d.functions = functions.snapshot();
        }

        private void refresh(Path inDir, int databaseId) {
            Path file = inDir.resolve(dbStatName(databaseId));
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                long size = ch.size();
                boolean same = key != null && key.equals(fileKey) && inDir.equals(dir) && baseId != 0
                        && size >= offset && DeltaFrames.idAt(ch, baseEnd) == baseId;
                if (same) {
                    ch.position(offset);
                    // sized to the new frames: a load that finds little new allocates little
                    int buffer = (int) Math.min(1 << 16, Math.max(4096, size - offset));
                    try (LittleEndianInput in = new LittleEndianInput(ch, buffer)) {
                        offset = DeltaFrames.readFrames(in, offset, size, tables, functions, file);
                    }
                } else {
                    loadWhole(ch, size, file);
                    dir = inDir;
                    fileKey = key;
                }
            } catch (NoSuchFileException e) {
                forget();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not read statistics file \"{0}\": {1}", file, e.getMessage());
                forget();
            }
        }

        private void loadWhole(FileChannel ch, long size, Path file) throws IOException {
            forget();
            DbEntry holder = new DbEntry(0);
            holder.tables = tables;
            holder.functions = functions;
            try (LittleEndianInput in = new LittleEndianInput(ch)) {
                if (in.readInt() != FORMAT_ID) {
                    LOG.log(Level.WARNING, "corrupted statistics file \"{0}\"", file);
                    return;
                }
                boolean whole;
                try {
                    whole = StatsFileReader.readDatabaseRecords(in, holder, file);
                } catch (java.io.EOFException e) {
                    LOG.log(Level.WARNING, "corrupted statistics file \"{0}\"", file);
                    whole = false;
                }
                if (!whole) {
                    return; // what was read before the damage stays; the next load reads it again
                }
                long end = in.position();
                long id = DeltaFrames.idAt(ch, end);
                offset = DeltaFrames.readFrames(in, end, size, tables, functions, file);
                baseEnd = end;
                baseId = id;
            }
        }

        private void forget() {
            fileKey = null;
            baseId = 0;
            baseEnd = 0;
            offset = 0;
            tables = new IntHashMap<>(64);
            functions = new IntHashMap<>(16);
        }
    }
}
