package org.pgstat4j.server.sql;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * connection runs on its own virtual thread ({@link PgConnection}); SQL runs in an embedded
 * engine ({@link EngineDatabase}).
 *
 * <p>Invariants: at most {@link PgWireConfig#maxConnections()} sessions at a time (one more
 * gets FATAL 53300); a CancelRequest reaches only the session whose process ID and secret key
 * it names; {@link #close()} stops accepting, ends every session and removes the socket file.
 */
public final class PgWireServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.server.sql");

    private final StatsService service;
    private final PgWireConfig config;
    private final EngineDatabase db;
    private final ScramSha256.Verifier verifier;
    private final SecureRandom random = new SecureRandom();
    private final OffsetDateTime startTime = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    private final ServerSocketChannel tcp;
    private final ServerSocketChannel unix;
    private final Path unixSocket;
    private final int port;
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger nextPid = new AtomicInteger(10_000);
    private final ConcurrentHashMap<Integer, PgConnection> connections = new ConcurrentHashMap<>();
    private final java.util.Set<PgConnection> open = ConcurrentHashMap.newKeySet();
    private final List<Thread> acceptors = new ArrayList<>();
    private volatile boolean closed;

    private PgWireServer(StatsService service, PgWireConfig config, EngineDatabase db, ServerSocketChannel tcp,
                         ServerSocketChannel unix, Path unixSocket, int port) {
        this.service = service;
        this.config = config;
        this.db = db;
        this.tcp = tcp;
        this.unix = unix;
        this.unixSocket = unixSocket;
        this.port = port;
        this.verifier = config.password() == null ? null : ScramSha256.Verifier.of(config.password(), random);
    }

    /** Binds the listeners and starts accepting connections. */
    public static PgWireServer start(StatsService service, PgWireConfig config) throws IOException {
        EngineDatabase db;
        try {
            db = EngineDatabase.create();
        } catch (SQLException e) {
            throw new IOException("could not create the SQL engine's database: " + e.getMessage(), e);
        }
        ServerSocketChannel tcp = null;
        ServerSocketChannel unix = null;
        try {
            tcp = ServerSocketChannel.open();
            tcp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            tcp.bind(new InetSocketAddress(config.host(), config.port()), 128);
            int port = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
            Path socketFile = null;
            if (config.unixSocketDirectory() != null) {
                socketFile = config.unixSocketDirectory().resolve(".s.PGSQL." + port);
                removeStaleSocket(socketFile);
                unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                unix.bind(UnixDomainSocketAddress.of(socketFile), 128);
            }
            PgWireServer s = new PgWireServer(service, config, db, tcp, unix, socketFile, port);
            s.accept(tcp, true);
            if (unix != null) {
                s.accept(unix, false);
            }
            LOG.log(System.Logger.Level.INFO, "SQL endpoint listening on {0}:{1}{2}", config.host(),
                    Integer.toString(port), socketFile == null ? "" : " and " + socketFile);
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
        Thread t = Thread.ofPlatform().daemon(true).name("pgstat4j-sql-accept-" + (isTcp ? "tcp" : "unix"))
                .start(() -> {
                    while (!closed) {
                        try {
                            SocketChannel ch = listener.accept();
                            if (isTcp) {
                                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            }
                            Thread.ofVirtual().name("pgstat4j-sql-session").start(new PgConnection(this, ch));
                        } catch (ClosedChannelException e) {
                            return;
                        } catch (IOException e) {
                            if (!closed) {
                                LOG.log(System.Logger.Level.WARNING, "could not accept a SQL connection: " + e.getMessage());
                            }
                        }
                    }
                });
        acceptors.add(t);
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

    EngineDatabase engine() {
        return db;
    }

    ScramSha256.Verifier verifier() {
        return verifier;
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
        open.remove(c);
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

    private static void closeQuietly(java.nio.channels.Channel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a listener fails only if it is already closed
            }
        }
    }
}
