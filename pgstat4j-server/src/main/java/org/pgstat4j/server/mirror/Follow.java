package org.pgstat4j.server.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.server.http.HttpConfig;
import org.pgstat4j.server.http.HttpEndpoint;

/**
 * {@code pgstat4j replay --follow}: mirrors a live capture and serves it on the HTTP endpoint
 * until the process is stopped (Ctrl-C, SIGTERM). When the stream ends the last statistics
 * stay served.
 */
public final class Follow {
    /** Databases a mirror is rarely meant to show, so not a default. */

    private Follow() {
    }

    /**
     * The database to mirror when none was named: the only one of the catalog other than
     * template0, template1 and postgres; null if that is not exactly one.
     */
    public static PgDatabase defaultDatabase(Catalog catalog) {
        return org.pgstat4j.server.service.CatalogDatabases.defaultDatabase(catalog);
    }

    /** Follows {@code capture} ("-" for standard input) and serves it; returns when stopped. */
    public static int run(String capture, Catalog catalog, int databaseId, Integer port, HttpConfig http,
                          PrintWriter err) throws IOException, InterruptedException {
        InputStream in = capture.equals("-") ? System.in : Files.newInputStream(Path.of(capture));
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // on SIGINT/SIGTERM: let the main thread close the endpoint and the mirror, then exit
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                closed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pgstat4j-follow-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (MirrorStatsService mirror = MirrorStatsService.start(in, catalog, databaseId, port);
             HttpEndpoint endpoint = HttpEndpoint.start(mirror, http)) {
            err.println("replay: following " + (capture.equals("-") ? "standard input" : capture) + " as database "
                    + mirror.databaseName() + "; serving http://" + http.bindAddress().getHostAddress() + ":"
                    + endpoint.port() + "/ (stop with Ctrl-C)");
            err.flush();
            stopped.await();
        } finally {
            closed.countDown();
        }
        return 0;
    }
}
