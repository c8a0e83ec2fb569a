package org.pgstat4j.backend;

import org.pgstat4j.protocol.PgTimestamps;

/**
 * The two clocks a {@link Backend} reads: wall-clock time as a PostgreSQL TimestampTz
 * (rate limiting, session times, report timestamps) and a monotonic nanosecond counter
 * (function call timing, like PostgreSQL's {@code instr_time}).
 *
 * <p>Injected so that tests decide exactly what time it is; {@link #system()} is the real one.
 * Implementations must be cheap: the backend reads them at flush and state-change points and
 * twice per tracked function call.
 *
 * <p>The one way to misuse it: an implementation that is slow or blocks. It is read at every
 * flush and state change and twice per tracked function call.
 */
public interface StatsClock {
    /** Current wall-clock time, microseconds since 2000-01-01 UTC. */
    long currentTimestamp();

    /** A monotonic high-resolution time in nanoseconds; only differences are meaningful. */
    long nanoTime();

    /** The system clocks: {@link PgTimestamps#now()} and {@link System#nanoTime()}. */
    static StatsClock system() {
        return SystemClock.INSTANCE;
    }

    /** The system clocks. */
    enum SystemClock implements StatsClock {
        INSTANCE;

        @Override
        public long currentTimestamp() {
            return PgTimestamps.now();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }
}
