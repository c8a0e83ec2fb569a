package org.pgstat4j.server.scenario;

import java.time.Duration;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.backend.StatsClock;

/**
 * A session clock that stands still until a scenario moves it: the 500 ms rate limit,
 * session, active and idle times, and function timings then depend only on the steps, never
 * on how fast the machine runs them. Starts at the real time so that the timestamps it
 * produces (last_vacuum, ...) are plausible. Thread-safe.
 */
final class ManualClock implements StatsClock {
    private long timestamp = PgTimestamps.now();
    private long nanos = System.nanoTime();

    @Override
    public synchronized long currentTimestamp() {
        return timestamp;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    /** Moves both clocks forward by {@code d}. */
    synchronized void advance(Duration d) {
        timestamp += d.toNanos() / 1000;
        nanos += d.toNanos();
    }

    void advanceMillis(long ms) {
        advance(Duration.ofMillis(ms));
    }
}
