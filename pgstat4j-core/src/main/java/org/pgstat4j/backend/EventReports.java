package org.pgstat4j.backend;

import org.pgstat4j.protocol.AnalyzeMessage;
import org.pgstat4j.protocol.ArchiverMessage;
import org.pgstat4j.protocol.AutovacStartMessage;
import org.pgstat4j.protocol.ChecksumFailureMessage;
import org.pgstat4j.protocol.DeadlockMessage;
import org.pgstat4j.protocol.DropDbMessage;
import org.pgstat4j.protocol.RecoveryConflictMessage;
import org.pgstat4j.protocol.ReplSlotMessage;
import org.pgstat4j.protocol.TempFileMessage;
import org.pgstat4j.protocol.VacuumMessage;
import org.pgstat4j.protocol.Wire;

/**
 * One-off reports (spec §4.9): each event is sent at once as its own message, outside the
 * flush cycle. Guards follow PostgreSQL 14: events about database activity need
 * {@code track_counts}; drops, purges, autovacuum start, replication-slot and archiver
 * reports do not. Names too long for their C field are cut, never rejected.
 *
 * <p>The one way to misuse it: reporting from another thread than the backend's. Reports go
 * out through the backend's outbox, one reused buffer.
 */
public final class EventReports {
    private final Outbox out;
    private final StatsClock clock;
    private final StatsSettings settings;
    private final PendingTables tables;
    private final int databaseId;
    private final boolean autovacuum;

    EventReports(Outbox out, StatsClock clock, StatsSettings settings, PendingTables tables,
                 int databaseId, BackendType type) {
        this.out = out;
        this.clock = clock;
        this.settings = settings;
        this.tables = tables;
        this.databaseId = databaseId;
        this.autovacuum = type.isAutovacuumWorker();
    }

    private boolean counting() {
        return out.enabled() && settings.trackCounts();
    }

    /** A temporary file of {@code bytes} (its final size) was deleted. */
    public void tempFile(long bytes) {
        if (counting()) {
            out.send(new TempFileMessage(databaseId, bytes));
        }
    }

    /** This backend was chosen as the victim of a deadlock. */
    public void deadlock() {
        if (counting()) {
            out.send(new DeadlockMessage(databaseId));
        }
    }

    /** {@code count} page checksum failures in database {@code db} (0 for shared files). */
    public void checksumFailures(int db, int count) {
        if (counting()) {
            out.send(new ChecksumFailureMessage(db, count, clock.currentTimestamp()));
        }
    }

    /** A query or session was cancelled by a recovery conflict; {@code reason} as in RECOVERYCONFLICT. */
    public void recoveryConflict(int reason) {
        if (counting()) {
            out.send(new RecoveryConflictMessage(databaseId, reason));
        }
    }

    /** An autovacuum worker starts on database {@code db}. */
    public void autovacStart(int db) {
        out.send(new AutovacStartMessage(db, clock.currentTimestamp()));
    }

    /** Lazy VACUUM of a table ended with {@code live} (clamped at 0) and {@code dead} tuples. */
    public void vacuum(int tableOid, boolean shared, long live, long dead) {
        if (counting()) {
            out.send(new VacuumMessage(shared ? 0 : databaseId, tableOid, autovacuum,
                    clock.currentTimestamp(), Math.max(live, 0), dead));
        }
    }

    /**
     * ANALYZE of a table estimated {@code live} and {@code dead} tuples. Rows this session's
     * open transaction already changed will be reported again at its end, so they — and
     * dead rows of aborted subtransactions — are subtracted first (spec §4.6).
     * {@code resetCounter}: all columns were analyzed (no column list).
     */
    public void analyze(int tableOid, boolean shared, RelKind kind, long live, long dead,
                        boolean resetCounter) {
        if (!counting()) {
            return;
        }
        TableStatus t = kind == RelKind.PARTITIONED_TABLE ? null : tables.find(tableOid);
        if (t != null) {
            for (TableXactStatus r = t.trans; r != null; r = r.upper) {
                live -= r.tuplesInserted - r.tuplesDeleted;
                dead -= r.tuplesUpdated + r.tuplesDeleted;
            }
            dead -= t.deltaDeadTuples;
            live = Math.max(live, 0);
            dead = Math.max(dead, 0);
        }
        out.send(new AnalyzeMessage(shared ? 0 : databaseId, tableOid, autovacuum, resetCounter,
                clock.currentTimestamp(), live, dead));
    }

    /** {@code DROP DATABASE} of {@code db} completed. */
    public void dropDatabase(int db) {
        out.send(new DropDbMessage(db));
    }

    /**
     * Removes statistics of objects that no longer exist ({@code pgstat_vacuum_stat}):
     * {@code collector} is what the statistics snapshot holds, {@code catalog} what exists.
     */
    public void purgeDeadObjects(KnownObjects collector, KnownObjects catalog) {
        DeadObjectPurger.purge(collector, catalog, databaseId, out);
    }

    /** Logical decoding counters of slot {@code slotName} since the last report. */
    public void replSlot(String slotName, long spillTxns, long spillCount, long spillBytes,
                         long streamTxns, long streamCount, long streamBytes, long totalTxns,
                         long totalBytes) {
        out.send(new ReplSlotMessage(Names.fit(slotName, Wire.NAMEDATALEN), false, false,
                spillTxns, spillCount, spillBytes, streamTxns, streamCount, streamBytes,
                totalTxns, totalBytes));
    }

    /** A logical replication slot was created. */
    public void replSlotCreate(String slotName) {
        out.send(ReplSlotMessage.created(Names.fit(slotName, Wire.NAMEDATALEN)));
    }

    /** A logical replication slot was dropped. */
    public void replSlotDrop(String slotName) {
        out.send(ReplSlotMessage.dropped(Names.fit(slotName, Wire.NAMEDATALEN)));
    }

    /** One archiving attempt of WAL file {@code walFileName} succeeded or {@code failed}. */
    public void archiver(String walFileName, boolean failed) {
        out.send(new ArchiverMessage(failed, Names.fit(walFileName, Wire.XLOG_NAME_LEN),
                clock.currentTimestamp()));
    }
}
