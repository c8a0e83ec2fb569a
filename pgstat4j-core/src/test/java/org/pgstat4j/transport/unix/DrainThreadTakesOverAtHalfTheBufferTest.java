package org.pgstat4j.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;
import org.pgstat4j.transport.RecordingLogger;

/**
 * Who receives while the collector is busy: the collector itself, when it comes back, as long
 * as the kernel's queue holds less than half the receive buffer (no datagram crosses to the
 * drain thread's core for nothing); the drain thread, as soon as it holds half, so that the
 * buffer never fills while the ring has room. And {@link ReceiveQueue} reports the queue.
 */
class DrainThreadTakesOverAtHalfTheBufferTest {
    @Test
    void theReceiveQueueReportsWhatWaitsAndTheBufferLimit() throws Exception {
        try (Arena arena = Arena.ofConfined(); DatagramChannel channel = TestSockets.selfConnectedChannel()) {
            int fd = DatagramChannelFd.duplicate(channel);
            try {
                ReceiveQueue queue = new ReceiveQueue(arena);
                assumeTrue(queue.bytes(fd) >= 0, "the kernel reports SO_MEMINFO");
                assertThat(queue.bytes(fd)).isZero();
                assertThat(queue.limit()).isEqualTo(TestSockets.intOption(fd, LinuxAbi.SO_RCVBUF));
                channel.write(ByteBuffer.allocate(100));
                channel.write(ByteBuffer.allocate(100));
                long two = queue.bytes(fd);
                assertThat(two).as("two datagrams' truesize").isGreaterThanOrEqualTo(200);
                // the kernel gives receive memory back in batches (a quarter of the buffer), and
                // all of it once its queue is empty
                TestSockets.receive(channel);
                assertThat(queue.bytes(fd)).isPositive().isLessThanOrEqualTo(two);
                TestSockets.receive(channel);
                assertThat(queue.bytes(fd)).isZero();
            } finally {
                TestSockets.closeQuietly(fd);
            }
        }
    }

    @Test
    void aBusyCollectorReceivesItsOwnDatagramsWhileTheQueueIsUnderHalf() throws Exception {
        try (DatagramChannel channel = TestSockets.selfConnectedChannel();
                DrainingReceiver rx = new DrainingReceiver(DatagramChannelFd.duplicate(channel), new RecordingLogger());
                Arena arena = Arena.ofConfined()) {
            assumeTrue(reportsQueue(channel, arena), "the kernel reports SO_MEMINFO");
            for (int i = 0; i < 5; i++) {
                channel.write(ByteBuffer.allocate(100).putInt(0, i));
            }
            // the consumer neither receives nor waits: it is busy; the drain thread looks and leaves them
            Thread.sleep(200);
            assertThat(rx.drained()).as("taken by the drain thread").isZero();
            for (int i = 0; i < 5; i++) {
                ByteBuffer in = rx.receiveInPlace();
                assertThat(in).isNotNull();
                assertThat(in.getInt(0)).isEqualTo(Integer.reverseBytes(i));
            }
            assertThat(rx.drained()).isEqualTo(5);
        }
    }

    @Test
    void theDrainThreadTakesOverOnceTheQueueHoldsHalfTheBuffer() throws Exception {
        // the kernel's default buffer (the request 0 never lowers it): half of it is a few dozen datagrams
        try (DatagramChannel channel = TestSockets.selfConnectedChannel();
                DrainingReceiver rx = new DrainingReceiver(DatagramChannelFd.duplicate(channel), 0,
                        new RecordingLogger());
                Arena arena = Arena.ofConfined()) {
            int fd = DatagramChannelFd.duplicate(channel);
            int sent = 0;
            try {
                ReceiveQueue queue = new ReceiveQueue(arena);
                assumeTrue(queue.bytes(fd) >= 0, "the kernel reports SO_MEMINFO");
                // fill up to half the buffer and no further: nothing can overflow while the drain thread is late
                while (rx.drained() == 0 && 2 * queue.bytes(fd) < queue.limit()) {
                    assertThat(channel.write(ByteBuffer.allocate(976).putInt(0, sent))).isEqualTo(976);
                    sent++;
                }
            } finally {
                TestSockets.closeQuietly(fd);
            }
            long deadline = System.nanoTime() + TestSockets.LIVENESS_MILLIS * 1_000_000L;
            while (rx.drained() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(rx.drained()).as("received by the drain thread, the consumer busy").isPositive();
            for (int i = 0; i < sent; i++) {
                ByteBuffer in = rx.receiveInPlace();
                while (in == null) {
                    assertThat(rx.awaitReadable(TestSockets.LIVENESS_MILLIS)).as("datagram %d of %d", i, sent).isTrue();
                    in = rx.receiveInPlace();
                }
                assertThat(in.getInt(0)).as("order").isEqualTo(Integer.reverseBytes(i));
            }
            assertThat(rx.drained()).isEqualTo(sent);
        }
    }

    private static boolean reportsQueue(DatagramChannel channel, Arena arena) throws Exception {
        int fd = DatagramChannelFd.duplicate(channel);
        try {
            return new ReceiveQueue(arena).bytes(fd) >= 0;
        } finally {
            TestSockets.closeQuietly(fd);
        }
    }
}
