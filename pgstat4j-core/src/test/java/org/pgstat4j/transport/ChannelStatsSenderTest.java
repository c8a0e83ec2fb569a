package org.pgstat4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pgstat4j.transport.TransportTestSupport.bytes;
import static org.pgstat4j.transport.TransportTestSupport.receiveNext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NotYetConnectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pgstat4j.protocol.ConnectMessage;
import org.pgstat4j.protocol.MessageCodec;

/**
 * The send side (spec §3.3; DESIGN.md §4 "no backend call blocks or throws because of
 * statistics"): a datagram the kernel does not take is dropped and counted, never retried,
 * never thrown.
 */
@Timeout(60)
class ChannelStatsSenderTest {
    private final RecordingLogger log = new RecordingLogger();

    @Test
    void datagramIsSentWholeAndCounted() throws IOException {
        byte[] connect = MessageCodec.encode(new ConnectMessage(12972));
        try (StatsSocket socket = StatsSocket.open(AddressResolver.system(), ChannelFactory.system(), log);
             DatagramReceiver receiver = socket.newReceiver()) {
            StatsSender sender = new ChannelStatsSender(socket.channel(), log);
            ByteBuffer out = ByteBuffer.wrap(connect);
            assertThat(sender.send(out)).isTrue();
            assertThat(out.hasRemaining()).isFalse();
            assertThat(sender.sentCount()).isEqualTo(1);
            assertThat(sender.droppedCount()).isZero();

            ByteBuffer in = DatagramReceiver.newBuffer();
            assertThat(receiveNext(receiver, in)).isEqualTo(12);
            assertThat(bytes(in)).isEqualTo(connect);
        }
    }

    @Test
    void datagramTheKernelDoesNotTakeIsDroppedAndCounted() {
        // a full send buffer on a non-blocking socket: the write takes nothing
        ChannelStatsSender sender = new ChannelStatsSender(b -> 0, log);
        assertThat(sender.send(ByteBuffer.wrap(new byte[12]))).isFalse();
        assertThat(sender.droppedCount()).isEqualTo(1);
        assertThat(sender.sentCount()).isZero();
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void sendErrorIsADropLoggedOnceNeverThrown() {
        ChannelStatsSender sender = new ChannelStatsSender(b -> {
            throw new IOException("No buffer space available");
        }, log);
        assertThat(sender.send(ByteBuffer.wrap(new byte[12]))).isFalse();
        assertThat(sender.send(ByteBuffer.wrap(new byte[12]))).isFalse();
        assertThat(sender.droppedCount()).isEqualTo(2);
        assertThat(log.lines()).containsExactly("DEBUG could not send to statistics collector: No buffer space available");
    }

    @Test
    void runtimeExceptionFromTheChannelIsADropNotACrash() {
        ChannelStatsSender sender = new ChannelStatsSender(b -> {
            throw new NotYetConnectedException();
        }, log);
        assertThat(sender.send(ByteBuffer.wrap(new byte[12]))).isFalse();
        assertThat(sender.droppedCount()).isEqualTo(1);
        assertThat(log.lines()).containsExactly("DEBUG could not send to statistics collector: NotYetConnectedException");
    }

    @Test
    void emptyDatagramIsDropped() {
        List<Integer> writes = new ArrayList<>();
        ChannelStatsSender sender = new ChannelStatsSender(b -> {
            writes.add(b.remaining());
            return b.remaining();
        }, log);
        assertThat(sender.send(ByteBuffer.allocate(0))).isFalse();
        assertThat(sender.droppedCount()).isEqualTo(1);
        assertThat(writes).isEmpty();
    }

    @Test
    void closedSocketDropsWithoutThrowing() {
        StatsSocket socket = StatsSocket.open(AddressResolver.system(), ChannelFactory.system(), log);
        socket.close();
        assertThat(socket.sender().send(ByteBuffer.wrap(new byte[12]))).isFalse();
        assertThat(socket.sender().droppedCount()).isEqualTo(1);
        assertThat(log.lines()).containsExactly("DEBUG could not send to statistics collector: ClosedChannelException");
    }

    @Test
    void interruptedBackendThreadDoesNotCloseTheSharedSocket() {
        // an interruptible channel closes itself when a thread interrupted during a *blocking*
        // operation; one backend's interrupt must not take statistics away from all the others
        try (StatsSocket socket = StatsSocket.open(AddressResolver.system(), ChannelFactory.system(), log)) {
            Thread.currentThread().interrupt();
            try {
                assertThat(socket.sender().send(ByteBuffer.wrap(new byte[12]))).isTrue();
            } finally {
                assertThat(Thread.interrupted()).as("interrupt status kept for the backend").isTrue();
            }
            assertThat(socket.channel().isOpen()).isTrue();
            assertThat(socket.sender().send(ByteBuffer.wrap(new byte[12]))).isTrue();
        }
    }

    @Test
    void countersAreExactWithManyThreads() throws InterruptedException {
        // every datagram whose first byte is even is taken, the others are refused
        ChannelStatsSender sender = new ChannelStatsSender(b -> (b.get(b.position()) & 1) == 0 ? b.remaining() : 0, log);
        int threads = 4;
        int perThread = 25_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                ByteBuffer b = ByteBuffer.allocate(12);
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    b.clear().put(0, (byte) i);
                    sender.send(b);
                }
            });
            th.start();
            ts.add(th);
        }
        start.countDown();
        for (Thread th : ts) {
            th.join();
        }
        assertThat(sender.sentCount()).isEqualTo(threads * perThread / 2);
        assertThat(sender.droppedCount()).isEqualTo(threads * perThread / 2);
    }

    @Test
    void publicConstructorRefusesAChannelThatCouldBlockOrIsNotConnected() throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThatThrownBy(() -> new ChannelStatsSender(ch, log)).isInstanceOf(IllegalArgumentException.class);
            ch.connect(ch.getLocalAddress());
            assertThatThrownBy(() -> new ChannelStatsSender(ch, log))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blocking true");
            ch.configureBlocking(false);
            assertThat(new ChannelStatsSender(ch, log).send(ByteBuffer.wrap(new byte[12]))).isTrue();
        }
    }
}
