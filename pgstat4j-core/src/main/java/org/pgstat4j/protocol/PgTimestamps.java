package org.pgstat4j.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * PostgreSQL's {@code TimestampTz} (spec "Conventions"): a signed 64-bit count of
 * microseconds since 2000-01-01 00:00:00 UTC, where 0 means "never / not set". This is the one
 * place that knows the PostgreSQL epoch and converts between it and Java time; everything
 * else carries timestamps as plain {@code long} microseconds.
 *
 * <p>Every {@code long} is a valid TimestampTz and converts to an {@link Instant} and back
 * exactly (seconds and microseconds are split with floor division, so nothing overflows near
 * the ends of the range). Instants a {@code long} of microseconds cannot hold throw
 * {@link ArithmeticException}; nanoseconds are truncated towards the past.
 *
 * <p>The one way to misuse it: mixing a {@code TimestampTz} with Unix microseconds. Both are
 * {@code long} microseconds, 30 years apart; convert here, at the edge.
 */
public final class PgTimestamps {
    /** Seconds from the Unix epoch (1970-01-01) to the PostgreSQL epoch (2000-01-01). */
    public static final long POSTGRES_EPOCH_UNIX_SECONDS = 946_684_800L;
    /** The PostgreSQL epoch as an instant. */
    public static final Instant POSTGRES_EPOCH = Instant.ofEpochSecond(POSTGRES_EPOCH_UNIX_SECONDS);

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final DateTimeFormatter TEXT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private PgTimestamps() {
    }

    /** The current wall-clock time as a TimestampTz. */
    public static long now() {
        return fromInstant(Instant.now());
    }

    /** The TimestampTz of {@code instant}, truncated to whole microseconds (towards the past). */
    public static long fromInstant(Instant instant) {
        long seconds = Math.subtractExact(instant.getEpochSecond(), POSTGRES_EPOCH_UNIX_SECONDS);
        long micros = instant.getNano() / 1000;
        if (seconds < 0 && micros > 0) {
            // borrow a second so that the product cannot pass Long.MIN_VALUE on its way back
            seconds++;
            micros -= MICROS_PER_SECOND;
        }
        return Math.addExact(Math.multiplyExact(seconds, MICROS_PER_SECOND), micros);
    }

    /** The instant of a TimestampTz. */
    public static Instant toInstant(long timestampTz) {
        long seconds = Math.floorDiv(timestampTz, MICROS_PER_SECOND);
        long micros = Math.floorMod(timestampTz, MICROS_PER_SECOND);
        return Instant.ofEpochSecond(seconds + POSTGRES_EPOCH_UNIX_SECONDS, micros * 1000);
    }

    /** The TimestampTz of a count of microseconds since the Unix epoch (e.g. a pcap record's). */
    public static long fromUnixMicros(long unixMicros) {
        return Math.subtractExact(unixMicros, POSTGRES_EPOCH_UNIX_SECONDS * MICROS_PER_SECOND);
    }

    /** Microseconds since the Unix epoch of a TimestampTz. */
    public static long toUnixMicros(long timestampTz) {
        return Math.addExact(timestampTz, POSTGRES_EPOCH_UNIX_SECONDS * MICROS_PER_SECOND);
    }

    /**
     * {@code stop − start} in microseconds, or 0 when negative: PostgreSQL's
     * {@code TimestampDifference} never reports a negative interval.
     */
    public static long differenceMicros(long start, long stop) {
        long diff = stop - start;
        return diff > 0 ? diff : 0;
    }

    /**
     * Whether at least {@code millis} milliseconds lie between {@code start} and {@code stop}
     * (PostgreSQL's {@code TimestampDifferenceExceeds}).
     */
    public static boolean differenceExceeds(long start, long stop, int millis) {
        return stop - start >= millis * 1000L;
    }

    /**
     * The text PostgreSQL prints for a {@code timestamptz} with TimeZone UTC, e.g.
     * {@code 2026-11-25 14:36:14.494985+00} (trailing zeros of the fraction dropped).
     */
    public static String format(long ts) {
        Instant i = toInstant(ts);
        int micros = i.getNano() / 1000;
        StringBuilder sb = new StringBuilder(32).append(TEXT.format(i));
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
