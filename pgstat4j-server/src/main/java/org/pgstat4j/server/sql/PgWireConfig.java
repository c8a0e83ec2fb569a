package org.pgstat4j.server.sql;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the SQL endpoint listens, whom it lets in, and what one client may cost it.
 *
 * <p>Who gets in, as in a packaged PostgreSQL: over the Unix-domain socket the server's own
 * OS user, identified by the kernel ({@code SO_PEERCRED}), logs in without a password under
 * its own user name ("peer"); everyone else must prove with SCRAM-SHA-256 the password
 * {@link #passwords()} holds for its user name — or, for a name without one, the password of
 * {@value PasswordFile#ANY_USER}. Without passwords only peer logins work, unless
 * {@link #trust()} lets every client in unchecked (which the server logs as a WARNING).
 *
 * <p>Superuser rights follow proven identity, as each PostgreSQL role proves its own: a
 * session is a superuser only if its user name is one of {@link #superusers()} and it proved
 * that very name — by peer, by the name's own password, or under trust. A login by the
 * {@value PasswordFile#ANY_USER} password never is, whatever name it gave.
 *
 * @param host                  address of the TCP listener; a loopback address unless a password is set
 * @param port                  TCP port; 0 = any free port (see {@link PgWireServer#port()})
 * @param unixSocketDirectory   directory for the Unix-domain socket {@code .s.PGSQL.<port>}, or null for none
 * @param maxConnections        concurrent sessions; one more is refused with FATAL 53300. Connections
 *                              still starting up count too, up to twice this number (as PostgreSQL
 *                              caps its child processes), beyond which they are refused at once
 * @param passwords             user name to the password SCRAM-SHA-256 logins under that name must prove;
 *                              the name {@value PasswordFile#ANY_USER} for every name without its own; empty
 *                              for none (see {@link PasswordFile} for the file that holds them)
 * @param trust                 let every client in without authentication (only when asked for)
 * @param superusers            user names that are superusers (may call the reset functions) when they
 *                              proved that name
 * @param maxMessageBytes       largest message a client may send; longer ones end the connection
 * @param authenticationTimeout PostgreSQL's {@code authentication_timeout}: a connection that has not
 *                              logged in by then is closed
 * @param statementTimeout      the longest any statement may run ({@code statement_timeout} can only
 *                              lower it); {@link Duration#ZERO} = no bound
 * @param engineMemoryBytes     the most heap the statements running at once may allocate together, each
 *                              counted from its start; when they pass it, the one that allocated the
 *                              most is cancelled with 53200 out of memory (one statement alone may use
 *                              all of it); 0 = no bound
 * @param engineThreads         how many statements may be inside the engine at once; the others wait
 */
public record PgWireConfig(String host, int port, Path unixSocketDirectory, int maxConnections,
                           Map<String, String> passwords,
                           boolean trust, Set<String> superusers, int maxMessageBytes,
                           Duration authenticationTimeout, Duration statementTimeout, long engineMemoryBytes,
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
        passwords = orderedCopy(Objects.requireNonNull(passwords, "passwords"));
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, not " + maxMessageBytes);
        }
        if (authenticationTimeout.isNegative() || authenticationTimeout.isZero()) {
            throw new IllegalArgumentException("authenticationTimeout must be positive, not " + authenticationTimeout);
        }
        if (statementTimeout.isNegative()) {
            throw new IllegalArgumentException("statementTimeout must not be negative, not " + statementTimeout);
        }
        if (engineMemoryBytes < 0) {
            throw new IllegalArgumentException("engineMemoryBytes must not be negative, not " + engineMemoryBytes);
        }
        if (engineThreads < 1) {
            throw new IllegalArgumentException("engineThreads must be at least 1, not " + engineThreads);
        }
        superusers = Set.copyOf(Objects.requireNonNull(superusers, "superusers"));
        if ((passwords.isEmpty() || trust) && !isLoopback(host)) {
            throw new IllegalArgumentException("listening on " + host
                    + " is allowed only with a password and without trust");
        }
    }

    /**
     * 127.0.0.1, the default port, no Unix socket, 100 connections, no passwords (peer logins
     * only), the server's OS user the only superuser, 60 s to log in, 60 s per statement, a
     * quarter of the heap for the running statements together, twice as many statements in the engine as there are
     * processors (at least 4: a few long statements leave room for the others).
     */
    public static PgWireConfig defaults() {
        return new PgWireConfig("127.0.0.1", DEFAULT_PORT, null, DEFAULT_MAX_CONNECTIONS, Map.of(), false,
                Set.of(osUser()), DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_AUTHENTICATION_TIMEOUT,
                DEFAULT_STATEMENT_TIMEOUT, Runtime.getRuntime().maxMemory() / 4,
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    /** The user this server runs as: the one peer authentication admits. */
    static String osUser() {
        return System.getProperty("user.name");
    }

    public PgWireConfig withHost(String h) {
        return new PgWireConfig(h, port, unixSocketDirectory, maxConnections, passwords, trust, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, engineMemoryBytes, engineThreads);
    }

    public PgWireConfig withPort(int p) {
        return new PgWireConfig(host, p, unixSocketDirectory, maxConnections, passwords, trust, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, engineMemoryBytes, engineThreads);
    }

    public PgWireConfig withUnixSocketDirectory(Path dir) {
        return new PgWireConfig(host, port, dir, maxConnections, passwords, trust, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, engineMemoryBytes, engineThreads);
    }

    public PgWireConfig withMaxConnections(int n) {
        return new PgWireConfig(host, port, unixSocketDirectory, n, passwords, trust, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, engineMemoryBytes, engineThreads);
    }

    /** These passwords instead of the present ones (user name, or {@value PasswordFile#ANY_USER}, to password). */
    public PgWireConfig withPasswords(Map<String, String> pws) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, pws, trust, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, engineMemoryBytes, engineThreads);
    }

    /**
     * One password for every user name without its own ({@value PasswordFile#ANY_USER}); null
     * removes it. No login by it is a superuser.
     */
    public PgWireConfig withPassword(String pw) {
        return withPassword(PasswordFile.ANY_USER, pw);
    }

    /** The password of role {@code user} (null removes it); the others stay. */
    public PgWireConfig withPassword(String user, String pw) {
        Map<String, String> m = new LinkedHashMap<>(passwords);
        if (pw == null) {
            m.remove(user);
        } else {
            m.put(user, pw);
        }
        return withPasswords(m);
    }

    public PgWireConfig withTrust(boolean t) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, passwords, t, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, engineMemoryBytes, engineThreads);
    }

    public PgWireConfig withSuperusers(Set<String> users) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, passwords, trust, users,
                maxMessageBytes, authenticationTimeout, statementTimeout, engineMemoryBytes, engineThreads);
    }

    public PgWireConfig withMaxMessageBytes(int n) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, passwords, trust, superusers,
                n, authenticationTimeout, statementTimeout, engineMemoryBytes, engineThreads);
    }

    public PgWireConfig withAuthenticationTimeout(Duration d) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, passwords, trust, superusers,
                maxMessageBytes, d, statementTimeout, engineMemoryBytes, engineThreads);
    }

    public PgWireConfig withStatementTimeout(Duration d) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, passwords, trust, superusers,
                maxMessageBytes, authenticationTimeout, d, engineMemoryBytes, engineThreads);
    }

    public PgWireConfig withEngineMemoryBytes(long n) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, passwords, trust, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, n, engineThreads);
    }

    public PgWireConfig withEngineThreads(int n) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, passwords, trust, superusers,
                maxMessageBytes, authenticationTimeout, statementTimeout, engineMemoryBytes, n);
    }

    /** Whether {@code user} is a superuser's name (its session is one only if it proved that name). */
    boolean isSuperuser(String user) {
        return superusers.contains(user);
    }

    private static Map<String, String> orderedCopy(Map<String, String> m) {
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) {
                throw new IllegalArgumentException("a password needs a user name (or " + PasswordFile.ANY_USER + ")");
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw new IllegalArgumentException("the password of \"" + e.getKey() + "\" must not be empty");
            }
            copy.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(copy);
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
