package org.pgstat4j.server.http;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * The {@code /metrics} body, rendered once per cached snapshot and per exposition format, then
 * served as the same bytes to every scrape until the snapshot is renewed. A thousand
 * concurrent scrapes thus cost one rendering and one shared array, not a thousand of each.
 *
 * <p>Invariant: a body is never rendered twice for one snapshot and format, and no scrape
 * waits for a rendering except the very first: when a newer snapshot arrives, scrapes keep
 * getting the previous body (at most one refresh interval plus one rendering older) while one
 * background thread renders the new one. The health counters in a body (received, drops,
 * sequence gaps) and the snapshot's age are those of the moment of rendering, so they move at
 * the refresh interval, like the statistics. Thread-safe.
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
    /** Formats being rendered in the background. */
    private final Set<String> rendering = ConcurrentHashMap.newKeySet();
    private long renderings; // guarded by this

    /**
     * The body in {@code writer}'s format: the one rendered from {@code source} if there is
     * one; else, if an older snapshot was rendered, that older body at once while {@code source}
     * is rendered in the background (one rendering per format at a time); else — the first
     * scrape — rendered now from {@code families}.
     */
    Rendered body(StatsCache.Cached source, ExpositionFormatWriter writer, EscapingScheme escaping,
                  Supplier<MetricSnapshots> families) {
        String key = writer.getContentType() + ";" + escaping;
        Rendered r = byFormat.get(key);
        if (r != null) {
            if (r.source() != source && rendering.add(key)) {
                Thread.ofVirtual().name("pgstat4j-metrics-render").start(() -> {
                    try {
                        render(key, source, writer, escaping, families);
                    } finally {
                        rendering.remove(key);
                    }
                });
            }
            return r;
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            r = byFormat.get(key);
            return r != null ? r : render(key, source, writer, escaping, families);
        }
    }

    private Rendered render(String key, StatsCache.Cached source, ExpositionFormatWriter writer,
                            EscapingScheme escaping, Supplier<MetricSnapshots> families) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            writer.write(out, families.get(), escaping);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        Rendered r = new Rendered(source, writer.getContentType(), out.toByteArray());
        byFormat.put(key, r);
        synchronized (this) {
            renderings++;
        }
        return r;
    }

    /** How many bodies were rendered so far (all formats). */
    synchronized long renderings() {
        return renderings;
    }
}
