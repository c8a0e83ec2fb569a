package org.pgstat4j.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The StatsSender contract on a raw descriptor: delivered when the kernel takes it, otherwise
 * dropped and counted, never thrown, never blocking.
 */
class RawDatagramSenderTest {

    @Test
    void heapDirectAndReadOnlyBuffersArriveIntact() throws IOException {
        try (DatagramChannel channel = TestSockets.selfConnectedChannel();
                RawDatagramSender sender = new RawDatagramSender(DatagramChannelFd.duplicate(channel))) {
            ByteBuffer heap = TestSockets.ascii("xxheap-datagramyy");
            heap.position(2).limit(heap.limit() - 2);
            ByteBuffer direct = ByteBuffer.allocateDirect(32);
            direct.put(TestSockets.ascii("direct")).flip();
            ByteBuffer readOnly = TestSockets.ascii("read-only").asReadOnlyBuffer();
            ByteBuffer readOnlyDirect = ByteBuffer.allocateDirect(16).put(TestSockets.ascii("ro-direct")).flip()
                    .asReadOnlyBuffer();

            assertThat(sender.send(heap)).isTrue();
            assertThat(sender.send(direct)).isTrue();
            assertThat(sender.send(readOnly)).isTrue();
            assertThat(sender.send(readOnlyDirect)).isTrue();

            assertThat(TestSockets.ascii(TestSockets.receive(channel))).isEqualTo("heap-datagram");
            assertThat(TestSockets.ascii(TestSockets.receive(channel))).isEqualTo("direct");
            assertThat(TestSockets.ascii(TestSockets.receive(channel))).isEqualTo("read-only");
            assertThat(TestSockets.ascii(TestSockets.receive(channel))).isEqualTo("ro-direct");
            assertThat(heap.hasRemaining()).as("position advanced like DatagramChannel.write").isFalse();
            assertThat(direct.hasRemaining()).isFalse();
            assertThat(sender.sentCount()).isEqualTo(4);
            assertThat(sender.droppedCount()).isZero();
        }
    }

    @Test
    void datagramLargerThanTheScratchBufferArrivesIntact() throws IOException {
        try (DatagramChannel channel = TestSockets.selfConnectedChannel();
                RawDatagramSender sender = new RawDatagramSender(DatagramChannelFd.duplicate(channel))) {
            byte[] big = new byte[5000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i % 251);
            }
            assertThat(sender.send(ByteBuffer.wrap(big))).isTrue();
            assertThat(sender.send(TestSockets.ascii("small after big"))).isTrue();
            assertThat(TestSockets.receive(channel)).isEqualTo(big);
            assertThat(TestSockets.ascii(TestSockets.receive(channel))).isEqualTo("small after big");
        }
    }

    /**
     * Loopback UDP never reports a full receive buffer to the sender (the kernel drops at the
     * receiver), so a full buffer is made where the kernel does report it: a Unix datagram
     * socketpair, whose sends fail with EAGAIN once the peer's queue is full.
     */
    @Test
    void fullBufferDropsAndCountsEveryDatagramExactly() throws IOException {
        int[] pair = TestSockets.socketPair(LinuxAbi.SOCK_DGRAM);
        TestSockets.setIntOption(pair[0], LinuxAbi.SO_SNDBUF, 4096);
        try (RawDatagramSender sender = new RawDatagramSender(pair[0]);
                RawDatagramReceiver receiver = new RawDatagramReceiver(pair[1])) {
            ByteBuffer datagram = ByteBuffer.allocate(200);
            int attempts = 0;
            boolean refused = false;
            while (!refused && attempts < 100_000) {
                datagram.clear();
                attempts++;
                refused = !sender.send(datagram);
            }
            assertThat(refused).as("the kernel refused a datagram within 100000 sends").isTrue();
            // a few more on the full buffer: all dropped, none thrown
            for (int i = 0; i < 10; i++) {
                datagram.clear();
                attempts++;
                sender.send(datagram);
            }
            assertThat(sender.droppedBufferFullCount()).isGreaterThanOrEqualTo(1);
            assertThat(sender.droppedFailedCount()).isZero();
            assertThat(sender.sentCount() + sender.droppedCount()).isEqualTo(attempts);

            // every datagram reported sent is in the queue, and no dropped one is
            int received = 0;
            ByteBuffer into = ByteBuffer.allocate(300);
            while (receiver.receive(into.clear()) >= 0) {
                assertThat(into.position()).isEqualTo(200);
                received++;
            }
            assertThat((long) received).isEqualTo(sender.sentCount());
        }
    }

    @Test
    void closedUnixPeerDropsWithoutThrowing() throws IOException {
        int[] pair = TestSockets.socketPair(LinuxAbi.SOCK_DGRAM);
        Libc.closeFd(pair[1]);
        try (RawDatagramSender sender = new RawDatagramSender(pair[0])) {
            assertThat(sender.send(TestSockets.ascii("nobody there"))).isFalse();
            assertThat(sender.send(TestSockets.ascii("still nobody"))).isFalse();
            assertThat(sender.droppedFailedCount()).isEqualTo(2);
            assertThat(sender.sentCount()).isZero();
        }
    }

    /**
     * A UDP socket connected to a port whose socket has closed gets ECONNREFUSED from the ICMP
     * error of an earlier send. Sends are paced so ICMP rate limiting cannot hide it.
     */
    @Test
    void closedUdpPeerDropsWithoutThrowing() throws Exception {
        DatagramChannel peer = DatagramChannel.open(StandardProtocolFamily.INET);
        peer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (DatagramChannel local = DatagramChannel.open(StandardProtocolFamily.INET)) {
            local.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            local.connect(peer.getLocalAddress());
            peer.close();
            try (RawDatagramSender sender = new RawDatagramSender(DatagramChannelFd.duplicate(local))) {
                int attempts = 0;
                while (sender.droppedCount() == 0 && attempts < 500) {
                    attempts++;
                    sender.send(TestSockets.ascii("to a closed port"));
                    Thread.sleep(10);
                }
                assertThat(sender.droppedFailedCount()).isGreaterThanOrEqualTo(1);
                assertThat(sender.sentCount() + sender.droppedCount()).isEqualTo(attempts);
            }
        }
    }

    @Test
    void sendAfterCloseIsDroppedNotThrown() throws IOException {
        try (DatagramChannel channel = TestSockets.selfConnectedChannel()) {
            RawDatagramSender sender = new RawDatagramSender(DatagramChannelFd.duplicate(channel));
            sender.close();
            sender.close();
            assertThat(sender.isOpen()).isFalse();
            assertThat(sender.send(TestSockets.ascii("late"))).isFalse();
            assertThat(sender.droppedCount()).isEqualTo(1);
            assertThat(TestSockets.receiveNow(channel)).isNull();
        }
    }

    /**
     * Many threads share one sender: each datagram is stamped with its thread and sequence
     * number and filled with a pattern, so a scratch buffer shared by mistake would show as a
     * corrupt or duplicated datagram; the counts must add up exactly.
     */
    @Test
    void concurrentSendersNeitherCorruptNorMiscount() throws Exception {
        int threads = 4;
        int perThread = 2000;
        int[] pair = TestSockets.socketPair(LinuxAbi.SOCK_DGRAM);
        try (RawDatagramSender sender = new RawDatagramSender(pair[0]);
                RawDatagramReceiver receiver = new RawDatagramReceiver(pair[1])) {
            AtomicBoolean sendersDone = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            boolean[][] seen = new boolean[threads][perThread];
            long[] received = new long[1];
            Thread drainer = Thread.ofPlatform().start(() -> {
                ByteBuffer into = ByteBuffer.allocate(128);
                try {
                    while (true) {
                        boolean done = sendersDone.get(); // read before receiving: see below
                        int n = receiver.receive(into.clear());
                        if (n >= 0) {
                            check(into, n, seen);
                            received[0]++;
                        } else if (done) {
                            return; // every send had returned before this empty receive
                        } else {
                            receiver.awaitReadable(20);
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                senders.add(Thread.ofPlatform().start(() -> {
                    ByteBuffer datagram = ByteBuffer.allocate(64);
                    try {
                        start.await();
                        for (int seq = 0; seq < perThread; seq++) {
                            datagram.clear();
                            datagram.putInt(id).putInt(seq);
                            while (datagram.hasRemaining()) {
                                datagram.put((byte) (id * 37 + seq));
                            }
                            datagram.flip();
                            sender.send(datagram);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            start.countDown();
            for (Thread t : senders) {
                t.join();
            }
            sendersDone.set(true);
            drainer.join(TestSockets.LIVENESS_MILLIS);
            assertThat(drainer.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
            assertThat(sender.sentCount() + sender.droppedCount()).isEqualTo((long) threads * perThread);
            assertThat(received[0]).isEqualTo(sender.sentCount());
        }
    }

    private static void check(ByteBuffer into, int n, boolean[][] seen) {
        assertThat(n).isEqualTo(64);
        ByteBuffer d = into.duplicate().flip();
        int id = d.getInt();
        int seq = d.getInt();
        while (d.hasRemaining()) {
            assertThat(d.get()).isEqualTo((byte) (id * 37 + seq));
        }
        assertThat(seen[id][seq]).as("datagram %d/%d twice", id, seq).isFalse();
        seen[id][seq] = true;
    }
}
