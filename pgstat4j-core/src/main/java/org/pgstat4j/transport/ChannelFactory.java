package org.pgstat4j.transport;

import java.io.IOException;
import java.net.ProtocolFamily;

/**
 * Step 3.3 of {@code pgstat_init} (spec §2.1): creates a datagram socket of one address
 * family. A seam so that tests can make any later step of the self-test fail.
 *
 * <p>The one way to misuse it: supplying one in production. It is a seam for tests;
 * {@link StatsSocket#open()} uses the system's.
 */
@FunctionalInterface
public interface ChannelFactory {
    /** A new, unbound datagram socket of {@code family}. */
    CandidateChannel open(ProtocolFamily family) throws IOException;

    /** Real sockets: {@link java.nio.channels.DatagramChannel#open(ProtocolFamily)}. */
    static ChannelFactory system() {
        return JdkCandidateChannel::open;
    }
}
