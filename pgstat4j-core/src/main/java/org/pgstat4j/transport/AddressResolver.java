package org.pgstat4j.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 2 of {@code pgstat_init} (spec §2.1): the addresses of a host name, port 0, in the
 * order the resolver returns them. A seam so that tests can make resolution fail or return
 * addresses that {@link StatsSocket} must skip.
 *
 * <p>The one way to misuse it: trying to choose the statistics port with it. It resolves the
 * host name only; the port is always the kernel's choice (0), as in {@code pgstat_init}.
 */
@FunctionalInterface
public interface AddressResolver {
    /**
     * Every address of {@code host} with port 0, in resolver order; may be empty. Throws if
     * the name cannot be resolved; the message is logged as the reason.
     */
    List<SocketAddress> resolve(String host) throws IOException;

    /** The platform resolver ({@link InetAddress#getAllByName}): IPv4 and IPv6 both allowed. */
    static AddressResolver system() {
        return host -> {
            InetAddress[] all = InetAddress.getAllByName(host);
            List<SocketAddress> out = new ArrayList<>(all.length);
            for (InetAddress a : all) {
                out.add(new InetSocketAddress(a, 0));
            }
            return out;
        };
    }
}
