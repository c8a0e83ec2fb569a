package org.pgstat4j.snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.pgstat4j.store.ArchiverStatsView;
import org.pgstat4j.store.DbEntryView;
import org.pgstat4j.store.FuncEntryView;
import org.pgstat4j.store.GlobalStatsView;
import org.pgstat4j.store.ReplSlotEntryView;
import org.pgstat4j.store.SlruStatsView;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.store.TabEntryView;
import org.pgstat4j.store.WalStatsView;

/**
 * One generation of statistics as a reader sees it, with PostgreSQL's lookup rules (spec
 * §7.4): a relation is looked up in the reader's own database, then in the shared-catalog
 * database 0; a function only in the own database; other databases' tables are invisible.
 *
 * <p>Read-only: entries come out as the model's read-only views ({@code *View}), never as the
 * mutable entries, and the store behind them was loaded for this snapshot and is never mutated
 * after loading, so a snapshot may be shared between threads and kept for a whole transaction.
 *
 * <p>The one way to misuse it: keeping it past the reader's transaction. It is one generation
 * of statistics; a later read within a new transaction must take a new snapshot.
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
    public DbEntryView database(int databaseId) {
        return store.database(databaseId);
    }

    /** Every database entry the collector knows. */
    public Collection<DbEntryView> databases() {
        List<DbEntryView> out = new ArrayList<>();
        store.databases().forEachValue(out::add);
        return Collections.unmodifiableList(out);
    }

    /** A table or index entry: own database first, then shared catalogs; null if none. */
    public TabEntryView table(int relid) {
        DbEntryView own = store.database(ownDatabase);
        TabEntryView t = own == null ? null : own.table(relid);
        if (t == null && ownDatabase != 0) {
            DbEntryView shared = store.database(0);
            t = shared == null ? null : shared.table(relid);
        }
        return t;
    }

    /** A function entry of the own database, or null. */
    public FuncEntryView function(int funcid) {
        DbEntryView own = store.database(ownDatabase);
        return own == null ? null : own.function(funcid);
    }

    public GlobalStatsView bgwriter() {
        return store.global();
    }

    public ArchiverStatsView archiver() {
        return store.archiver();
    }

    public WalStatsView wal() {
        return store.wal();
    }

    public SlruStatsView slru(int index) {
        return store.slru(index);
    }

    /** A replication slot's entry by name, or null. */
    public ReplSlotEntryView replSlot(String name) {
        return store.replSlots().get(name);
    }

    public Collection<ReplSlotEntryView> replSlots() {
        return Collections.unmodifiableCollection(store.replSlots().values());
    }
}
