package org.pgstat4j.server.endpoints;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.pgstat4j.server.sql.PasswordFile;
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
            description = "SQL passwords, proven by SCRAM-SHA-256: one line NAME:PASSWORD per user name, and"
                    + " optionally *:PASSWORD for every other name (whose logins are never superusers); '#' starts a"
                    + " comment line. Without it (and without --sql-trust) only the server's own OS user, over"
                    + " --sql-socket-dir, can log in.")
    public Path sqlPasswordFile;

    @Option(names = "--sql-trust",
            description = "Let every SQL client in without a password, under any user name, a superuser's included"
                    + " (logged as a WARNING).")
    public boolean sqlTrust;

    @Option(names = "--sql-superuser", paramLabel = "NAME", split = ",",
            description = "SQL user names allowed to call pg_stat_reset() and the other reset functions when they"
                    + " prove that name: by their own line in --sql-password-file, or as the server's OS user over"
                    + " the Unix socket (default: the server's OS user).")
    public List<String> sqlSuperusers;

    /**
     * SQL passwords that do not come from a file (demo --serve generates one), in the file's
     * form (user name, or {@code *}, to password), shown in the connection lines; null = none.
     */
    public Map<String, String> sqlPasswords;

    private Map<String, String> filePasswords;

    /**
     * The SQL passwords: those of {@link #sqlPasswordFile}, read once (an {@link IOException}
     * naming the file and line when it is malformed), else {@link #sqlPasswords}, else none.
     */
    public Map<String, String> passwords() throws IOException {
        if (sqlPasswordFile != null) {
            if (filePasswords == null) {
                filePasswords = PasswordFile.read(sqlPasswordFile);
            }
            return filePasswords;
        }
        return sqlPasswords != null ? sqlPasswords : Map.of();
    }

    public boolean any() {
        return httpPort != null || sqlPort != null;
    }
}
