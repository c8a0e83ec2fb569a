package org.pgstat4j.storage;

import static org.pgstat4j.storage.StatsFileFormat.*;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
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
        StatsStore store = StatsStore.empty(now);
        Path file = dir.resolve(GLOBAL_STAT);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return store;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not open statistics file \"{0}\": {1}", file, e.getMessage());
            return store;
        }
        try (LittleEndianInput in = new LittleEndianInput(ch, bufferFor(ch))) {
            readGlobalFile(in, store, file, dir, onlyDb, deep, allDbs, deleteAfter);
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

    private static void readGlobalFile(LittleEndianInput in, StatsStore store, Path file, Path dir,
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
                                readDatabaseFile(dir, d, deleteAfter);
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

    private static void readDatabaseFile(Path dir, DbEntry d, boolean deleteAfter) {
        Path file = dir.resolve(dbStatName(d.databaseId));
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not open statistics file \"{0}\": {1}", file, e.getMessage());
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
        // polled every millisecond by waiting readers: a small buffer, most files fit in it
        try (LittleEndianInput in = new LittleEndianInput(FileChannel.open(file, StandardOpenOption.READ), 4096)) {
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
