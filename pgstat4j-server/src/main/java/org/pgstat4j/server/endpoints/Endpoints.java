package org.pgstat4j.server.endpoints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pgstat4j.server.http.HttpConfig;
import org.pgstat4j.server.http.HttpEndpoint;
import org.pgstat4j.server.sql.PasswordFile;
import org.pgstat4j.server.sql.PgWireConfig;
import org.pgstat4j.server.sql.PgWireServer;
import org.pgstat4j.server.service.StatsService;

/**
 * Starts the endpoints a command asked for over one {@link StatsService} and closes them
 * together. Every endpoint listens on loopback only.
 */
public final class Endpoints implements AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();
    private HttpEndpoint http;
    private PgWireServer sql;
    private String shownUser;
    private String shownPassword;
    private boolean tcpLogins;
    private java.nio.file.Path socketDir;

    private Endpoints() {
    }

    /** Starts what {@code options} names; on failure, closes what was started and throws. */
    public static Endpoints start(StatsService service, EndpointOptions options) throws IOException {
        Endpoints e = new Endpoints();
        // the password file first: a malformed one stops the start before anything listens
        Map<String, String> passwords = options.sqlPort == null ? Map.of() : options.passwords();
        try {
            if (options.httpPort != null) {
                try {
                    e.http = HttpEndpoint.start(service, HttpConfig.defaults().withPort(options.httpPort));
                } catch (IOException ex) {
                    throw new IOException("could not listen on HTTP port " + options.httpPort + ": " + ex.getMessage(), ex);
                }
                e.open.add(e.http);
            }
            if (options.sqlPort != null) {
                PgWireConfig cfg = PgWireConfig.defaults().withPort(options.sqlPort).withTrust(options.sqlTrust)
                        .withPasswords(passwords);
                if (options.sqlSocketDir != null) {
                    cfg = cfg.withUnixSocketDirectory(options.sqlSocketDir);
                }
                if (options.sqlSuperusers != null && !options.sqlSuperusers.isEmpty()) {
                    cfg = cfg.withSuperusers(java.util.Set.copyOf(options.sqlSuperusers));
                }
                try {
                    e.sql = PgWireServer.start(service, cfg);
                } catch (IOException ex) {
                    throw new IOException("could not listen on SQL port " + options.sqlPort + ": " + ex.getMessage(), ex);
                }
                e.open.add(e.sql);
                // the connection lines name the first role (or pgstat4j) and show a password not read from a file
                e.shownUser = passwords.keySet().stream().filter(n -> !n.equals(PasswordFile.ANY_USER)).findFirst()
                        .orElse("pgstat4j");
                e.shownPassword = options.sqlPasswordFile != null ? null
                        : passwords.getOrDefault(e.shownUser, passwords.get(PasswordFile.ANY_USER));
                e.tcpLogins = !passwords.isEmpty() || options.sqlTrust;
                e.socketDir = options.sqlSocketDir;
            }
        } catch (IOException | RuntimeException ex) {
            e.close();
            throw ex;
        }
        return e;
    }

    /** The HTTP port, or -1 if no HTTP endpoint runs. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** The SQL port, or -1 if no SQL endpoint runs. */
    public int sqlPort() {
        return sql == null ? -1 : sql.port();
    }

    /** Lines telling a person how to reach each endpoint (copy-paste commands). */
    public List<String> describe(StatsService service) {
        List<String> lines = new ArrayList<>();
        if (sql != null) {
            String query = " -c 'select relname, n_tup_ins, n_tup_upd, n_tup_hot_upd from pg_stat_user_tables'";
            String env = shownPassword != null ? "PGPASSWORD=" + shownPassword + " " : "";
            if (tcpLogins) {
                lines.add("psql:       " + env + "psql -h 127.0.0.1 -p " + sql.port() + " -U " + shownUser + " -d "
                        + service.databaseName() + query);
            }
            if (socketDir != null) {
                lines.add("psql:       psql -h " + socketDir + " -p " + sql.port() + " -d " + service.databaseName()
                        + query + "   (as OS user " + System.getProperty("user.name") + ")");
            }
            lines.add("JDBC:       jdbc:postgresql://127.0.0.1:" + sql.port() + "/" + service.databaseName()
                    + (shownPassword != null ? "?user=" + shownUser + "&password=" + shownPassword : ""));
        }
        if (http != null) {
            lines.add("dashboard:  http://127.0.0.1:" + http.port() + "/");
            lines.add("metrics:    curl -s http://127.0.0.1:" + http.port() + "/metrics");
            lines.add("JSON:       curl -s http://127.0.0.1:" + http.port() + "/api/v1/views/pg_stat_user_tables");
        }
        return lines;
    }

    @Override
    public void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ex) {
                System.getLogger("org.pgstat4j.server").log(System.Logger.Level.WARNING,
                        "could not close an endpoint: " + ex.getMessage());
            }
        }
        open.clear();
    }
}
