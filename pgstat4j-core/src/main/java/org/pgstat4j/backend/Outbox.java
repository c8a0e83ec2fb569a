package org.pgstat4j.backend;

import java.nio.ByteBuffer;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.StatMessage;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.transport.StatsSender;

/**
 * A backend's way out ({@code pgstat_send}): encodes each message into one reused
 * 1000-byte little-endian buffer and hands it to the {@link StatsSender}.
 *
 * <p>Invariant: {@link #send} never throws and never blocks. When statistics are disabled
 * (PostgreSQL's invalid socket) nothing is sent at all; a datagram the sender drops is
 * counted by the sender and forgotten here, exactly like a failed {@code send} in PostgreSQL.
 *
 * <p>Pacing: a flush of many tables is a burst of datagrams (250 for 2,000 tables). After every
 * {@value #PACE_BURST} datagrams the backend yields its processor once, so that on a busy
 * machine the collector's drain thread gets to run between the parts of a burst instead of
 * after all of them. A yield never waits for the collector: the invariant holds.
 */
final class Outbox {
    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());
    /** Datagrams sent back to back before the backend yields once. */
    static final int PACE_BURST = 32;

    private final StatsSender sender;
    private final boolean enabled;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(Wire.MAX_MSG_SIZE).order(Wire.ORDER);
    private boolean senderFailureLogged;
    private int sinceYield;

    Outbox(StatsSender sender, boolean enabled) {
        this.sender = sender;
        this.enabled = enabled && sender != null;
    }

    /** Whether statistics can be sent at all (PostgreSQL: the socket is valid). */
    boolean enabled() {
        return enabled;
    }

    void send(StatMessage message) {
        if (!enabled) {
            return;
        }
        MessageCodec.encode(message, buffer);
        if (++sinceYield == PACE_BURST) {
            sinceYield = 0;
            Thread.yield();
        }
        try {
            sender.send(buffer);
        } catch (RuntimeException e) {
            // The sender contract forbids this; a broken sender must still not fail a session.
            if (!senderFailureLogged) {
                senderFailureLogged = true;
                LOG.log(System.Logger.Level.WARNING, "statistics sender failed; message dropped", e);
            }
        }
    }
}
