package org.pgstat4j.server.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Logback turbo filter that rate-limits identical log lines: the first of a kind (same logger,
 * level, message and arguments) is logged, repeats within the window are counted
 * instead, and the next one after the window is preceded by a line saying how many were left
 * out. A client hammering an endpoint with bad requests, or a full disk failing every write,
 * cannot flood the log; nothing is lost silently.
 *
 * <p>The window is {@value #DEFAULT_WINDOW_SECONDS} s; the system property
 * {@code pgstat4j.log.repeatWindowSeconds} changes it, and 0 turns the filter off (tests that
 * capture log events inside one JVM set it, as repeats across tests would be hidden).
 *
 * <p>Thread-safe: one lock around a bounded map (the least recently seen kinds are forgotten
 * first, so memory stays bounded whatever is logged).
 */
public final class RepeatedLineFilter extends TurboFilter {
    static final long DEFAULT_WINDOW_SECONDS = 10;
    private final long windowNanos =
            Long.getLong("pgstat4j.log.repeatWindowSeconds", DEFAULT_WINDOW_SECONDS) * 1_000_000_000L;
    private static final int MAX_KINDS = 1024;
    private static final Marker SUMMARY = MarkerFactory.getMarker("REPEATED");

    private static final class Seen {
        long windowStart;
        int suppressed;
    }

    private final Map<String, Seen> seen = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > MAX_KINDS;
        }
    };

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        if (windowNanos <= 0 || format == null || marker == SUMMARY || !logger.isEnabledFor(level)) {
            return FilterReply.NEUTRAL;
        }
        String key = level + "\0" + logger.getName() + "\0" + format + "\0"
                + (params == null ? "" : Arrays.deepToString(params)) + "\0" + (t == null ? "" : t.toString());
        long now = System.nanoTime();
        int left;
        synchronized (seen) {
            Seen s = seen.get(key);
            if (s != null && now - s.windowStart < windowNanos) {
                s.suppressed++;
                return FilterReply.DENY;
            }
            left = s == null ? 0 : s.suppressed;
            Seen fresh = new Seen();
            fresh.windowStart = now;
            seen.put(key, fresh);
        }
        if (left > 0) {
            String line = "the next line was repeated " + left + (left == 1 ? " time" : " times")
                    + " in the " + windowNanos / 1_000_000_000L + " s before it and left out of the log";
            if (level == Level.ERROR) {
                logger.error(SUMMARY, line);
            } else if (level == Level.WARN) {
                logger.warn(SUMMARY, line);
            } else if (level == Level.INFO) {
                logger.info(SUMMARY, line);
            } else if (level == Level.DEBUG) {
                logger.debug(SUMMARY, line);
            } else {
                logger.trace(SUMMARY, line);
            }
        }
        return FilterReply.NEUTRAL;
    }
}
