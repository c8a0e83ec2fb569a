package org.pgstat4j.storage;

import static org.pgstat4j.storage.StatsFileFormat.*;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.FuncEntry;
import org.pgstat4j.store.IntHashMap;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.store.TabEntry;

/**
 * Reads stats files (spec §6.4). A missing global file is normal (empty statistics); a
 * corrupted one — wrong format id, short read, unknown tag, duplicate key — is logged as
 * {@code corrupted statistics file "<name>"} and whatever was read before the damage is kept.
 * A name that is not a regular file (a FIFO, a device, a directory) is refused with a log line
 * and never opened, so nothing placed in a statistics directory can block a read.
 *
 * <p>The one way to misuse it: reading the temporary directory to get current statistics. It
 * returns the last complete file, which may be older than the counts already sent;
 * {@code SnapshotReader} asks the collector for a fresh one first.
 */
public final class StatsFileReader {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.storage");

    private StatsFileReader() {
    }

    /**
     * Reads a whole stats directory — every database with its tables and functions — without
     * deleting anything: how {@code pgstat4j import-stats} reads a PostgreSQL 14 {@code pg_stat/}.
     */
    public static StatsStore readAll(Path dir, long now) {
        return read(dir, 0, true, true, false, now);
    }

    /**
     * Reads the global file of {@code dir} and, if {@code deep}, the per-database files.
     *
     * @param onlyDb      if not 0, only this database and database 0 get table/function maps
     * @param allDbs      load every database's tables (the collector's start-up read)
     * @param deleteAfter delete each file after reading it (permanent files at start-up)
     * @param now         reset timestamp for shared structs when there is no file
     */
    public static StatsStore read(Path dir, int onlyDb, boolean deep, boolean allDbs,
                                  boolean deleteAfter, long now) {
        return read(dir.resolve(GLOBAL_STAT), d -> dir.resolve(dbStatName(d)), onlyDb, deep, allDbs, deleteAfter, now);
    }

    /**
     * The newest complete statistics of two directories, deep, every database, deleting
     * nothing: the global file of whichever directory wrote it last, and each database's file
     * likewise the newer of the two. How a collector starts: the permanent directory holds the
     * last clean stop (or checkpoint), the temporary directory what readers were last given, so
     * a collector that replaces a crashed one loses only what arrived since the last write.
     * Files are renamed into place only when complete, so any file found is a whole one.
     */
    public static StatsStore readNewest(Path first, Path second, long now) {
        Path global = newer(first.resolve(GLOBAL_STAT), second.resolve(GLOBAL_STAT));
        return read(global, d -> newer(first.resolve(dbStatName(d)), second.resolve(dbStatName(d))),
                0, true, true, false, now);
    }

    /** The one of two files modified last; {@code a} if neither is a regular file. */
    static Path newer(Path a, Path b) {
        long ta = modified(a);
        long tb = modified(b);
        return tb > ta ? b : a;
    }

    private static long modified(Path p) {
        try {
            BasicFileAttributes at = Files.readAttributes(p, BasicFileAttributes.class);
            return at.isRegularFile() ? at.lastModifiedTime().to(TimeUnit.NANOSECONDS) : Long.MIN_VALUE;
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * Opens a statistics file for reading, or returns null (logged) if the name is not a
     * regular file: opening a FIFO would block until someone writes to it.
     *
     * @throws NoSuchFileException if there is no such file
     */
    static FileChannel openRegular(Path file) throws IOException {
        BasicFileAttributes at = Files.readAttributes(file, BasicFileAttributes.class);
        if (!at.isRegularFile()) {
            LOG.log(Level.WARNING, "statistics file \"{0}\" is not a regular file; ignored", file);
            return null;
        }
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    private static StatsStore read(Path file, IntFunction<Path> dbFile, int onlyDb, boolean deep, boolean allDbs,
                                   boolean deleteAfter, long now) {
        StatsStore store = StatsStore.empty(now);
        FileChannel ch;
        try {
            ch = openRegular(file);
        } catch (NoSuchFileException e) {
            return store;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not open statistics file \"{0}\": {1}", file, e.getMessage());
            return store;
        }
        if (ch == null) {
            return store;
        }
        try (LittleEndianInput in = new LittleEndianInput(ch, bufferFor(ch))) {
            readGlobalFile(in, store, file, dbFile, onlyDb, deep, allDbs, deleteAfter);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not read statistics file \"{0}\": {1}", file, e.getMessage());
        }
        if (deleteAfter) {
            LOG.log(Level.DEBUG, "removing permanent stats file \"{0}\"", file);
            StatsFiles.deleteQuietly(file);
        }
        return store;
    }

    /** A read buffer no larger than the file (global files are small), at least 4 KB, at most 64 KB. */
    private static int bufferFor(FileChannel ch) throws IOException {
        return (int) Math.min(1 << 16, Math.max(4096, ch.size()));
    }

    private static void readGlobalFile(LittleEndianInput in, StatsStore store, Path file, IntFunction<Path> dbFile,
                                       int onlyDb, boolean deep, boolean allDbs, boolean deleteAfter) {
        int stage = 0;
        try {
            if (in.readInt() != FORMAT_ID) {
                corrupted(file);
                return;
            }
            stage = 1;
            StatsRecords.readGlobal(in, store.global());
            stage = 2;
            StatsRecords.readArchiver(in, store.archiver());
            stage = 3;
            StatsRecords.readWal(in, store.wal());
            stage = 4;
            for (int i = 0; i < store.slruCount(); i++) {
                StatsRecords.readSlru(in, store.slru(i));
            }
            stage = 5;
            while (true) {
                int tag = in.readByteOrEof();
                switch (tag) {
                    case TAG_DATABASE -> {
                        DbEntry d = StatsRecords.readDb(in);
                        if (!store.addDatabase(d)) {
                            corrupted(file);
                            return;
                        }
                        if (allDbs || d.databaseId == onlyDb || d.databaseId == 0) {
                            d.tables = new IntHashMap<>(64);
                            d.functions = new IntHashMap<>(16);
                            if (deep) {
                                readDatabaseFile(dbFile.apply(d.databaseId), d, deleteAfter);
                            }
                        }
                    }
                    case TAG_REPLSLOT -> {
                        var s = StatsRecords.readReplSlot(in);
                        store.replSlots().put(s.slotName, s);
                    }
                    case TAG_END -> {
                        return;
                    }
                    default -> {
                        corrupted(file);
                        return;
                    }
                }
            }
        } catch (IOException e) {
            corrupted(file);
            // zero the struct whose read failed, as PostgreSQL does
            long now = 0;
            switch (stage) {
                case 1 -> store.global().reset(now);
                case 2 -> store.archiver().reset(now);
                case 3 -> store.wal().reset(now);
                case 4 -> {
                    for (int i = 0; i < store.slruCount(); i++) {
                        store.slru(i).reset(now);
                    }
                }
                default -> {
                }
            }
        }
    }

    private static void readDatabaseFile(Path file, DbEntry d, boolean deleteAfter) {
        FileChannel ch;
        try {
            ch = openRegular(file);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not open statistics file \"{0}\": {1}", file, e.getMessage());
            return;
        }
        if (ch == null) {
            return;
        }
        try (LittleEndianInput in = new LittleEndianInput(ch)) {
            if (in.readInt() != FORMAT_ID) {
                corrupted(file);
            } else if (readDatabaseRecords(in, d, file)) {
                DeltaFrames.readFrames(in, in.position(), ch.size(), d.tables, d.functions, file);
            }
        } catch (IOException e) {
            corrupted(file);
        }
        if (deleteAfter) {
            LOG.log(Level.DEBUG, "removing permanent stats file \"{0}\"", file);
            StatsFiles.deleteQuietly(file);
        }
    }

    /**
     * Reads {@code 'T'} and {@code 'F'} records into {@code d}'s maps up to {@code 'E'}; true if
     * it got there, false (after logging) if the file is damaged.
     */
    static boolean readDatabaseRecords(LittleEndianInput in, DbEntry d, Path file) throws IOException {
        while (true) {
            int tag = in.readByteOrEof();
            switch (tag) {
                case TAG_TABLE -> {
                    TabEntry t = StatsRecords.readTable(in);
                    if (d.tables.put(t.tableId, t) != null) {
                        corrupted(file);
                        return false;
                    }
                }
                case TAG_FUNCTION -> {
                    FuncEntry f = StatsRecords.readFunction(in);
                    if (d.functions.put(f.functionId, f) != null) {
                        corrupted(file);
                        return false;
                    }
                }
                case TAG_END -> {
                    return true;
                }
                default -> {
                    corrupted(file);
                    return false;
                }
            }
        }
    }

    /**
     * The freshness probe ({@code pgstat_read_db_statsfile_timestamp}): the database's
     * {@code stats_timestamp} from its {@code 'D'} record, else the global file's write time;
     * {@code null} if the file is missing or unreadable.
     */
    public static Long readDatabaseTimestamp(Path dir, int databaseId) {
        Path file = dir.resolve(GLOBAL_STAT);
        FileChannel ch;
        try {
            ch = openRegular(file);
        } catch (IOException e) {
            return null; // missing or unreadable: no timestamp, as for a missing file
        }
        if (ch == null) {
            return null;
        }
        // polled every millisecond by waiting readers: a small buffer, most files fit in it
        try (LittleEndianInput in = new LittleEndianInput(ch, 4096)) {
            if (in.readInt() != FORMAT_ID) {
                corrupted(file);
                return null;
            }
            long result = in.readLong(); // globalStats.stats_timestamp
            in.skip(GLOBAL_FIXED_SIZE - 4 - 8);
            while (true) {
                int tag = in.readByteOrEof();
                switch (tag) {
                    case TAG_DATABASE -> {
                        int oid = in.readInt();
                        in.skip(DB_STATS_TIMESTAMP - 4);
                        long ts = in.readLong();
                        if (oid == databaseId) {
                            return ts;
                        }
                    }
                    case TAG_REPLSLOT -> in.skip(REPLSLOT_ENTRY_SIZE);
                    case TAG_END -> {
                        return result;
                    }
                    default -> {
                        corrupted(file);
                        return null;
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            corrupted(file);
            return null;
        }
    }

    private static void corrupted(Path file) {
        LOG.log(Level.WARNING, "corrupted statistics file \"{0}\"", file);
    }
}
