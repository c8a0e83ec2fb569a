package org.pgstat4j.server.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.pgstat4j.postmaster.Postmaster;
import org.pgstat4j.postmaster.StartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import org.pgstat4j.postmaster.StatsClient;
import org.pgstat4j.server.service.AttachedStatsService;
import org.pgstat4j.server.service.CatalogDatabases;
import org.pgstat4j.server.service.CatalogFiles;
import org.pgstat4j.server.endpoints.EndpointOptions;
import org.pgstat4j.server.endpoints.Endpoints;

/**
 * {@code pgstat4j server -D DIR [--config FILE] [--embedded-collector]}: runs the server
 * ({@link Postmaster}) in the foreground until SIGTERM (smart) or SIGINT (fast) shutdown;
 * SIGHUP reloads the settings file. Exit status 0 after a clean shutdown, 1 if it refused to
 * start (the log says why, as FATAL with a HINT).
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Runs the pgstat4j server on a data directory: the statistics socket, the collector"
                + " (a supervised child process, or a thread with --embedded-collector) and the attach socket"
                + " DIR/.s.PGSTAT for other JVMs.",
            "Stops cleanly on SIGTERM or SIGINT (or 'pgstat4j ctl stop'); reloads settings on SIGHUP."})
public final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("org.pgstat4j.server");
    /** How long a shutdown waits for the collector to write its files before killing it. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = {"-D", "--pgdata"}, required = true, paramLabel = "DIR",
            description = "Data directory; created on first use (mode 0700).")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings file (name = value lines). Default: DIR/pgstat4j.conf if it exists.")
    Path config;

    @Option(names = "--embedded-collector",
            description = "Run the collector on a thread of the server instead of a child process.")
    boolean embeddedCollector;

    @Option(names = "--stats-host", hidden = true, paramLabel = "HOST",
            description = "Test/diagnostic: resolve HOST instead of localhost for the statistics socket.")
    String statsHost;

    @Mixin
    EndpointOptions endpointOptions;

    @Option(names = "--catalog", paramLabel = "DIR",
            description = "Catalog directory (pg_database.csv, pg_class.csv, pg_proc.csv) naming the OIDs the "
                    + "endpoints show (default: DIR/catalog, which attached hosts may write with "
                    + "Catalog.writeCsvDirectory; reloaded when it changes).")
    Path catalogDir;

    @Option(names = "--database", paramLabel = "NAME|OID",
            description = "The database whose tables the endpoints show (default: the catalog's only "
                    + "application database).")
    String database;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CatalogFiles catalog = null;
        int databaseOid = 0;
        if (endpointOptions.any()) {
            Path dir = catalogDir != null ? catalogDir : dataDir.resolve("catalog");
            if (!java.nio.file.Files.isDirectory(dir)) {
                throw new ParameterException(spec.commandLine(), "--http-port and --sql-port need a catalog to name "
                        + "tables and databases: give --catalog DIR, or write one to " + dir
                        + " (Catalog.writeCsvDirectory)");
            }
            catalog = CatalogFiles.open(dir);
            databaseOid = CatalogDatabases.resolve(spec.commandLine(), catalog.current(), database);
            if (endpointOptions.sqlPort != null) {
                endpointOptions.passwords(); // a malformed password file stops the start before the postmaster runs
            }
        }
        Postmaster postmaster = new Postmaster(new Postmaster.Options(dataDir, config, embeddedCollector, statsHost,
                CollectorMain.class.getName(), List.of(), STOP_TIMEOUT));
        // before start: a signal that comes during start-up is queued, not fatal
        Signals.handle("TERM", () -> postmaster.requestShutdown(false));
        Signals.handle("INT", () -> postmaster.requestShutdown(true));
        Signals.handle("HUP", postmaster::requestReload);
        // a SIGTERM that came before the handlers above runs the JVM's exit in parallel with
        // start-up: the hook keeps that exit from leaving a lock file behind
        Thread exitingWhileStarting = new Thread(postmaster::jvmExiting, "pgstat4j-exit-during-start");
        try {
            Runtime.getRuntime().addShutdownHook(exitingWhileStarting);
        } catch (IllegalStateException e) {
            return 1; // already exiting: start nothing
        }
        try {
            postmaster.start();
            Runtime.getRuntime().removeShutdownHook(exitingWhileStarting);
        } catch (IllegalStateException e) {
            return 1; // exiting; the hook cleans up
        } catch (StartupException e) {
            LOG.error(LogMarkers.FATAL, e.getMessage());
            if (e.hint() != null) {
                LOG.info(LogMarkers.HINT, e.hint());
            }
            return 1;
        }
        if (catalog == null) {
            return postmaster.run();
        }
        AttachedStatsService service = null;
        Endpoints endpoints;
        try {
            service = new AttachedStatsService(StatsClient.attach(dataDir), catalog::current, databaseOid,
                    postmaster::collectorRestarts);
            endpoints = Endpoints.start(service, endpointOptions);
        } catch (IOException | RuntimeException e) {
            // a failed start leaves nothing behind: a clean stop, so the next start keeps the statistics
            LOG.error(LogMarkers.FATAL, e.getMessage());
            if (service != null) {
                service.close();
            }
            postmaster.shutdownAfterFailedStart();
            return 1;
        }
        try (AttachedStatsService s = service; Endpoints e = endpoints) {
            e.describe(s).forEach(LOG::info);
            return postmaster.run();
        }
    }
}
