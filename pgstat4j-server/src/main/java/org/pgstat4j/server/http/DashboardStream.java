package org.pgstat4j.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.server.top.ActivityRates;
import org.pgstat4j.server.top.ActivitySample;

/**
 * {@code /api/v1/stream}: Server-Sent Events for the dashboard, one {@code data:} event per
 * refresh interval with the database's totals, rates per second since the previous event,
 * the busiest tables and the collector's health. Every stream reads the shared
 * {@link StatsCache}, so any number of open dashboards still cost one inquiry per interval.
 *
 * <p>A stream ends when the client goes away (the write fails) or the endpoint closes
 * ({@link #closing} is counted down, which also wakes the streams at once).
 */
final class DashboardStream {
    static final String PATH = "/api/v1/stream";
    static final int TOP_TABLES = 10;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final StatsCache cache;
    private final Duration interval;
    private final CountDownLatch closing = new CountDownLatch(1);

    DashboardStream(StatsCache cache, Duration interval) {
        this.cache = cache;
        this.interval = interval;
    }

    void close() {
        closing.countDown();
    }

    void handle(HttpExchange ex) throws IOException {
        if (!Exchanges.onlyGet(ex)) {
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        ActivitySample previous = null;
        ActivityRates rates = null;
        try (OutputStream out = ex.getResponseBody()) {
            out.write(("retry: " + interval.toMillis() + "\n\n").getBytes(StandardCharsets.UTF_8));
            while (closing.getCount() > 0) {
                StatsCache.Cached c = cache.current();
                ActivitySample sample = ActivitySample.of(c.context());
                if (previous != null && sample.collectedAt() != previous.collectedAt()) {
                    ActivityRates r = ActivityRates.between(previous, sample);
                    rates = r != null ? r : rates;
                }
                if (previous == null || sample.collectedAt() != previous.collectedAt()) {
                    previous = sample;
                }
                String json = Exchanges.JSON.writeValueAsString(event(c, sample, rates));
                out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (closing.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        } catch (IOException e) {
            // the browser closed the stream: nothing to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    /** One event: what the dashboard shows. Rates are null until two different snapshots were seen. */
    ObjectNode event(StatsCache.Cached c, ActivitySample s, ActivityRates r) {
        ObjectNode e = F.objectNode();
        e.put("database", cache.service().databaseName());
        long ts = s.collectedAt();
        if (ts == 0) {
            e.putNull("snapshot_timestamp");
            e.putNull("snapshot_age_seconds");
        } else {
            e.put("snapshot_timestamp", PgTimestamps.format(ts));
            e.put("snapshot_age_seconds", Math.max(0, PgTimestamps.now() - ts) / 1e6);
        }
        e.put("stale", c.stale());
        ObjectNode totals = e.putObject("totals");
        totals.put("commits", s.xactCommit());
        totals.put("rollbacks", s.xactRollback());
        totals.put("inserted", s.tupInserted());
        totals.put("updated", s.tupUpdated());
        totals.put("deleted", s.tupDeleted());
        totals.put("scans", s.scans());
        if (r == null) {
            e.putNull("rates");
        } else {
            ObjectNode rates = e.putObject("rates");
            rates.put("commits", r.commits());
            rates.put("rollbacks", r.rollbacks());
            rates.put("inserted", r.inserted());
            rates.put("updated", r.updated());
            rates.put("deleted", r.deleted());
            rates.put("scans", r.scans());
            ArrayNode top = e.putArray("top_tables");
            for (ActivityRates.TableRate t : r.top(TOP_TABLES)) {
                ObjectNode o = top.addObject();
                o.put("schemaname", t.schemaname());
                o.put("relname", t.relname());
                o.put("inserted", t.inserted());
                o.put("updated", t.updated());
                o.put("deleted", t.deleted());
                o.put("scans", t.scans());
            }
        }
        e.set("health", JsonApi.health(cache.service().health()));
        return e;
    }
}
