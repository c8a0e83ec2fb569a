package org.pgstat4j.server.http;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP endpoint listens and how much it serves: the address and port (loopback and an
 * ephemeral port unless told otherwise: statistics name every table, so they are not put on
 * the network by default), how often its cached snapshot may be renewed, and the per-table
 * series budget of {@code /metrics}.
 *
 * @param bindAddress     where to listen; loopback by default
 * @param port            TCP port, 0 for an ephemeral one
 * @param refreshInterval the cached snapshot is renewed at most this often (one inquiry per interval)
 * @param tables          which tables get per-table series on {@code /metrics}
 */
public record HttpConfig(InetAddress bindAddress, int port, Duration refreshInterval, TableBudget tables) {
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(1);

    public HttpConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        Objects.requireNonNull(tables, "tables");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port " + port + " is not a TCP port (0-65535)");
        }
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("refresh interval must be positive, not " + refreshInterval);
        }
    }

    /** Loopback, an ephemeral port, 1 s refresh, the default table budget. */
    public static HttpConfig defaults() {
        return new HttpConfig(InetAddress.getLoopbackAddress(), 0, DEFAULT_REFRESH, TableBudget.defaults());
    }

    public HttpConfig withPort(int p) {
        return new HttpConfig(bindAddress, p, refreshInterval, tables);
    }

    public HttpConfig withBindAddress(InetAddress a) {
        return new HttpConfig(a, port, refreshInterval, tables);
    }

    public HttpConfig withRefreshInterval(Duration d) {
        return new HttpConfig(bindAddress, port, d, tables);
    }

    public HttpConfig withTables(TableBudget t) {
        return new HttpConfig(bindAddress, port, refreshInterval, t);
    }
}
