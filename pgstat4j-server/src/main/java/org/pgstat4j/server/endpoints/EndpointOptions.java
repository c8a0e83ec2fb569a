package org.pgstat4j.server.endpoints;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The endpoint options shared by {@code server} and {@code demo --serve}: which endpoints to
 * start on which loopback ports, and whom the SQL endpoint lets in (see
 * {@link org.pgstat4j.server.sql.PgWireConfig}).
 */
public final class EndpointOptions {
    @Option(names = "--http-port", paramLabel = "N",
            description = "Serve /metrics, the JSON API and the dashboard on 127.0.0.1:N (0 = any free port).")
    public Integer httpPort;

    @Option(names = "--sql-port", paramLabel = "N",
            description = "Serve the PostgreSQL wire protocol (psql, JDBC) on 127.0.0.1:N (0 = any free port).")
    public Integer sqlPort;

    @Option(names = "--sql-socket-dir", paramLabel = "DIR",
            description = "Also serve SQL on the Unix socket DIR/.s.PGSQL.<port> (psql -h DIR -p PORT).")
    public Path sqlSocketDir;

    @Option(names = "--sql-password-file", paramLabel = "FILE",
            description = "SQL clients other than the server's own OS user on --sql-socket-dir must give this password"
                    + " (the first line of FILE) by SCRAM-SHA-256. Without it (and without --sql-trust) only that"
                    + " user, over the Unix socket, can log in.")
    public Path sqlPasswordFile;

    @Option(names = "--sql-trust",
            description = "Let every SQL client in without a password, under any user name (logged as a WARNING).")
    public boolean sqlTrust;

    @Option(names = "--sql-superuser", paramLabel = "NAME", split = ",",
            description = "SQL user names allowed to call pg_stat_reset() and the other reset functions"
                    + " (default: the server's OS user).")
    public List<String> sqlSuperusers;

    /** The SQL password when it does not come from a file (demo --serve generates one); null = none. */
    public String sqlPassword;

    public boolean any() {
        return httpPort != null || sqlPort != null;
    }
}
