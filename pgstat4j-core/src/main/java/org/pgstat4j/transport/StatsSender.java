package org.pgstat4j.transport;

import java.nio.ByteBuffer;

/**
 * Where backends put their datagrams: the statistics socket, or a test double.
 *
 * <p>Invariant (DESIGN.md §4): {@link #send} never blocks and never throws because of
 * statistics. A datagram that cannot be sent now (socket buffer full, no socket, collector
 * gone) is dropped and counted in {@link #droppedCount()}; it is never retried.
 *
 * <p>The one way to misuse it: retrying a send that returned false. A dropped datagram stays
 * dropped, as in PostgreSQL; a retry loop would make the backend wait for the collector, which
 * this interface exists to prevent.
 */
public interface StatsSender {
    /**
     * Sends the bytes between position and limit of {@code datagram} as one datagram.
     * Returns {@code true} if the kernel took it, {@code false} if it was dropped.
     */
    boolean send(ByteBuffer datagram);

    /** Datagrams handed to {@link #send} and accepted by the kernel. */
    long sentCount();

    /** Datagrams handed to {@link #send} and dropped (buffer full, socket invalid or closed). */
    long droppedCount();

    /** A sender for when statistics are disabled: drops and counts everything. */
    static StatsSender disabled() {
        return new StatsSender() {
            private final java.util.concurrent.atomic.LongAdder dropped = new java.util.concurrent.atomic.LongAdder();

            public boolean send(ByteBuffer datagram) {
                dropped.increment();
                return false;
            }

            public long sentCount() {
                return 0;
            }

            public long droppedCount() {
                return dropped.sum();
            }
        };
    }
}
