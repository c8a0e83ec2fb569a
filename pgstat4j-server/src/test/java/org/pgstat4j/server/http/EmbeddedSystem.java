package org.pgstat4j.server.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.pgstat4j.backend.Backend;
import org.pgstat4j.backend.RelKind;
import org.pgstat4j.backend.TableStatus;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.server.service.EmbeddedStatsService;

/**
 * A real embedded statistics system for endpoint tests: the socket, the collector thread and
 * stats files in a temporary directory, a catalog of database {@code app} with tables
 * {@code public.t_main} (with an index), {@code public.t_other} and {@code audit.t_log}, and
 * one backend session that counts on them.
 */
public final class EmbeddedSystem implements AutoCloseable {
    public static final int DB = 16384;
    public static final int T_MAIN = 16386;
    public static final int T_MAIN_PKEY = 16390;
    public static final int T_OTHER = 16394;
    public static final int T_LOG = 16398;

    public final EmbeddedStats stats;
    public final Catalog catalog = new Catalog();
    public final EmbeddedStatsService service;
    public final Backend backend;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public EmbeddedSystem(Path dir) throws IOException {
        stats = EmbeddedStats.start(dir);
        catalog.addDatabase(new PgDatabase(DB, "app"));
        catalog.addRelation(PgClass.table(T_MAIN, "public", "t_main"));
        catalog.addRelation(PgClass.index(T_MAIN_PKEY, "public", "t_main_pkey", T_MAIN));
        catalog.addRelation(PgClass.table(T_OTHER, "public", "t_other"));
        catalog.addRelation(PgClass.table(T_LOG, "audit", "t_log"));
        service = new EmbeddedStatsService(stats, catalog, DB);
        backend = Backend.builder(stats.sender()).databaseId(DB).build();
    }

    /** One committed transaction inserting {@code n} rows into {@code table}, flushed now. */
    public void insert(int table, long n) {
        TableStatus t = backend.openRelation(table, RelKind.RELATION, false);
        backend.countHeapInsert(t, n);
        backend.commitTransaction();
        flush();
    }

    /** One committed transaction updating one row and deleting one of {@code table}, with a seq scan. */
    public void updateAndDelete(int table) {
        TableStatus t = backend.openRelation(table, RelKind.RELATION, false);
        backend.countHeapScan(t);
        backend.countHeapUpdate(t, false);
        backend.countHeapDelete(t);
        backend.commitTransaction();
        flush();
    }

    /** One rolled-back transaction. */
    public void rollback(int table) {
        TableStatus t = backend.openRelation(table, RelKind.RELATION, false);
        backend.countHeapInsert(t, 1);
        backend.rollbackTransaction();
        flush();
    }

    public void flush() {
        backend.forceNextFlush();
        backend.reportStat(false);
    }

    public HttpResponse<String> get(int port, String pathAndQuery) throws IOException, InterruptedException {
        return get(port, pathAndQuery, null);
    }

    public HttpResponse<String> get(int port, String pathAndQuery, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        backend.close();
        stats.close();
        http.close();
    }
}
