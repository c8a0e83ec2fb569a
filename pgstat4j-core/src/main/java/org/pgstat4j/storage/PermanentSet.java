package org.pgstat4j.storage;

import static org.pgstat4j.storage.StatsFileFormat.*;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.StatsStore;

/**
 * One all-or-nothing write of every statistics file into a directory (clean shutdown,
 * durability checkpoint). Owns the {@code .tmp} files it creates until they are renamed.
 *
 * <p>Invariant: the directory's previous files are replaced only after every new file has been
 * written, flushed and synced under its {@code .tmp} name; if any of that fails, every
 * {@code .tmp} is removed, nothing is renamed, and the {@link IOException} names the file that
 * could not be written. Database files are renamed before the global file that lists them.
 * Use it once, from the thread that owns the store.
 */
final class PermanentSet {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.storage");

    private final StatsFiles files;
    private final StatsStore store;
    private final Path dir;
    private final boolean stamp;
    private final long now;
    private final List<Path> written = new ArrayList<>();
    private final LittleEndianOutput out = new LittleEndianOutput();

    /** @param stamp set the write timestamps to {@code now} (a shutdown does; a checkpoint does not) */
    PermanentSet(StatsFiles files, StatsStore store, Path dir, boolean stamp, long now) {
        this.files = files;
        this.store = store;
        this.dir = dir;
        this.stamp = stamp;
        this.now = now;
    }

    void write() throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("could not create statistics directory \"" + dir + "\": " + e.getMessage(), e);
        }
        if (stamp) {
            store.global().statsTimestamp = now;
            store.databases().forEachValue(d -> d.statsTimestamp = now);
        }
        try {
            for (int oid : store.databases().keys()) {
                DbEntry d = store.database(oid);
                writeOne(dbTmpName(oid), dbStatName(oid), ch -> StatsFiles.writeDatabaseRecords(out, ch, d));
            }
            writeOne(GLOBAL_TMP, GLOBAL_STAT, ch -> {
                out.open(ch);
                StatsFiles.writeGlobalHead(out, store);
                for (int oid : store.databases().keys()) {
                    out.writeByte(TAG_DATABASE);
                    StatsRecords.writeDb(out, store.database(oid));
                }
                StatsFiles.writeGlobalTail(out, store);
            });
        } catch (IOException e) {
            written.forEach(StatsFiles::deleteQuietly);
            throw e;
        }
        // every file is complete: now replace, the global file last
        for (Path tmp : written) {
            String name = tmp.getFileName().toString();
            Path fin = dir.resolve(name.substring(0, name.length() - ".tmp".length()) + ".stat");
            try {
                Files.move(tmp, fin, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                written.forEach(StatsFiles::deleteQuietly);
                throw new IOException("could not rename statistics file \"" + tmp + "\" to \"" + fin + "\": "
                        + e.getMessage(), e);
            }
        }
        LOG.log(Level.DEBUG, "wrote {0} statistics files to \"{1}\"", written.size(), dir);
    }

    private interface Body {
        void write(FileChannel ch) throws IOException;
    }

    private void writeOne(String tmpName, String finalName, Body body) throws IOException {
        Path tmp = dir.resolve(tmpName);
        written.add(tmp);
        try (FileChannel ch = files.openForWrite(tmp)) {
            body.write(ch);
            ch.force(true);
        } catch (IOException e) {
            throw new IOException("could not write statistics file \"" + dir.resolve(finalName) + "\": "
                    + e.getMessage(), e);
        }
    }
}
