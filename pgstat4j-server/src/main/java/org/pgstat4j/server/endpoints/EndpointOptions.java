package org.pgstat4j.server.endpoints;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The endpoint options shared by {@code server} and {@code demo --serve}: which endpoints to
 * start on which loopback ports.
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

    public boolean any() {
        return httpPort != null || sqlPort != null;
    }
}
