package org.pgstat4j.server.workload;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.pgstat4j.backend.Backend;
import org.pgstat4j.backend.BackendState;
import org.pgstat4j.backend.BackendType;
import org.pgstat4j.backend.ResetFunctions;
import org.pgstat4j.backend.SessionEndCause;
import org.pgstat4j.backend.SqlStateException;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.view.PendingCounts;
import org.pgstat4j.view.StatFunctions;
import org.pgstat4j.view.ViewContext;

/**
 * A PostgreSQL client session, simulated at statement level over a {@link Backend}, so that
 * workloads and scenarios read like SQL: {@code s.begin(); s.insert(t, 5); s.savepoint("p");
 * ... s.commit()}. Each call is one statement (compose several into one with
 * {@link #statement(Runnable)}); the session keeps PostgreSQL's transaction states and tells
 * the backend what PostgreSQL's backend would:
 *
 * <ul>
 * <li>Autocommit: a statement outside BEGIN is its own transaction. Whenever the session goes
 *     idle outside a transaction block (after an autocommit statement, COMMIT, ROLLBACK,
 *     PREPARE) it calls {@code reportStat(false)}, as PostgreSQL does before ReadyForQuery —
 *     never while idle in a transaction. Closing calls {@code reportStat(true)}.</li>
 * <li>Errors: a failing statement aborts its transaction; inside a block the block stays
 *     failed (only ROLLBACK, COMMIT — which then rolls back — or ROLLBACK TO a savepoint when
 *     the error happened inside one, are accepted), as in PostgreSQL.</li>
 * <li>Reading: views are read through the session's own {@link SnapshotReader}, which keeps
 *     its snapshot for the whole transaction and forgets it at transaction end; the
 *     {@code pg_stat_xact_*} views show the session's own pending counts.</li>
 * </ul>
 *
 * <p>Confined to one thread, like a PostgreSQL backend. The one way to misuse it: keeping a
 * session open forever in a transaction block — nothing it counted is ever sent.
 */
public final class Session implements AutoCloseable {
    /** PostgreSQL's transaction block states, as far as statistics see them. */
    public enum TransactionState {
        /** Not in a transaction block: each statement commits on its own. */
        IDLE,
        /** Inside BEGIN ... COMMIT. */
        IN_TRANSACTION,
        /** Inside a block after an error: statements fail until ROLLBACK (or ROLLBACK TO). */
        FAILED
    }

    private final String name;
    private final Schema schema;
    private final Backend backend;
    private final SnapshotReader reader;
    private final TransactionChanges changes = new TransactionChanges();
    private final Executor executor;
    private final boolean superuser;
    private final boolean clientBackend;
    private final TransactionBlock block;
    private final UtilityStatements utility;

    Session(SessionBuilder b) {
        this.name = b.name;
        this.schema = b.schema;
        Cluster cluster = schema.cluster();
        EmbeddedStats stats = cluster.stats();
        this.reader = stats.newReader(schema.oid());
        this.backend = Backend.builder(stats.sender()).databaseId(schema.oid()).type(b.type)
                .settings(b.settings).clock(b.clock).enabled(stats.isEnabled())
                .stickyTruncateFlag(b.stickyTruncateFlag).onTransactionEnd(reader::clear).build();
        this.executor = new Executor(backend, changes);
        this.block = new TransactionBlock(name, schema, backend, changes);
        this.utility = new UtilityStatements(schema, backend, reader, changes, executor, block);
        this.superuser = b.superuser;
        this.clientBackend = b.type == BackendType.CLIENT_BACKEND;
        if (clientBackend) {
            cluster.backendStarted(schema.oid());
        }
        backend.reportConnect();
        backend.session().reportActivity(BackendState.IDLE);
    }

    public String name() {
        return name;
    }

    public Schema schema() {
        return schema;
    }

    /** The backend counting for this session, for what the simulator does not model (WAL, SLRU). */
    public Backend backend() {
        return backend;
    }

    public TransactionState state() {
        return block.state();
    }

    public boolean isClosed() {
        return block.isClosed();
    }

    // ------------------------------------------------------------ statements and transactions

    /**
     * Runs {@code body} as one statement: the calls inside it are parts of it, not statements
     * of their own (e.g. an index scan and an update form one {@code UPDATE}).
     */
    public void statement(Runnable body) {
        block.run(body);
    }

    private void run(Runnable body) {
        block.run(body);
    }

    /** {@code SELECT 1}: an empty statement (outside a block: a transaction and an idle point). */
    public void selectOne() {
        run(() -> { });
    }

    /**
     * Ships pending counts at the next idle point regardless of the 500 ms limit, as a
     * statement of its own (PostgreSQL 15's {@code pg_stat_force_next_flush()}).
     */
    public void forceFlush() {
        run(backend::forceNextFlush);
    }

    /** {@code BEGIN}; a no-op inside a block. */
    public void begin() {
        block.begin();
    }

    /** {@code COMMIT}; rolls back a failed block; outside a block commits its own empty transaction. */
    public void commit() {
        block.commit();
    }

    /** {@code ROLLBACK}; outside a block it aborts its own empty transaction. */
    public void rollback() {
        block.rollback();
    }

    /** {@code SAVEPOINT name}: a subtransaction starts. */
    public void savepoint(String savepoint) {
        block.savepoint(savepoint);
    }

    /** {@code RELEASE SAVEPOINT name}: it and the subtransactions inside it commit into their parent. */
    public void release(String savepoint) {
        block.release(savepoint);
    }

    /** {@code ROLLBACK TO SAVEPOINT name}: subtransactions from it on abort and it starts again (also after an error inside it). */
    public void rollbackTo(String savepoint) {
        block.rollbackTo(savepoint);
    }

    /**
     * {@code PREPARE TRANSACTION gid}: the block's counts and changes leave this session until
     * some session of the database finishes them; a failed block is rolled back instead.
     */
    public void prepare(String gid) {
        block.prepare(gid);
    }

    /** {@code COMMIT PREPARED gid} (not inside a block). */
    public void commitPrepared(String gid) {
        block.finishPrepared(gid, true);
    }

    /** {@code ROLLBACK PREPARED gid} (not inside a block). */
    public void rollbackPrepared(String gid) {
        block.finishPrepared(gid, false);
    }

    // ------------------------------------------------------------ data

    /** {@code INSERT} of {@code n} rows. */
    public void insert(Table t, long n) {
        run(() -> executor.insert(t, n));
    }

    /** {@code UPDATE} of {@code n} rows; {@code hot}: heap-only tuple updates (no indexed column changed, room on the page). */
    public void update(Table t, long n, boolean hot) {
        run(() -> executor.update(t, 0, n, hot));
    }

    /** {@code UPDATE ... WHERE key = key} of one row found without a scan of its own. */
    public void updateByKey(Table t, long key, boolean hot) {
        run(() -> executor.update(t, key, 1, hot));
    }

    /** {@code DELETE} of {@code n} rows. */
    public void delete(Table t, long n) {
        run(() -> executor.delete(t, 0, n));
    }

    /** {@code TRUNCATE}. */
    public void truncate(Table t) {
        run(() -> executor.truncate(t));
    }

    /** {@code SELECT count(*) FROM t}: a sequential scan of every row and page this transaction sees. */
    public void seqScan(Table t) {
        run(() -> executor.seqScan(t));
    }

    /** A sequential scan returning {@code rowsReturned} rows from {@code pages} pages. */
    public void seqScan(Table t, long rowsReturned, long pages) {
        run(() -> executor.seqScan(t, rowsReturned, pages));
    }

    /** A plain index scan for one key ({@code WHERE col = key}). */
    public void indexScan(Index i, long key) {
        run(() -> executor.indexScan(i, key, 1));
    }

    /** A plain index scan returning {@code rows} entries from {@code firstKey} on, each heap tuple fetched. */
    public void indexScan(Index i, long firstKey, long rows) {
        run(() -> executor.indexScan(i, firstKey, rows));
    }

    /** A bitmap index scan plus bitmap heap scan over {@code rows} rows from {@code firstKey} on. */
    public void bitmapScan(Index i, long firstKey, long rows) {
        run(() -> executor.bitmapScan(i, firstKey, rows));
    }

    // ------------------------------------------------------------ functions

    /** {@code SELECT f()} of a function whose body does nothing countable. */
    public void call(SqlFunction f) {
        call(f, () -> { });
    }

    /**
     * Calls {@code f}, whose body is {@code body} (which may run further statements and calls,
     * including of {@code f} itself). A body that throws abandons the call: it is not
     * counted, and the statement fails.
     */
    public void call(SqlFunction f, Runnable body) {
        run(() -> {
            int token = backend.initFunctionUsage(f.oid(), f.level());
            body.run();
            backend.endFunctionUsage(token, true);
        });
    }

    /** A recursive function {@code depth} calls deep; each level runs {@code eachLevel} before recursing. */
    public void callRecursive(SqlFunction f, int depth, Runnable eachLevel) {
        if (depth <= 0) {
            return;
        }
        call(f, () -> {
            eachLevel.run();
            callRecursive(f, depth - 1, eachLevel);
        });
    }

    // ------------------------------------------------------------ maintenance and events

    /**
     * {@code ANALYZE t} or {@code ANALYZE t(columns)}: samples the heap (this transaction's
     * own changes included, as PostgreSQL's sampling counts them) and reports; with a column
     * list the changes-since-analyze counter is kept.
     */
    public void analyze(Table t, String... columns) {
        run(() -> utility.analyze(t, columns.length == 0));
    }

    /**
     * {@code VACUUM t} (not in a block): first forgets statistics of dropped objects
     * ({@code pgstat_vacuum_stat}), then removes dead rows and reports what is left.
     */
    public void vacuum(Table t) {
        run(() -> utility.vacuum(t));
    }

    /** {@code DROP DATABASE other} (not in a block, nobody connected to it). */
    public void dropDatabase(Schema other) {
        run(() -> utility.dropDatabase(other));
    }

    /** {@code SELECT pg_create_logical_replication_slot(name, ...)} (or a physical one). */
    public void createReplicationSlot(String slot, ResetFunctions.SlotKind kind) {
        run(() -> utility.createReplicationSlot(slot, kind));
    }

    /** A statement that spilled to a temporary file of {@code bytes} (reported when the file is deleted). */
    public void tempFile(long bytes) {
        run(() -> backend.reports().tempFile(bytes));
    }

    /**
     * This session is the victim of a deadlock: its statement fails with 40P01 and its
     * transaction (or innermost savepoint) aborts. Returns the error the client got.
     */
    public SqlStateException deadlock() {
        try {
            run(() -> {
                backend.reports().deadlock();
                throw new SqlStateException("40P01", "deadlock detected", null);
            });
        } catch (SqlStateException e) {
            return e;
        }
        throw new AssertionError("unreachable");
    }

    // ------------------------------------------------------------ statistics functions

    /** {@code SELECT pg_stat_clear_snapshot()}. */
    public void pgStatClearSnapshot() {
        run(reader::clear);
    }

    public void pgStatReset() {
        resetFunction("pg_stat_reset", ResetFunctions::reset);
    }

    public void pgStatResetShared(String target) {
        resetFunction("pg_stat_reset_shared", r -> r.resetShared(target));
    }

    public void pgStatResetSingleTableCounters(Table t) {
        resetFunction("pg_stat_reset_single_table_counters", r -> r.resetSingleTableCounters(t.oid()));
    }

    public void pgStatResetSingleFunctionCounters(SqlFunction f) {
        resetFunction("pg_stat_reset_single_function_counters", r -> r.resetSingleFunctionCounters(f.oid()));
    }

    public void pgStatResetSlru(String slru) {
        resetFunction("pg_stat_reset_slru", r -> r.resetSlru(slru));
    }

    public void pgStatResetReplicationSlot(String slot) {
        resetFunction("pg_stat_reset_replication_slot", r -> r.resetReplicationSlot(slot, schema.cluster()::slot));
    }

    /** EXECUTE on the reset functions is revoked from PUBLIC: superusers or grantees only. */
    private void resetFunction(String function, Consumer<ResetFunctions> call) {
        run(() -> {
            if (!superuser && !schema.cluster().isGrantedToPublic(function)) {
                throw new SqlStateException("42501", "permission denied for function " + function, null);
            }
            call.accept(backend.resets());
        });
    }

    // ------------------------------------------------------------ reading

    private ViewContext context() {
        return schema.cluster().viewContext(schema, reader.snapshot())
                .withPending(PendingCounts.of(backend.pending()));
    }

    /** {@code SELECT * FROM view}, in this session's snapshot (and with its pending counts). */
    public List<Map<String, Object>> query(String view) {
        List<List<Map<String, Object>>> out = new ArrayList<>(1);
        run(() -> out.add(ViewRows.of(ViewRows.view(view), context())));
        return out.getFirst();
    }

    /** The row of {@code view} for the object or database called {@code objectName}, or null. */
    public Map<String, Object> row(String view, String objectName) {
        return ViewRows.find(query(view), objectName);
    }

    /** {@code SELECT <expression over pg_stat_get_* functions>} in this session's snapshot. */
    public <T> T select(Function<StatFunctions, T> expression) {
        List<T> out = new ArrayList<>(1);
        run(() -> out.add(expression.apply(context().functions())));
        return out.getFirst();
    }

    /** {@code SELECT pg_stat_get_snapshot_timestamp()}. */
    public Instant snapshotTimestamp() {
        return select(StatFunctions::snapshotTimestamp);
    }

    // ------------------------------------------------------------ end

    /** The client disconnects normally (Terminate). */
    @Override
    public void close() {
        close(SessionEndCause.NORMAL);
    }

    /**
     * The session ends for {@code cause}: an open transaction aborts, then the final report
     * (DISCONNECT and every pending count) is sent. Idempotent.
     */
    public void close(SessionEndCause cause) {
        if (!block.close()) {
            return;
        }
        backend.session().setEndCause(cause);
        backend.close();
        if (clientBackend) {
            schema.cluster().backendExited(schema.oid());
        }
    }

    @Override
    public String toString() {
        return "session " + name + " on " + schema + " (" + block.state() + ")";
    }
}
