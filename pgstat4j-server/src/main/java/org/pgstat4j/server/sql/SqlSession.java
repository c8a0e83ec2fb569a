package org.pgstat4j.server.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.message.DbException;
import org.pgstat4j.backend.Backend;
import org.pgstat4j.backend.BackendType;
import org.pgstat4j.backend.ResetFunctions;
import org.pgstat4j.backend.SqlStateException;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.server.service.StatsService;
import org.pgstat4j.server.sql.ResultShape.ResultColumn;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.view.StatFunctions;
import org.pgstat4j.view.ViewContext;

/**
 * One client session's SQL state: its engine connection, its statistics snapshot, its
 * settings and its transaction. The functions and views the engine calls find the session
 * through {@link #current()}, bound by the connection's thread for as long as it serves the
 * client.
 *
 * <p>The snapshot rule (spec §7.3): the first statistics read of a transaction loads a
 * snapshot, which stays until the transaction ends — at {@code COMMIT}/{@code ROLLBACK} of a
 * block, or at the end of the implicit transaction of statements outside a block (the end
 * of a simple-query message or a {@code Sync}) — or until {@code pg_stat_clear_snapshot()}.
 *
 * <p>Limits (see {@link StatementLimits}): a statement runs under the session's
 * {@code statement_timeout}, never longer than the server's bound, and its engine work holds
 * an engine permit; when it is cancelled — by a CancelRequest, its timeout, its memory budget
 * or the client going away — the engine's cancel stops it and the error names the reason.
 *
 * <p>Confined to its connection's thread, except {@link #cancel(StatementControl.CancelReason)}.
 */
final class SqlSession implements AutoCloseable {
    static final ScopedValue<SqlSession> CURRENT = ScopedValue.newInstance();

    /** Where the session's transaction is; the letter is the ReadyForQuery status. */
    enum TxState {
        IDLE('I'), BLOCK('T'), FAILED('E');

        final char status;

        TxState(char status) {
            this.status = status;
        }
    }

    /** Who the session is. */
    record Identity(String user, boolean superuser, int backendPid, OffsetDateTime serverStart) { }

    private final StatsService service;
    private final EngineDatabase db;
    private final Connection connection;
    private final SessionLocal engineSession;
    private final SnapshotReader reader;
    private final SessionSettings settings;
    private final Identity identity;
    private final List<PgError> notices = new ArrayList<>();
    private ViewContext context;
    private StatFunctions functions;
    private TxState tx = TxState.IDLE;
    private OffsetDateTime transactionStart;
    private Backend resetBackend;
    private final StatementControl control;
    private String currentQuery;
    private final OffsetDateTime sessionStart = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);

    SqlSession(StatsService service, EngineDatabase db, SessionSettings settings, Identity identity,
               StatementLimits limits, java.time.Duration maxTimeout, long memoryBudget) throws SQLException {
        this.service = service;
        this.db = db;
        this.settings = settings;
        this.identity = identity;
        this.connection = db.openSession();
        this.engineSession = (SessionLocal) ((JdbcConnection) connection).getSession();
        this.control = new StatementControl(db, engineSession, limits, settings, maxTimeout, memoryBudget);
        this.reader = service.newReader();
    }

    /** The session of the calling thread. */
    static SqlSession current() {
        if (!CURRENT.isBound()) {
            throw new SqlStateException(PgError.INTERNAL_ERROR, "statistics functions are only available in a SQL session", null);
        }
        return CURRENT.get();
    }

    // ---------------------------------------------------------------- what functions read

    ViewContext viewContext() {
        if (context == null) {
            context = service.viewContext(reader.snapshot());
            functions = context.functions();
        }
        return context;
    }

    /**
     * The catalog the session's views read: the one of the transaction's view context once its
     * snapshot is loaded, the service's current one before (which is where it will come from).
     */
    Catalog viewCatalog() {
        return context != null ? context.catalog() : service.catalog();
    }

    StatFunctions functions() {
        viewContext();
        return functions;
    }

    /** {@code pg_stat_clear_snapshot()} and every transaction end. */
    void clearSnapshot() {
        reader.clear();
        context = null;
        functions = null;
    }

    Catalog catalog() {
        return service.catalog();
    }

    String databaseName() {
        return service.databaseName();
    }

    String userName() {
        return identity.user();
    }

    boolean isSuperuser() {
        return identity.superuser();
    }

    int databaseId() {
        return service.databaseId();
    }

    /** The text of the statement running now ({@code pg_stat_activity.query}). */
    String currentQuery() {
        return currentQuery;
    }

    /** When the session started ({@code backend_start}). */
    OffsetDateTime sessionStart() {
        return sessionStart;
    }

    int backendPid() {
        return identity.backendPid();
    }

    OffsetDateTime serverStart() {
        return identity.serverStart();
    }

    SessionSettings settings() {
        return settings;
    }

    OffsetDateTime transactionStart() {
        if (transactionStart == null) {
            transactionStart = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        }
        return transactionStart;
    }

    /** {@code set_config(name, value, is_local)}. */
    String setConfig(String name, String value, boolean isLocal) {
        try {
            return settings.set(name, value, isLocal, tx != TxState.IDLE);
        } catch (PgError e) {
            throw new SqlStateException(e.sqlState(), e.getMessage(), e.hint());
        }
    }

    /**
     * The reset functions, after PostgreSQL's permission check (EXECUTE is granted to
     * superusers only) and the mirror's: a passive mirror cannot send reset messages.
     */
    ResetFunctions resetFunctions(String function) {
        if (!identity.superuser()) {
            throw new SqlStateException(PgError.INSUFFICIENT_PRIVILEGE,
                    "permission denied for function " + function.substring(0, function.indexOf('(')), null);
        }
        if (!service.writable()) {
            throw new SqlStateException(PgError.READ_ONLY_TRANSACTION,
                    "cannot execute " + function + " in a read-only mirror", null);
        }
        if (resetBackend == null) {
            // A backend that only sends what it is told to: no session reports, never closed.
            resetBackend = Backend.builder(service.sender()).databaseId(service.databaseId())
                    .type(BackendType.BACKGROUND_WORKER).build();
        }
        return resetBackend.resets();
    }

    /** Whether a replication slot exists and what it is; only logical slots are known here. */
    ResetFunctions.SlotKind slotKind(String name) {
        return viewContext().logicalSlots().get().contains(name) ? ResetFunctions.SlotKind.LOGICAL : null;
    }

    // ---------------------------------------------------------------- statements

    /** Prepares one statement; {@code declared} are the parameter types the client gave (0 = open). */
    PreparedQuery prepare(SqlText.Statement st, int[] declared) throws PgError {
        followTimeZone();
        SessionCommand command = SessionCommand.of(st.tokens());
        int params = Math.max(st.maxParameter(), declared.length);
        WireType[] types = new WireType[params];
        for (int i = 0; i < params; i++) {
            types[i] = i < declared.length ? WireType.byOid(declared[i]) : WireType.UNKNOWN;
        }
        if (st.isEmpty()) {
            return PreparedQuery.empty(st.text());
        }
        if (command != null) {
            return PreparedQuery.command(st.text(), command, commandColumns(command), types);
        }
        TokenChecks.check(st);
        String sql = SqlText.forEngine(st, types);
        List<ResultColumn> columns;
        try {
            TimestamptzLiterals.Engine engine = TimestamptzLiterals.prepare(engineSession, st, types);
            sql = engine.sql();
            org.h2.command.Prepared p = engine.prepared();
            if (!p.isQuery()) {
                throw PgError.error(PgError.READ_ONLY_TRANSACTION,
                        "cannot execute " + CommandNames.commandName(st.tokens()) + " in a read-only transaction");
            }
            NumericGuard.check(p);
            TextFormGuard.check(p);
            CatalogGuard.check(p);
            for (int i : ArrayLiteral.arrayParameters(p)) {
                if (i < types.length && types[i] == WireType.UNKNOWN) {
                    types[i] = WireType.TEXT_ARRAY; // PostgreSQL types $1 of x = ANY($1) as an array
                }
            }
            UndeterminedParameters.check(p, st.tokens(), types);
            NumericGuard.checkParameters(p, types);
            columns = ResultShape.withDeclaredParameters(ResultShape.of(p, engineSession, db, sql), p, types);
        } catch (DbException e) {
            SQLException x = e.getSQLException();
            throw EngineErrors.translate(x).at(ErrorPosition.of(x, st, sql));
        }
        try {
            PreparedStatement ps = connection.prepareStatement(sql);
            return PreparedQuery.engine(st.text(), sql, ps, columns, types, CommandNames.tagWord(st.tokens()));
        } catch (SQLException e) {
            throw EngineErrors.translate(e);
        }
    }

    private List<ResultColumn> commandColumns(SessionCommand c) throws PgError {
        if (c instanceof SessionCommand.Show s) {
            return s.name() == null
                    ? List.of(new ResultColumn("name", WireType.TEXT), new ResultColumn("setting", WireType.TEXT),
                            new ResultColumn("description", WireType.TEXT))
                    : List.of(new ResultColumn(settings.showColumn(s.name()), WireType.TEXT));
        }
        return null;
    }

    /** Runs a prepared statement with its parameter values (engine values, already decoded). */
    Outcome execute(PreparedQuery q, Object[] params) throws PgError {
        if (tx == TxState.FAILED && !endsFailedBlock(q.command())) {
            throw PgError.error(PgError.IN_FAILED_TRANSACTION,
                    "current transaction is aborted, commands ignored until end of transaction block");
        }
        if (q.isEmpty()) {
            return new Outcome.Empty();
        }
        transactionStart();
        currentQuery = q.text();
        if (q.command() != null) {
            return SessionCommands.run(this, q.command());
        }
        PreparedStatement ps = null;
        followTimeZone();
        try {
            ps = q.borrow(connection);
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            control.startStatement();
            PreparedStatement lent = ps;
            java.sql.ResultSet rs;
            control.enter();
            try {
                rs = ps.executeQuery();
            } finally {
                control.leave();
            }
            return new Outcome.Rows(RowCursor.of(q.columns(), q.tagWord(), rs, control, () -> q.giveBack(lent)));
        } catch (SQLException | PgError e) {
            if (ps != null) {
                q.giveBack(ps);
            }
            throw e instanceof SQLException se ? control.translate(se) : (PgError) e;
        }
    }

    /**
     * The engine reads text without a zone as a time stamp of the session's {@code TimeZone},
     * and converts {@code timestamptz} to dates and local times there, as PostgreSQL does.
     */
    private void followTimeZone() {
        String zone = settings.timeZone().getId();
        if (!engineSession.currentTimeZone().getId().equals(zone)) {
            engineSession.setTimeZone(org.h2.util.TimeZoneProvider.ofId(zone));
        }
    }

    private static boolean endsFailedBlock(SessionCommand c) {
        return c instanceof SessionCommand.Commit || c instanceof SessionCommand.Rollback
                || (c instanceof SessionCommand.Savepoint s && s.tag().equals("ROLLBACK"));
    }

    // ---------------------------------------------------------------- transactions

    TxState tx() {
        return tx;
    }

    void tx(TxState state) {
        tx = state;
    }

    void addNotice(PgError notice) {
        notices.add(notice);
    }

    /** Notices raised since the last call. */
    List<PgError> drainNotices() {
        List<PgError> out = List.copyOf(notices);
        notices.clear();
        return out;
    }

    /** A statement failed: a block becomes failed; outside a block the implicit transaction ends. */
    void statementFailed() {
        if (tx == TxState.BLOCK) {
            tx = TxState.FAILED;
        } else if (tx == TxState.IDLE) {
            endImplicitTransaction();
        }
    }

    /** End of a simple-query message or Sync: outside a block, the transaction (and its snapshot) ends. */
    void endImplicitTransaction() {
        if (tx == TxState.IDLE) {
            endTransaction();
        }
    }

    void endTransaction() {
        clearSnapshot();
        transactionStart = null;
    }

    char transactionStatus() {
        return tx.status;
    }

    // ---------------------------------------------------------------- limits and cancel

    /** The connection waits for its client: no statement of this session is running now. */
    void idle() {
        control.idle();
    }

    /** Cancels the statement running now, if any; safe from any thread (see {@link StatementControl}). */
    void cancel(StatementControl.CancelReason reason) {
        control.cancel(reason);
    }

    @Override
    public void close() {
        idle();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // an in-memory engine connection has nothing left to lose
        }
    }
}
