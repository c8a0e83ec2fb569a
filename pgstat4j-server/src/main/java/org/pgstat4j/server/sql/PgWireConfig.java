package org.pgstat4j.server.sql;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the SQL endpoint listens, whom it lets in, and what one client may cost it.
 *
 * <p>Who gets in, as in a packaged PostgreSQL: over the Unix-domain socket the server's own
 * OS user, identified by the kernel ({@code SO_PEERCRED}), logs in without a password under
 * its own user name ("peer"); everyone else must prove {@link #password()} with
 * SCRAM-SHA-256. Without a password only peer logins work, unless {@link #trust()} lets
 * every client in unchecked (which the server logs as a WARNING).
 *
 * @param host                  address of the TCP listener; a loopback address unless a password is set
 * @param port                  TCP port; 0 = any free port (see {@link PgWireServer#port()})
 * @param unixSocketDirectory   directory for the Unix-domain socket {@code .s.PGSQL.<port>}, or null for none
 * @param maxConnections        concurrent sessions; one more is refused with FATAL 53300. Connections
 *                              still starting up count too, up to twice this number (as PostgreSQL
 *                              caps its child processes), beyond which they are refused at once
 * @param password              the password SCRAM-SHA-256 logins must prove, or null for none
 * @param trust                 let every client in without authentication (only when asked for)
 * @param superusers            user names that are superusers (may call the reset functions)
 * @param maxMessageBytes       largest message a client may send; longer ones end the connection
 * @param authenticationTimeout PostgreSQL's {@code authentication_timeout}: a connection that has not
 *                              logged in by then is closed
 * @param statementTimeout      the longest any statement may run ({@code statement_timeout} can only
 *                              lower it); {@link Duration#ZERO} = no bound
 * @param statementMemoryBytes  the most heap one statement may allocate before it is cancelled with
 *                              53200 out of memory; 0 = no bound
 * @param engineThreads         how many statements may be inside the engine at once; the others wait
 */
public record PgWireConfig(String host, int port, Path unixSocketDirectory, int maxConnections, String password,
                           boolean trust, Set<String> superusers, int maxMessageBytes,
                           Duration authenticationTimeout, Duration statementTimeout, long statementMemoryBytes,
                           int engineThreads) {
    public static final int DEFAULT_PORT = 5432;
    public static final int DEFAULT_MAX_CONNECTIONS = 100;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
    /** PostgreSQL's default {@code authentication_timeout}. */
    public static final Duration DEFAULT_AUTHENTICATION_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(60);

    public PgWireConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(authenticationTimeout, "authenticationTimeout");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, not " + port);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        if (password != null && password.isEmpty()) {
            throw new IllegalArgumentException("the password must not be empty; use null for none");
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, not " + maxMessageBytes);
        }
        if (authenticationTimeout.isNegative() || authenticationTimeout.isZero()) {
            throw new IllegalArgumentException("authenticationTimeout must be positive, not " + authenticationTimeout);
        }
        if (statementTimeout.isNegative()) {
            throw new IllegalArgumentException("statementTimeout must not be negative, not " + statementTimeout);
        }
        if (statementMemoryBytes < 0) {
            throw new IllegalArgumentException("statementMemoryBytes must not be negative, not " + statementMemoryBytes);
        }
        if (engineThreads < 1) {
            throw new IllegalArgumentException("engineThreads must be at least 1, not " + engineThreads);
        }
        superusers = Set.copyOf(Objects.requireNonNull(superusers, "superusers"));
        if ((password == null || trust) && !isLoopback(host)) {
            throw new IllegalArgumentException("listening on " + host
                    + " is allowed only with a password and without trust");
        }
    }

    /**
     * 127.0.0.1, the default port, no Unix socket, 100 connections, no password (peer logins
     * only), the server's OS user the only superuser, 60 s to log in, 60 s per statement, a
     * quarter of the heap per statement, twice as many statements in the engine as there are
     * processors (at least 4: a few long statements leave room for the others).
     */
    public static PgWireConfig defaults() {
        return new PgWireConfig("127.0.0.1", DEFAULT_PORT, null, DEFAULT_MAX_CONNECTIONS, null, false,
                Set.of(osUser()), DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_AUTHENTICATION_TIMEOUT,
                DEFAULT_STATEMENT_TIMEOUT, Runtime.getRuntime().maxMemory() / 4,
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    /** The user this server runs as: the one peer authentication admits. */
    static String osUser() {
        return System.getProperty("user.name");
    }

    public PgWireConfig withHost(String h) {
        return new PgWireConfig(h, port, unixSocketDirectory, maxConnections, password, trust, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, statementMemoryBytes, engineThreads);
    }

    public PgWireConfig withPort(int p) {
        return new PgWireConfig(host, p, unixSocketDirectory, maxConnections, password, trust, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, statementMemoryBytes, engineThreads);
    }

    public PgWireConfig withUnixSocketDirectory(Path dir) {
        return new PgWireConfig(host, port, dir, maxConnections, password, trust, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, statementMemoryBytes, engineThreads);
    }

    public PgWireConfig withMaxConnections(int n) {
        return new PgWireConfig(host, port, unixSocketDirectory, n, password, trust, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, statementMemoryBytes, engineThreads);
    }

    public PgWireConfig withPassword(String pw) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, pw, trust, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, statementMemoryBytes, engineThreads);
    }

    public PgWireConfig withTrust(boolean t) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, password, t, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, statementMemoryBytes, engineThreads);
    }

    public PgWireConfig withSuperusers(Set<String> users) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, password, trust, users,
                maxMessageBytes, authenticationTimeout, statementTimeout, statementMemoryBytes, engineThreads);
    }

    public PgWireConfig withMaxMessageBytes(int n) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, password, trust, superusers,
                n, authenticationTimeout, statementTimeout, statementMemoryBytes, engineThreads);
    }

    public PgWireConfig withAuthenticationTimeout(Duration d) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, password, trust, superusers,
                maxMessageBytes, d, statementTimeout, statementMemoryBytes, engineThreads);
    }

    public PgWireConfig withStatementTimeout(Duration d) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, password, trust, superusers,
                maxMessageBytes, authenticationTimeout, d, statementMemoryBytes, engineThreads);
    }

    public PgWireConfig withStatementMemoryBytes(long n) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, password, trust, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, n, engineThreads);
    }

    public PgWireConfig withEngineThreads(int n) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, password, trust, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, statementMemoryBytes, n);
    }

    /** Whether {@code user} is a superuser (may call the reset functions). */
    boolean isSuperuser(String user) {
        return superusers.contains(user);
    }

    /** Connections of any state (starting up or in session) the server holds at once. */
    int maxOpenConnections() {
        return maxConnections * 2;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host, e);
        }
    }
}
