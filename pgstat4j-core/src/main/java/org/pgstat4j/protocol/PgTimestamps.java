package org.pgstat4j.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * PostgreSQL's {@code TimestampTz}: a signed 64-bit count of microseconds since
 * 2000-01-01 00:00:00 UTC. This is the one place that converts between it and Java time;
 * 0 means "never" throughout the statistics system.
 *
 * <p>The one way to misuse it: mixing a {@code TimestampTz} with Unix microseconds. Both are
 * {@code long} microseconds, 30 years apart; convert here, at the edge.
 */
public final class PgTimestamps {
    /** Seconds from the Unix epoch to the PostgreSQL epoch. */
    public static final long POSTGRES_EPOCH_UNIX_SECONDS = 946_684_800L;
    private static final long EPOCH_MICROS = POSTGRES_EPOCH_UNIX_SECONDS * 1_000_000L;
    private static final DateTimeFormatter TEXT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private PgTimestamps() {
    }

    /** The current time as a TimestampTz. */
    public static long now() {
        Instant i = Instant.now();
        return fromInstant(i);
    }

    public static long fromInstant(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000) - EPOCH_MICROS;
    }

    public static Instant toInstant(long ts) {
        return Instant.EPOCH.plus(ts + EPOCH_MICROS, ChronoUnit.MICROS);
    }

    /** Microseconds since the Unix epoch (as in a pcap record) to TimestampTz. */
    public static long fromUnixMicros(long unixMicros) {
        return unixMicros - EPOCH_MICROS;
    }

    /**
     * The text PostgreSQL prints for a {@code timestamptz} with TimeZone UTC, e.g.
     * {@code 2026-11-25 14:36:14.494985+00} (trailing zeros of the fraction dropped).
     */
    public static String format(long ts) {
        long unixMicros = ts + EPOCH_MICROS;
        long secs = Math.floorDiv(unixMicros, 1_000_000L);
        int micros = (int) Math.floorMod(unixMicros, 1_000_000L);
        StringBuilder sb = new StringBuilder(32).append(TEXT.format(Instant.ofEpochSecond(secs)));
        if (micros != 0) {
            String frac = String.format("%06d", micros);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(frac, 0, end);
        }
        return sb.append("+00").toString();
    }
}
