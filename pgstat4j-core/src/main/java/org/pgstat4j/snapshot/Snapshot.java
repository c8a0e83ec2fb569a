package org.pgstat4j.snapshot;

import java.util.Collection;
import java.util.Collections;
import org.pgstat4j.collector.ArchiverStats;
import org.pgstat4j.collector.DbEntry;
import org.pgstat4j.collector.FuncEntry;
import org.pgstat4j.collector.GlobalStats;
import org.pgstat4j.collector.ReplSlotEntry;
import org.pgstat4j.collector.SlruStats;
import org.pgstat4j.collector.StatsStore;
import org.pgstat4j.collector.TabEntry;
import org.pgstat4j.collector.WalStats;

/**
 * One generation of statistics as a reader sees it, with PostgreSQL's lookup rules (spec
 * §7.4): a relation is looked up in the reader's own database, then in the shared-catalog
 * database 0; a function only in the own database; other databases' tables are invisible.
 *
 * <p>Immutable by contract: the store behind it was loaded for this snapshot and is never
 * mutated, so a snapshot may be shared between threads and kept for a whole transaction.
 *
 * <p>The one way to misuse it: writing to the entries it returns. Their fields are public for
 * speed; immutability is a contract the caller keeps, and a snapshot may be shared.
 */
public final class Snapshot {
    private final StatsStore store;
    private final int ownDatabase;

    public Snapshot(StatsStore store, int ownDatabase) {
        this.store = store;
        this.ownDatabase = ownDatabase;
    }

    /** The database whose tables and functions this snapshot shows. */
    public int ownDatabase() {
        return ownDatabase;
    }

    /** When the collector wrote the global file read ({@code pg_stat_get_snapshot_timestamp}). */
    public long snapshotTimestamp() {
        return store.global().statsTimestamp;
    }

    /** A database entry, or null if the collector has none (accessors then report 0/NULL). */
    public DbEntry database(int databaseId) {
        return store.database(databaseId);
    }

    /** Every database entry the collector knows. */
    public Collection<DbEntry> databases() {
        java.util.List<DbEntry> out = new java.util.ArrayList<>();
        store.databases().forEachValue(out::add);
        return Collections.unmodifiableList(out);
    }

    /** A table or index entry: own database first, then shared catalogs; null if none. */
    public TabEntry table(int relid) {
        DbEntry own = store.database(ownDatabase);
        TabEntry t = own == null ? null : own.table(relid);
        if (t == null && ownDatabase != 0) {
            DbEntry shared = store.database(0);
            t = shared == null ? null : shared.table(relid);
        }
        return t;
    }

    /** A function entry of the own database, or null. */
    public FuncEntry function(int funcid) {
        DbEntry own = store.database(ownDatabase);
        return own == null ? null : own.function(funcid);
    }

    public GlobalStats bgwriter() {
        return store.global();
    }

    public ArchiverStats archiver() {
        return store.archiver();
    }

    public WalStats wal() {
        return store.wal();
    }

    public SlruStats slru(int index) {
        return store.slru(index);
    }

    /** A replication slot's entry by name, or null. */
    public ReplSlotEntry replSlot(String name) {
        return store.replSlots().get(name);
    }

    public Collection<ReplSlotEntry> replSlots() {
        return Collections.unmodifiableCollection(store.replSlots().values());
    }

    /** The underlying store, read-only by contract. */
    public StatsStore store() {
        return store;
    }
}
