package org.pgstat4j.backend;

import java.time.Instant;

/**
 * Converts between Java time and PostgreSQL's {@code TimestampTz}: a signed count of
 * microseconds since 2000-01-01 00:00:00 UTC, where 0 means "never / not set".
 *
 * <p>This is the one place that knows the PostgreSQL epoch; every other class carries
 * timestamps as plain {@code long} microseconds. Conversions of instants outside the range a
 * {@code long} of microseconds can hold throw {@link ArithmeticException}.
 *
 * <p>The one way to misuse it: mixing a {@code TimestampTz} with Unix microseconds. Both are
 * {@code long} microseconds, 30 years apart; convert at the edge with {@link #fromUnixMicros}
 * and {@link #toUnixMicros}.
 */
public final class PgTime {
    /** Seconds from the Unix epoch (1970-01-01) to the PostgreSQL epoch (2000-01-01). */
    public static final long POSTGRES_EPOCH_UNIX_SECONDS = 946_684_800L;
    /** The PostgreSQL epoch as an instant. */
    public static final Instant POSTGRES_EPOCH = Instant.ofEpochSecond(POSTGRES_EPOCH_UNIX_SECONDS);

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private PgTime() {
    }

    /** The TimestampTz of {@code instant}, truncated to whole microseconds (towards the past). */
    public static long fromInstant(Instant instant) {
        long seconds = Math.subtractExact(instant.getEpochSecond(), POSTGRES_EPOCH_UNIX_SECONDS);
        return Math.addExact(Math.multiplyExact(seconds, MICROS_PER_SECOND), instant.getNano() / 1000);
    }

    /** The instant of a TimestampTz. */
    public static Instant toInstant(long timestampTz) {
        long seconds = Math.floorDiv(timestampTz, MICROS_PER_SECOND);
        long micros = Math.floorMod(timestampTz, MICROS_PER_SECOND);
        return Instant.ofEpochSecond(seconds + POSTGRES_EPOCH_UNIX_SECONDS, micros * 1000);
    }

    /** The TimestampTz of a count of microseconds since the Unix epoch. */
    public static long fromUnixMicros(long unixMicros) {
        return Math.subtractExact(unixMicros, POSTGRES_EPOCH_UNIX_SECONDS * MICROS_PER_SECOND);
    }

    /** Microseconds since the Unix epoch of a TimestampTz. */
    public static long toUnixMicros(long timestampTz) {
        return Math.addExact(timestampTz, POSTGRES_EPOCH_UNIX_SECONDS * MICROS_PER_SECOND);
    }

    /** The current wall-clock time as a TimestampTz. */
    public static long now() {
        return fromInstant(Instant.now());
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
}
