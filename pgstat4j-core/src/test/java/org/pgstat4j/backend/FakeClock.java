package org.pgstat4j.backend;

import java.time.Instant;
import org.pgstat4j.protocol.PgTimestamps;

/** A clock that moves only when told; wall clock and nanosecond clock move together. */
final class FakeClock implements StatsClock {
    static final long START = PgTimestamps.fromInstant(Instant.parse("2025-03-01T12:00:00Z"));

    private long micros = START;
    private long nanos = 1_000_000_000L;

    @Override
    public long currentTimestamp() {
        return micros;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    FakeClock advanceMillis(long ms) {
        return advanceMicros(ms * 1000);
    }

    FakeClock advanceMicros(long us) {
        micros += us;
        nanos += us * 1000;
        return this;
    }

    FakeClock advanceNanos(long ns) {
        nanos += ns;
        micros += ns / 1000;
        return this;
    }
}
