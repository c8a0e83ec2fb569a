package org.pgstat4j.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.pgstat4j.server.service.StatsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of a {@link StatsService}: {@code /metrics} (Prometheus text or
 * OpenMetrics, as the scraper asks), the JSON API under {@code /api/v1/}, and the live
 * dashboard at {@code /}. One JDK {@link HttpServer}, one request per virtual thread.
 *
 * <p>Invariant: everything is served from one {@link StatsCache}, so however many scrapes,
 * dashboards and API calls arrive, the collector gets at most one inquiry per refresh
 * interval, and a slow collector delays no request by more than
 * {@link StatsCache#MAX_REQUEST_WAIT}. Nothing here writes: the endpoint is read-only even
 * over a writable service.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);
    /** Connections the kernel queues before they are accepted: a thousand scrapers may connect at once. */
    static final int BACKLOG = 1024;
    private static final String MAX_IDLE_PROPERTY = "sun.net.httpserver.maxIdleConnections";
    private static final OpenMetricsTextFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();
    private static final PrometheusTextFormatWriter PROMETHEUS_TEXT = PrometheusTextFormatWriter.create();

    /** The most request body a GET may carry before it is refused. */
    private static final long MAX_BODY = 1 << 20;
    /** Where discarded request bodies are read to: written by every request at once, never read. */
    private static final byte[] SINK = new byte[8192];
    private final HttpServer server;
    private final ExecutorService executor;
    private final DashboardStream stream;
    private final StatsCache cache;

    private HttpEndpoint(HttpServer server, ExecutorService executor, DashboardStream stream, StatsCache cache) {
        this.server = server;
        this.executor = executor;
        this.stream = stream;
        this.cache = cache;
    }

    /** Starts serving {@code service} as {@code cfg} says; close the result to stop. */
    public static HttpEndpoint start(StatsService service, HttpConfig cfg) throws IOException {
        // The JDK server closes a finished connection once 200 others are idle: with a thousand
        // scrapers keeping theirs open, most would reconnect for every scrape. The JDK reads
        // this once, when its first server starts; a value the user set is kept.
        if (System.getProperty(MAX_IDLE_PROPERTY) == null) {
            System.setProperty(MAX_IDLE_PROPERTY, Integer.toString(BACKLOG));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(cfg.bindAddress(), cfg.port()), BACKLOG);
        StatsCache cache = new StatsCache(service, cfg.refreshInterval());
        PrometheusMetrics metrics = new PrometheusMetrics(cfg.tables());
        MetricsExposition exposition = new MetricsExposition();
        JsonApi api = new JsonApi(cache);
        DashboardStream stream = new DashboardStream(cache, cfg.refreshInterval());
        ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("pgstat4j-http-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/metrics", guarded(exactly("/metrics", ex -> metrics(ex, cache, metrics, exposition))));
        server.createContext(JsonApi.VIEWS_PATH, guarded(api::views));
        server.createContext(JsonApi.HEALTH_PATH, guarded(exactly(JsonApi.HEALTH_PATH, api::health)));
        server.createContext(DashboardStream.PATH, guarded(exactly(DashboardStream.PATH, stream::handle)));
        server.createContext("/", guarded(StaticResources::handle));
        server.start();
        HttpEndpoint e = new HttpEndpoint(server, executor, stream, cache);
        LOG.info("HTTP endpoint listening on http://{}:{}/", cfg.bindAddress().getHostAddress(), e.port());
        return e;
    }

    /** The TCP port the endpoint listens on (the chosen one, when 0 was asked). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** How many times the served snapshot was renewed (one reader load each). */
    public long snapshotRenewals() {
        return cache.renewals();
    }

    @Override
    public void close() {
        stream.close();
        server.stop(0);
        executor.shutdownNow();
        cache.close();
    }

    /** The exposition of the current snapshot, rendered once per snapshot and format ({@link MetricsExposition}). */
    private static void metrics(HttpExchange ex, StatsCache cache, PrometheusMetrics metrics,
                                MetricsExposition exposition) throws IOException {
        if (!Exchanges.onlyGet(ex)) {
            return;
        }
        String accept = ex.getRequestHeaders().getFirst("Accept");
        ExpositionFormatWriter writer = OPEN_METRICS.accepts(accept) ? OPEN_METRICS : PROMETHEUS_TEXT;
        StatsService service = cache.service();
        StatsCache.Cached current = cache.latest();
        MetricsExposition.Rendered body = exposition.body(current, writer, EscapingScheme.fromAcceptHeader(accept),
                () -> metrics.collect(current, service.health(), service.databaseName()));
        if (Exchanges.acceptsGzip(ex)) {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            Exchanges.send(ex, 200, body.contentType(), body.gzipped());
        } else {
            Exchanges.send(ex, 200, body.contentType(), body.body());
        }
    }

    /**
     * A context matches every path it prefixes ({@code /metricsfoo}); this handler answers only
     * its own path and 404 for the rest, as the static pages do.
     */
    private static HttpHandler exactly(String path, HttpHandler h) {
        return ex -> {
            if (ex.getRequestURI().getPath().equals(path)) {
                h.handle(ex);
            } else {
                StaticResources.handle(ex);
            }
        };
    }

    /**
     * A failing handler answers 500 with the reason instead of dropping the connection. The
     * request body, which no endpoint takes, is read and discarded first: a malformed one (a
     * bad chunk size makes the JDK's server throw while draining it) is the client's error —
     * 400 and one log line, no stack trace. Stack traces are kept for our own failures.
     */
    private static HttpHandler guarded(HttpHandler h) {
        return ex -> {
            String problem = discardBody(ex);
            if (problem != null) {
                LOG.info("HTTP {} {} from {}: malformed request body ({}); answered 400", ex.getRequestMethod(),
                        ex.getRequestURI().getRawPath(), ex.getRemoteAddress().getAddress().getHostAddress(), problem);
                try {
                    ex.getResponseHeaders().set("Connection", "close");
                    Exchanges.error(ex, 400, "malformed request body: " + problem);
                } catch (IOException | RuntimeException e) {
                    ex.close();
                }
                return;
            }
            try {
                h.handle(ex);
            } catch (IOException e) {
                ex.close(); // the client went away
            } catch (RuntimeException e) {
                LOG.warn("HTTP {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
                try {
                    Exchanges.error(ex, 500, "internal error: " + e);
                } catch (IOException | RuntimeException ignored) {
                    ex.close();
                }
            }
        };
    }

    /** Reads the request body to its end (at most {@value #MAX_BODY} bytes); null, or what was wrong with it. */
    private static String discardBody(HttpExchange ex) {
        try {
            java.io.InputStream in = ex.getRequestBody();
            long total = 0;
            for (int r; (r = in.read(SINK)) >= 0; ) {
                total += r;
                if (total > MAX_BODY) {
                    return "more than " + MAX_BODY + " bytes";
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
