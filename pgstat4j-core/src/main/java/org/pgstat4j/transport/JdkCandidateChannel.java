package org.pgstat4j.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * {@link CandidateChannel} over a JDK {@link DatagramChannel}. Not final: tests override one
 * step to make it fail while the others stay real.
 */
class JdkCandidateChannel implements CandidateChannel {
    private final DatagramChannel channel;

    JdkCandidateChannel(DatagramChannel channel) {
        this.channel = channel;
    }

    static CandidateChannel open(ProtocolFamily family) throws IOException {
        return new JdkCandidateChannel(DatagramChannel.open(family));
    }

    @Override
    public void bind(InetSocketAddress address) throws IOException {
        channel.bind(address);
    }

    @Override
    public InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public void connect(InetSocketAddress address) throws IOException {
        channel.connect(address);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    /**
     * A private {@link Selector}, as PostgreSQL uses {@code select}. A selector only takes a
     * non-blocking channel, so the socket is non-blocking from here on (step 5 would make it so
     * anyway). An interrupt of the calling thread ends the wait early and counts as "nothing
     * arrived": unlike EINTR it is a request to stop, and waiting again would spin.
     */
    @Override
    public boolean awaitReadable(long timeoutMillis) throws IOException {
        channel.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            return selector.select(timeoutMillis) > 0;
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public void configureNonBlocking() throws IOException {
        channel.configureBlocking(false);
    }

    @Override
    public int receiveBufferSize() throws IOException {
        return channel.getOption(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public void setReceiveBufferSize(int bytes) throws IOException {
        channel.setOption(StandardSocketOptions.SO_RCVBUF, bytes);
    }

    @Override
    public DatagramChannel channel() {
        return channel;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
