package org.pgstat4j.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All cumulative statistics (spec §5.3): databases with their tables and functions, the
 * bgwriter/archiver/WAL/SLRU globals and the replication slots.
 *
 * <p>Concurrency: a live store is owned by the collector thread alone and mutated only by
 * the collector's message handlers. A store loaded from stats files for a reader is a
 * snapshot: it is never mutated after loading, so any thread may read it (readers see its
 * entries through the read-only {@code *View} interfaces).
 *
 * <p>The one way to misuse it: mutating a store that was loaded for a reader. It is a snapshot
 * that any thread may be reading.
 */
public final class StatsStore {
    private final IntHashMap<DbEntry> databases = new IntHashMap<>(16);
    private final GlobalStats global = new GlobalStats();
    private final ArchiverStats archiver = new ArchiverStats();
    private final WalStats wal = new WalStats();
    private final SlruStats[] slru = new SlruStats[SlruStats.NAMES.size()];
    private final Map<String, ReplSlotEntry> replSlots = new LinkedHashMap<>();

    public StatsStore() {
        for (int i = 0; i < slru.length; i++) {
            slru[i] = new SlruStats();
        }
    }

    /** A fresh store whose shared reset timestamps are {@code now} (spec §6.4 step 2). */
    public static StatsStore empty(long now) {
        StatsStore s = new StatsStore();
        s.global.statResetTimestamp = now;
        s.archiver.statResetTimestamp = now;
        s.wal.statResetTimestamp = now;
        for (SlruStats x : s.slru) {
            x.statResetTimestamp = now;
        }
        return s;
    }

    public DbEntry database(int databaseId) {
        return databases.get(databaseId);
    }

    /** Looks up a database, creating it as PostgreSQL's "get or create" does. */
    public DbEntry databaseOrCreate(int databaseId, long now) {
        DbEntry d = databases.get(databaseId);
        if (d == null) {
            d = DbEntry.created(databaseId, now);
            databases.put(databaseId, d);
        }
        return d;
    }

    /** Adds a database entry read from a file; returns false if the OID was already present. */
    public boolean addDatabase(DbEntry d) {
        if (databases.containsKey(d.databaseId)) {
            return false;
        }
        databases.put(d.databaseId, d);
        return true;
    }

    public DbEntry removeDatabase(int databaseId) {
        return databases.remove(databaseId);
    }

    public IntHashMap<DbEntry> databases() {
        return databases;
    }

    public GlobalStats global() {
        return global;
    }

    public ArchiverStats archiver() {
        return archiver;
    }

    public WalStats wal() {
        return wal;
    }

    public SlruStats slru(int index) {
        return slru[index];
    }

    public int slruCount() {
        return slru.length;
    }

    /** Replication slots by name, in insertion order. */
    public Map<String, ReplSlotEntry> replSlots() {
        return replSlots;
    }

    /** Total table and index entries over all loaded databases. */
    public long tableEntryCount() {
        long[] n = {0};
        databases.forEachValue(d -> n[0] += d.tables == null ? 0 : d.tables.size());
        return n[0];
    }
}
