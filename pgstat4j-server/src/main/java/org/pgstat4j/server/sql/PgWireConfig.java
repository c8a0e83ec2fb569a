package org.pgstat4j.server.sql;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * How the SQL endpoint listens and whom it lets in.
 *
 * @param host                 address of the TCP listener; a loopback address unless a password is set
 * @param port                 TCP port; 0 = any free port (see {@link PgWireServer#port()})
 * @param unixSocketDirectory  directory for the Unix-domain socket {@code .s.PGSQL.<port>}, or null for none
 * @param maxConnections       concurrent sessions; one more is refused with FATAL 53300
 * @param password             when non-null, every login must prove it with SCRAM-SHA-256; null = trust
 * @param superusers           user names that may call the reset functions; null = every user
 * @param maxMessageBytes      largest message a client may send; longer ones end the connection
 */
public record PgWireConfig(String host, int port, Path unixSocketDirectory, int maxConnections, String password,
                           Set<String> superusers, int maxMessageBytes) {
    public static final int DEFAULT_PORT = 5432;
    public static final int DEFAULT_MAX_CONNECTIONS = 100;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;

    public PgWireConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, not " + port);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        if (password != null && password.isEmpty()) {
            throw new IllegalArgumentException("the password must not be empty; use null for trust authentication");
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, not " + maxMessageBytes);
        }
        superusers = superusers == null ? null : Set.copyOf(superusers);
        if (password == null && !isLoopback(host)) {
            throw new IllegalArgumentException("listening on " + host
                    + " is allowed only with a password: without one every client is trusted");
        }
    }

    /** 127.0.0.1, the default port, no Unix socket, 100 connections, trust, every user a superuser. */
    public static PgWireConfig defaults() {
        return new PgWireConfig("127.0.0.1", DEFAULT_PORT, null, DEFAULT_MAX_CONNECTIONS, null, null,
                DEFAULT_MAX_MESSAGE_BYTES);
    }

    public PgWireConfig withHost(String h) {
        return new PgWireConfig(h, port, unixSocketDirectory, maxConnections, password, superusers, maxMessageBytes);
    }

    public PgWireConfig withPort(int p) {
        return new PgWireConfig(host, p, unixSocketDirectory, maxConnections, password, superusers, maxMessageBytes);
    }

    public PgWireConfig withUnixSocketDirectory(Path dir) {
        return new PgWireConfig(host, port, dir, maxConnections, password, superusers, maxMessageBytes);
    }

    public PgWireConfig withMaxConnections(int n) {
        return new PgWireConfig(host, port, unixSocketDirectory, n, password, superusers, maxMessageBytes);
    }

    public PgWireConfig withPassword(String pw) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, pw, superusers, maxMessageBytes);
    }

    public PgWireConfig withSuperusers(Set<String> users) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, password, users, maxMessageBytes);
    }

    public PgWireConfig withMaxMessageBytes(int n) {
        return new PgWireConfig(host, port, unixSocketDirectory, maxConnections, password, superusers, n);
    }

    /** Whether {@code user} may call the reset functions. */
    boolean isSuperuser(String user) {
        return superusers == null || superusers.contains(user);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host, e);
        }
    }
}
