package org.pgstat4j.server.sql;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.pgstat4j.server.service.StatsService;

/**
 * The SQL endpoint: PostgreSQL's wire protocol 3.0 on a loopback TCP port and, optionally, a
 * Unix-domain socket {@code .s.PGSQL.<port>} in a directory (so {@code psql -h DIR -p PORT}
 * works), serving the statistics views and functions of one {@link StatsService}. Each
 * connection runs on its own platform thread ({@link PgConnection}), so that a statement busy
 * in the engine is scheduled by the OS and cannot hold up the virtual threads of other
 * endpoints; SQL runs in an embedded engine ({@link EngineDatabase}) under
 * {@link StatementLimits}.
 *
 * <p>Invariants: at most {@link PgWireConfig#maxOpenConnections()} connections in any state
 * (more are refused at once with FATAL 53300, without a thread) and at most
 * {@link PgWireConfig#maxConnections()} sessions (one more gets FATAL 53300); a connection
 * that has not logged in within {@link PgWireConfig#authenticationTimeout()} is closed; a
 * CancelRequest reaches only the session whose process ID and secret key it names; a failing
 * accept is logged at most every 10 s and backs off ({@link AcceptLoop}); the
 * engine database sessions use is open or replaced by a new one built the same way
 * ({@link #engine()}); {@link #close()} stops accepting, ends every session and removes the
 * socket file.
 */
public final class PgWireServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.server.sql");

    private final StatsService service;
    private final PgWireConfig config;
    private volatile EngineDatabase db;
    private final Object rebuild = new Object();
    private final RoleVerifiers verifiers;
    private final SecureRandom random = new SecureRandom();
    private final OffsetDateTime startTime = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    private final ServerSocketChannel tcp;
    private final ServerSocketChannel unix;
    private final Path unixSocket;
    private final UserPrincipal owner;
    private final int port;
    private final StatementLimits limits;
    private final ScheduledThreadPoolExecutor timers;
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final AtomicInteger nextPid = new AtomicInteger(10_000);
    private final ConcurrentHashMap<Integer, PgConnection> connections = new ConcurrentHashMap<>();
    private final java.util.Set<PgConnection> open = ConcurrentHashMap.newKeySet();
    private final List<Thread> acceptors = new ArrayList<>();
    private volatile boolean closed;

    private PgWireServer(StatsService service, PgWireConfig config, EngineDatabase db, ServerSocketChannel tcp,
                         ServerSocketChannel unix, Path unixSocket, UserPrincipal owner, int port) {
        this.service = service;
        this.config = config;
        this.db = db;
        this.tcp = tcp;
        this.unix = unix;
        this.unixSocket = unixSocket;
        this.owner = owner;
        this.port = port;
        this.verifiers = new RoleVerifiers(config.passwords(), random);
        this.limits = new StatementLimits(config.engineThreads(), config.engineMemoryBytes());
        this.timers = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon(true)
                .name("pgstat4j-sql-timers").unstarted(r));
        timers.setRemoveOnCancelPolicy(true);
    }

    /** Binds the listeners and starts accepting connections. */
    public static PgWireServer start(StatsService service, PgWireConfig config) throws IOException {
        EngineDatabase db = newEngine();
        ServerSocketChannel tcp = null;
        ServerSocketChannel unix = null;
        try {
            tcp = ServerSocketChannel.open();
            tcp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            tcp.bind(new InetSocketAddress(config.host(), config.port()), 128);
            int port = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
            Path socketFile = null;
            UserPrincipal owner = null;
            if (config.unixSocketDirectory() != null) {
                socketFile = config.unixSocketDirectory().resolve(".s.PGSQL." + port);
                removeStaleSocket(socketFile);
                unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                unix.bind(UnixDomainSocketAddress.of(socketFile), 128);
                // Everyone may connect, as to PostgreSQL's socket; authentication decides who gets in.
                Files.setPosixFilePermissions(socketFile, PosixFilePermissions.fromString("rw-rw-rw-"));
                // The kernel made the file ours: its owner is the user peer authentication admits.
                owner = Files.getOwner(socketFile);
            }
            PgWireServer s = new PgWireServer(service, config, db, tcp, unix, socketFile, owner, port);
            s.accept(tcp, true);
            if (unix != null) {
                s.accept(unix, false);
            }
            LOG.log(System.Logger.Level.INFO, "SQL endpoint listening on {0}:{1}{2}", config.host(),
                    Integer.toString(port), socketFile == null ? "" : " and " + socketFile);
            logAuthentication(config, socketFile != null);
            return s;
        } catch (IOException | RuntimeException e) {
            closeQuietly(tcp);
            closeQuietly(unix);
            try {
                db.close();
            } catch (SQLException ignored) {
                // the engine database was never used
            }
            throw e;
        }
    }

    /** Warnings about who can log in: trust, nobody, or superusers no login can become. */
    private static void logAuthentication(PgWireConfig config, boolean socket) {
        if (config.trust()) {
            LOG.log(System.Logger.Level.WARNING, "SQL endpoint: trust authentication: every local client is let in"
                    + " under any user name without a password, so every superuser is reachable: "
                    + String.join(", ", new java.util.TreeSet<>(config.superusers())));
            return;
        }
        if (config.passwords().isEmpty() && !socket) {
            LOG.log(System.Logger.Level.WARNING, "SQL endpoint: no password and no Unix socket: no client can log"
                    + " in (give a password file, or a socket directory for the server's own OS user)");
        }
        for (String su : new java.util.TreeSet<>(config.superusers())) {
            // the server's OS user proves its name by peer (over the socket, when there is one)
            if (!su.equals(PgWireConfig.osUser()) && !config.passwords().containsKey(su)) {
                LOG.log(System.Logger.Level.WARNING, "SQL endpoint: superuser \"" + su + "\" has no password of its"
                        + " own: no login under that name gets superuser rights (give it a line \"" + su
                        + ":PASSWORD\" in the password file)");
            }
        }
    }

    private static EngineDatabase newEngine() throws IOException {
        try {
            return EngineDatabase.create();
        } catch (SQLException e) {
            throw new IOException("could not create the SQL engine's database: " + e.getMessage(), e);
        }
    }

    /** A socket file left by a server that is gone is removed; one in use is an error. */
    private static void removeStaleSocket(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(file))) {
            throw new IOException("another server is already listening on " + file);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("another server")) {
                throw e;
            }
            Files.deleteIfExists(file);
        }
    }

    private void accept(ServerSocketChannel listener, boolean isTcp) {
        acceptors.add(AcceptLoop.start(this, listener, isTcp));
    }

    /** Who is at the other end of a Unix-socket connection, as the kernel recorded it. */
    record Peer(String osUser, boolean isServerUser) { }

    /** The peer of a Unix-socket connection: whether the kernel says it runs as this server's user. */
    Peer peer(SocketChannel ch) throws IOException {
        UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return new Peer(p.user().getName(), owner != null && owner.equals(p.user()));
    }

    /** The TCP port (the one chosen when the configuration said 0). */
    public int port() {
        return port;
    }

    /** The Unix-domain socket file, or null when there is none. */
    public Path unixSocket() {
        return unixSocket;
    }

    /** Sessions connected now. */
    public int activeSessions() {
        return sessions.get();
    }

    // ---------------------------------------------------------------- for connections

    StatsService service() {
        return service;
    }

    PgWireConfig config() {
        return config;
    }

    /**
     * The engine database for a new session. If the engine has closed it (after an
     * out-of-memory error, for one), a new one is built exactly as the first — same objects,
     * same read-only user — and logged; a client never gets a database it could administer.
     */
    EngineDatabase engine() throws SQLException {
        EngineDatabase d = db;
        if (d.isOpen()) {
            return d;
        }
        synchronized (rebuild) {
            if (db.isOpen() || closed) {
                return db;
            }
            LOG.log(System.Logger.Level.WARNING, "the SQL engine closed its database (after an out-of-memory error"
                    + " or another engine failure); building a new one, sessions on the old one are ended");
            EngineDatabase old = db;
            db = EngineDatabase.create();
            try {
                old.close();
            } catch (SQLException ignored) {
                // it is closed already
            }
            return db;
        }
    }

    /** The engine database now (for tests). */
    EngineDatabase currentEngine() {
        return db;
    }

    StatementLimits limits() {
        return limits;
    }

    /** Closes {@code c}'s channel if it has not logged in within the authentication timeout. */
    java.util.concurrent.ScheduledFuture<?> authenticationDeadline(PgConnection c) {
        return timers.schedule(c::authenticationTimedOut, config.authenticationTimeout().toNanos(),
                java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Takes a connection slot (any state); false when {@link PgWireConfig#maxOpenConnections()} are open. */
    boolean openConnection() {
        while (true) {
            int n = connectionCount.get();
            if (n >= config.maxOpenConnections()) {
                return false;
            }
            if (connectionCount.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void closeConnection() {
        connectionCount.decrementAndGet();
    }

    /** Connections open now, logged in or not. */
    int openConnections() {
        return connectionCount.get();
    }

    RoleVerifiers verifiers() {
        return verifiers;
    }

    SecureRandom random() {
        return random;
    }

    OffsetDateTime startTime() {
        return startTime;
    }

    /** Takes a session slot; false when the limit is reached. */
    boolean acquireSession() {
        while (true) {
            int n = sessions.get();
            if (n >= config.maxConnections()) {
                return false;
            }
            if (sessions.compareAndSet(n, n + 1)) {
                service.clientSessionStarted();
                return true;
            }
        }
    }

    void releaseSession() {
        sessions.decrementAndGet();
        service.clientSessionEnded();
    }

    /** A connection started; {@link #close()} ends every open one. */
    void opened(PgConnection c) {
        open.add(c);
        if (closed) {
            c.terminate();
        }
    }

    void ended(PgConnection c) {
        if (open.remove(c)) {
            closeConnection();
        }
    }

    /** Registers a connection for cancel requests; returns its process ID. */
    int register(PgConnection c) {
        int pid = nextPid.incrementAndGet();
        connections.put(pid, c);
        return pid;
    }

    void unregister(int pid) {
        connections.remove(pid);
    }

    /** A CancelRequest: cancels the running statement of that session if the key matches. */
    void cancel(int pid, int key) {
        PgConnection c = connections.get(pid);
        if (c != null) {
            c.cancel(key);
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(tcp);
        closeQuietly(unix);
        for (PgConnection c : open) {
            c.terminate();
        }
        timers.shutdownNow();
        limits.close();
        for (Thread t : acceptors) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (unixSocket != null) {
            try {
                Files.deleteIfExists(unixSocket);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not remove " + unixSocket + ": " + e.getMessage());
            }
        }
        try {
            db.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "could not close the SQL engine's database: " + e.getMessage());
        }
    }

    static void closeQuietly(java.nio.channels.Channel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a listener fails only if it is already closed
            }
        }
    }
}
