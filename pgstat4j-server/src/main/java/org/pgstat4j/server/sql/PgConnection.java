package org.pgstat4j.server.sql;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * One client connection, on its own platform thread: the start-up
 * ({@link StartupHandshake}), then PostgreSQL's message loop — simple queries here, the
 * extended protocol in {@link ExtendedQuery} — until Terminate, the end of the stream, a
 * FATAL error, or the server's close.
 *
 * <p>A connection that has not logged in within the authentication timeout is closed. The
 * client's bytes are read ahead ({@link ClientInput}), so a client that goes away while a
 * statement runs cancels that statement at once; the statement's running window ends
 * whenever the connection waits for its client ({@link SqlSession#idle()}).
 *
 * <p>Output is buffered and flushed at ReadyForQuery, Flush, and before waiting for the
 * client during authentication. After an error in the extended protocol, messages are
 * skipped until Sync, as PostgreSQL does. The thread holds its {@link SqlSession} bound as
 * {@link SqlSession#CURRENT} while it serves the client.
 */
final class PgConnection implements Runnable {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.server.sql");

    private final PgWireServer server;
    private final SocketChannel channel;
    private final FrontendReader in;
    private final BackendWriter out;
    private final PgWireServer.Peer peer;
    private volatile SqlSession session;
    private volatile int cancelKey;
    private volatile boolean loggedIn;
    private int pid;

    /** {@code peer}: who the kernel says is at the other end of a Unix socket; null over TCP. */
    PgConnection(PgWireServer server, SocketChannel channel, PgWireServer.Peer peer) {
        this.server = server;
        this.channel = channel;
        this.peer = peer;
        this.in = new FrontendReader(new ClientInput(Channels.newInputStream(channel), this::clientGone),
                server.config().maxMessageBytes());
        this.out = new BackendWriter(new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024));
    }

    @Override
    public void run() {
        server.opened(this);
        boolean slot = false;
        java.util.concurrent.ScheduledFuture<?> deadline = server.authenticationDeadline(this);
        try {
            StartupHandshake.Login login = StartupHandshake.readStartup(in, out, server);
            if (login == null) {
                return;
            }
            slot = server.acquireSession();
            if (!slot) {
                throw PgError.fatal(PgError.TOO_MANY_CONNECTIONS, "sorry, too many clients already");
            }
            StartupHandshake.Proof proof = StartupHandshake.authenticate(in, out, server, login.user(), peer);
            if (proof == null) {
                return;
            }
            // As in PostgreSQL, the database is looked up only for an authenticated client.
            org.pgstat4j.server.service.StatsService database = StartupHandshake.database(server.service(), login.database());
            PgWireConfig cfg = server.config();
            // A superuser's rights only for a login that proved the superuser's very name.
            boolean superuser = cfg.isSuperuser(login.user()) && proof.mayActAsUser();
            // As PostgreSQL does, the start-up parameters apply once the client has authenticated.
            SessionSettings settings = new SessionSettings(login.user(), superuser, cfg.maxConnections(), server.port());
            for (Map.Entry<String, String> o : login.options().entrySet()) {
                try {
                    settings.set(o.getKey(), o.getValue(), false, false);
                } catch (PgError e) {
                    throw new PgError(true, e.sqlState(), e.getMessage(), e.detail(), e.hint());
                }
            }
            loggedIn = true;
            deadline.cancel(false);
            pid = server.register(this);
            cancelKey = server.random().nextInt();
            session = new SqlSession(database, server.engine(), settings,
                    new SqlSession.Identity(login.user(), superuser, pid, server.startTime()),
                    server.limits(), cfg.statementTimeout(), cfg.engineMemoryBytes());
            reportParameters();
            out.backendKeyData(pid, cancelKey);
            out.readyForQuery(session.transactionStatus());
            out.flush();
            PgError fatal = ScopedValue.where(SqlSession.CURRENT, session).call(this::serve);
            if (fatal != null) {
                throw fatal;
            }
        } catch (PgError e) {
            if (slot) {
                // free before the client hears the refusal: one that retries at once finds its slot
                server.releaseSession();
                slot = false;
            }
            sendFatal(e);
        } catch (IOException e) {
            // the client went away; nothing to report to it
        } catch (SQLException e) {
            sendFatal(PgError.fatal(PgError.INTERNAL_ERROR, "could not open a SQL session: " + e.getMessage()));
        } catch (RuntimeException e) {
            if (!server.isClosed()) {
                LOG.log(System.Logger.Level.ERROR, "SQL session failed", e);
                sendFatal(PgError.fatal(PgError.INTERNAL_ERROR, "internal error: " + e));
            }
        } finally {
            deadline.cancel(false);
            if (pid != 0) {
                server.unregister(pid);
            }
            if (session != null) {
                session.close();
            }
            if (slot) {
                server.releaseSession();
            }
            terminate();
            server.ended(this);
        }
    }

    private void sendFatal(PgError e) {
        try {
            out.error(e.fatal() ? e : new PgError(true, e.sqlState(), e.getMessage(), e.detail(), e.hint()));
            out.flush();
        } catch (IOException ignored) {
            // the client is gone; the error cannot reach it
        }
    }

    /** The message loop; returns the FATAL error that ended it, or null. */
    private PgError serve() throws IOException {
        try {
            loop();
            return null;
        } catch (PgError e) {
            return e;
        }
    }

    private void loop() throws IOException, PgError {
        ExtendedQuery extended = new ExtendedQuery(session, out);
        boolean skipUntilSync = false;
        while (!server.isClosed()) {
            session.idle();
            FrontendReader.Message m = in.read();
            if (m == null || m.type() == 'X') {
                extended.closeAll();
                return;
            }
            if (skipUntilSync && m.type() != 'S') {
                continue;
            }
            switch (m.type()) {
                case 'Q' -> {
                    String sql = m.body().cstring();
                    PgError fatal = simpleQuery(sql, extended);
                    if (fatal != null) {
                        throw fatal;
                    }
                    readyForQuery();
                }
                case 'P', 'B', 'D', 'E', 'C' -> {
                    try {
                        extended.handle(m);
                    } catch (PgError e) {
                        if (e.fatal()) {
                            throw e;
                        }
                        errorResponse(e);
                        skipUntilSync = true;
                    }
                }
                case 'H' -> out.flush();
                case 'S' -> {
                    skipUntilSync = false;
                    extended.sync();
                    readyForQuery();
                }
                case 'F' -> {
                    errorResponse(PgError.error(PgError.FEATURE_NOT_SUPPORTED, "the function call protocol is not supported"));
                    readyForQuery();
                }
                default -> throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "invalid frontend message type " + (int) m.type());
            }
        }
    }

    /** A Query message: each statement in turn, stopping at the first error; returns a FATAL one. */
    private PgError simpleQuery(String sql, ExtendedQuery extended) {
        try {
            List<SqlText.Statement> statements;
            try {
                statements = SqlText.split(sql);
            } catch (SqlLexer.LexException e) {
                throw PgError.error(PgError.SYNTAX_ERROR, e.getMessage());
            }
            for (SqlText.Statement st : statements) {
                try (PreparedQuery q = session.prepare(st, new int[0])) {
                    if (q.paramTypes().length > 0) {
                        throw PgError.error("42P02", "there is no parameter $1");
                    }
                    Outcome o = session.execute(q, new Object[0]);
                    sendNotices();
                    switch (o) {
                        case Outcome.Empty e -> out.emptyQueryResponse();
                        case Outcome.Done d -> {
                            extended.afterCommand(q.command());
                            out.commandComplete(d.tag());
                        }
                        case Outcome.Rows r -> {
                            try (RowCursor c = r.cursor()) {
                                int[] text = new int[c.columns().size()];
                                out.rowDescription(c.columns(), text);
                                for (Object[] row = c.next(); row != null; row = c.next()) {
                                    out.dataRow(c.columns(), row, text, session.settings().timeZone());
                                }
                                out.commandComplete(c.tag());
                            }
                        }
                    }
                }
            }
            session.endImplicitTransaction();
        } catch (PgError e) {
            if (e.fatal()) {
                return e;
            }
            sendNotices();
            errorResponse(e);
        }
        return null;
    }

    private void errorResponse(PgError e) {
        out.error(e);
        session.statementFailed();
    }

    private void sendNotices() {
        for (PgError n : session.drainNotices()) {
            out.error(n);
        }
    }

    private void readyForQuery() throws IOException {
        sendNotices();
        reportParameters();
        out.readyForQuery(session.transactionStatus());
        out.flush();
    }

    private void reportParameters() {
        for (Map.Entry<String, String> p : session.settings().unreported().entrySet()) {
            out.parameterStatus(p.getKey(), p.getValue());
        }
    }

    /** A CancelRequest with this connection's process ID. */
    void cancel(int key) {
        SqlSession s = session;
        if (s != null && key == cancelKey) {
            s.cancel(StatementControl.CancelReason.USER);
        }
    }

    /** The client closed its end (or the connection broke): a running statement is pointless now. */
    private void clientGone() {
        SqlSession s = session;
        if (s != null) {
            s.cancel(StatementControl.CancelReason.CLIENT_GONE);
        }
    }

    /** The authentication timeout has passed: a connection that has not logged in is closed. */
    void authenticationTimedOut() {
        if (!loggedIn) {
            LOG.log(System.Logger.Level.DEBUG, "closing a SQL connection: canceling authentication due to timeout");
            terminate();
        }
    }

    /** Ends the connection from outside (server close): a running statement is cancelled too. */
    void terminate() {
        SqlSession s = session;
        if (s != null) {
            s.cancel(StatementControl.CancelReason.USER);
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
