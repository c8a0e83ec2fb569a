package org.pgstat4j.server.service;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The endpoint options shared by {@code server} and {@code demo --serve}: which endpoints to
 * start on which loopback ports, and where the names behind the OIDs come from.
 */
public final class EndpointOptions {
    @Option(names = "--http-port", paramLabel = "N",
            description = "Serve /metrics, the JSON API and the dashboard on 127.0.0.1:N (0 = any free port).")
    public Integer httpPort;

    @Option(names = "--sql-port", paramLabel = "N",
            description = "Serve the PostgreSQL wire protocol (psql, JDBC) on 127.0.0.1:N (0 = any free port).")
    public Integer sqlPort;

    @Option(names = "--catalog", paramLabel = "DIR",
            description = "Catalog directory (pg_database.csv, pg_class.csv, pg_proc.csv) naming the OIDs the views show.")
    public Path catalogDir;

    @Option(names = "--database", paramLabel = "NAME|OID",
            description = "The database whose tables the endpoints show (default: the catalog's only "
                    + "non-template database).")
    public String database;

    public boolean any() {
        return httpPort != null || sqlPort != null;
    }
}
