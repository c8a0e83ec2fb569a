package org.pgstat4j.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

/** Finding a JDK channel's socket without JDK internals. */
class DatagramChannelFdTest {

    @Test
    void duplicateIsTheChannelsOwnSocketAmongSeveral() throws IOException {
        try (DatagramChannel first = TestSockets.selfConnectedChannel();
                DatagramChannel second = TestSockets.selfConnectedChannel();
                DatagramChannel third = TestSockets.selfConnectedChannel()) {
            int fd = DatagramChannelFd.duplicate(second);
            try (RawDatagramSender sender = new RawDatagramSender(fd)) {
                assertThat(TestSockets.localPort(fd))
                        .isEqualTo(((InetSocketAddress) second.getLocalAddress()).getPort());
                assertThat(sender.send(TestSockets.ascii("for the second"))).isTrue();
            }
            assertThat(TestSockets.ascii(TestSockets.receive(second))).isEqualTo("for the second");
            assertThat(TestSockets.receiveNow(first)).isNull();
            assertThat(TestSockets.receiveNow(third)).isNull();
        }
    }

    @Test
    void duplicateKeepsNoExtraDescriptorAndOutlivesTheChannel() throws IOException {
        DatagramChannel channel = TestSockets.selfConnectedChannel();
        int fd = DatagramChannelFd.duplicate(channel);
        String socket = TestSockets.kernelObject(fd);
        try (RawDatagramReceiver receiver = new RawDatagramReceiver(fd)) {
            assertThat(TestSockets.descriptorsOf(socket)).as("the channel's and ours, no stray copy").isEqualTo(2);
            channel.write(TestSockets.ascii("queued"));
            channel.close();
            // the socket lives on in the duplicate, queue included (as when a collector restarts)
            assertThat(TestSockets.descriptorsOf(socket)).isEqualTo(1);
            assertThat(receiver.awaitReadable(TestSockets.LIVENESS_MILLIS)).isTrue();
            ByteBuffer into = ByteBuffer.allocate(16);
            assertThat(receiver.receive(into)).isEqualTo(6);
        }
        assertThat(TestSockets.descriptorsOf(socket)).isZero();
    }

    @Test
    void unconnectedChannelIsFoundByItsLocalAddress() throws IOException {
        try (DatagramChannel target = DatagramChannel.open(StandardProtocolFamily.INET);
                DatagramChannel other = DatagramChannel.open(StandardProtocolFamily.INET)) {
            target.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            other.send(TestSockets.ascii("hello"), target.getLocalAddress());
            try (RawDatagramReceiver receiver = new RawDatagramReceiver(DatagramChannelFd.duplicate(target))) {
                assertThat(receiver.awaitReadable(TestSockets.LIVENESS_MILLIS)).isTrue();
                ByteBuffer into = ByteBuffer.allocate(16);
                assertThat(receiver.receive(into)).isEqualTo(5);
            }
        }
    }

    @Test
    void ipv6LoopbackChannelIsFound() throws IOException {
        InetAddress v6 = InetAddress.getByName("::1");
        DatagramChannel channel;
        try {
            channel = DatagramChannel.open(StandardProtocolFamily.INET6);
            channel.bind(new InetSocketAddress(v6, 0));
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e);
            return;
        }
        try (channel) {
            channel.connect(channel.getLocalAddress());
            channel.configureBlocking(false);
            assertThat(((InetSocketAddress) channel.getLocalAddress()).getAddress()).isInstanceOf(Inet6Address.class);
            try (RawDatagramSender sender = new RawDatagramSender(DatagramChannelFd.duplicate(channel))) {
                assertThat(sender.send(TestSockets.ascii("over ::1"))).isTrue();
            }
            assertThat(TestSockets.ascii(TestSockets.receive(channel))).isEqualTo("over ::1");
        }
    }

    @Test
    void closedOrUnboundChannelIsRefused() throws IOException {
        DatagramChannel closed = TestSockets.selfConnectedChannel();
        closed.close();
        assertThatThrownBy(() -> DatagramChannelFd.duplicate(closed)).isInstanceOf(ClosedChannelException.class);
        try (DatagramChannel unbound = DatagramChannel.open(StandardProtocolFamily.INET)) {
            assertThatThrownBy(() -> DatagramChannelFd.duplicate(unbound))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("not bound");
        }
    }
}
