package org.pgstat4j.server.http;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * The {@code /metrics} body, rendered once per cached snapshot and per exposition format, then
 * served as the same bytes to every scrape until the snapshot is renewed. A thousand
 * concurrent scrapes thus cost one rendering and one shared array, not a thousand of each.
 *
 * <p>Invariant: a body is served only for the snapshot it was rendered from; the health
 * counters in it (received, drops, sequence gaps) and the snapshot's age are those of the
 * moment of rendering, so they move at the refresh interval, like the statistics. When a new
 * snapshot arrives, one request renders it while the others for the same format wait for
 * that rendering instead of repeating it. Thread-safe.
 */
final class MetricsExposition {
    /**
     * One rendering: the snapshot it belongs to, its bytes, and the same bytes gzip-compressed
     * (made on first demand, once): Prometheus asks for gzip, and a thousand scrapes of a
     * megabyte would otherwise be a gigabyte to copy.
     */
    static final class Rendered {
        private final StatsCache.Cached source;
        private final String contentType;
        private final byte[] body;
        private volatile byte[] gzipped;

        Rendered(StatsCache.Cached source, String contentType, byte[] body) {
            this.source = source;
            this.contentType = contentType;
            this.body = body;
        }

        StatsCache.Cached source() {
            return source;
        }

        String contentType() {
            return contentType;
        }

        /** The body; shared, never to be modified. */
        byte[] body() {
            return body;
        }

        /** The body gzip-compressed; shared, never to be modified. */
        byte[] gzipped() {
            byte[] g = gzipped;
            if (g == null) {
                synchronized (this) {
                    g = gzipped;
                    if (g == null) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 8 + 64);
                        try (GZIPOutputStream z = new GZIPOutputStream(out, 64 * 1024)) {
                            z.write(body);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e); // in memory: cannot fail
                        }
                        g = out.toByteArray();
                        gzipped = g;
                    }
                }
            }
            return g;
        }
    }

    private final Map<String, Rendered> byFormat = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private long renderings; // guarded by this

    /**
     * The body for {@code source} in {@code writer}'s format, rendered from {@code families}
     * if this snapshot has not been rendered in that format yet.
     */
    Rendered body(StatsCache.Cached source, ExpositionFormatWriter writer, EscapingScheme escaping,
                  Supplier<MetricSnapshots> families) {
        String key = writer.getContentType() + ";" + escaping;
        Rendered r = byFormat.get(key);
        if (r != null && r.source() == source) {
            return r;
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            r = byFormat.get(key);
            if (r != null && r.source() == source) {
                return r;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            try {
                writer.write(out, families.get(), escaping);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            r = new Rendered(source, writer.getContentType(), out.toByteArray());
            byFormat.put(key, r);
            synchronized (this) {
                renderings++;
            }
            return r;
        }
    }

    /** How many bodies were rendered so far (all formats). */
    synchronized long renderings() {
        return renderings;
    }
}
