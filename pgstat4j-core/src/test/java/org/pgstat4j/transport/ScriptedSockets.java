package org.pgstat4j.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Real sockets made by {@code make} from the attempt number and a new channel; {@code make}
 * may override one step. Remembers every channel and family asked for.
 */
final class ScriptedSockets implements ChannelFactory {
    /** 127.0.0.1, port 0: what resolving "localhost" gives on most hosts. */
    static final InetSocketAddress LOOPBACK4 = loopback4();

    final List<DatagramChannel> channels = new ArrayList<>();
    final List<ProtocolFamily> families = new ArrayList<>();
    private final BiFunction<Integer, DatagramChannel, CandidateChannel> make;

    ScriptedSockets(Function<DatagramChannel, CandidateChannel> make) {
        this((attempt, ch) -> make.apply(ch));
    }

    ScriptedSockets(BiFunction<Integer, DatagramChannel, CandidateChannel> make) {
        this.make = make;
    }

    @Override
    public CandidateChannel open(ProtocolFamily family) throws IOException {
        families.add(family);
        DatagramChannel ch = DatagramChannel.open(family);
        channels.add(ch);
        return make.apply(channels.size() - 1, ch);
    }

    private static InetSocketAddress loopback4() {
        try {
            return new InetSocketAddress(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}), 0);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
