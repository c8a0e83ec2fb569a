package org.pgstat4j.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.RejectReason;
import org.pgstat4j.transport.RecordingLogger;

/**
 * The drain thread empties the socket into its ring and the consumer gets every datagram, in
 * order, with its length — copied or in place — more than a ring's worth included; an
 * over-long datagram still shows as over-long; the receive buffer is raised and logged.
 */
class DrainingReceiverTest {
    @Test
    void everyDatagramArrivesInOrderWithItsLengthCopiedOrInPlace() throws Exception {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        RecordingLogger log = new RecordingLogger();
        try (DatagramChannel channel = TestSockets.selfConnectedChannel();
                DrainingReceiver rx = new DrainingReceiver(DatagramChannelFd.duplicate(channel), log)) {
            assertThat(rx.receiveBuffer().granted()).isGreaterThanOrEqualTo(rx.receiveBuffer().before());
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("receive buffer: requested "
                    + ReceiveBuffer.REQUESTED + " bytes").contains("kernel granted"));
            List<Integer> lengths = new ArrayList<>();
            int total = DrainingReceiver.SLOTS * 2 + 17; // the ring wraps around twice
            int got = 0;
            ByteBuffer copy = ByteBuffer.allocateDirect(DrainingReceiver.SLOT_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < total; i++) {
                int length = 4 + r.nextInt(997);
                ByteBuffer b = ByteBuffer.allocate(length).putInt(0, i);
                assertThat(channel.write(b)).isEqualTo(length);
                lengths.add(length);
                // the consumer takes what is there now and then, and catches up every 64 datagrams
                // (the kernel's buffer may be small where SO_RCVBUFFORCE is not permitted)
                if (r.nextInt(8) == 0 || i % 64 == 63) {
                    got = consume(rx, lengths, got, copy, r, seed, i % 64 == 63 ? i + 1 : 0);
                }
            }
            got = consume(rx, lengths, got, copy, r, seed, total);
            assertThat(got).as("seed %d", seed).isEqualTo(total);
            assertThat(rx.drained()).isEqualTo(total);
            assertThat(rx.batches()).isPositive().isLessThanOrEqualTo(total);
            assertThat(rx.receiveInPlace()).isNull();
            assertThat(rx.receive(copy)).isEqualTo(-1);
        }
    }

    /** Takes what is there (waiting for {@code until} datagrams in all), checking each. */
    private static int consume(DrainingReceiver rx, List<Integer> lengths, int got, ByteBuffer copy, Random r,
                               long seed, int until) throws IOException {
        while (true) {
            ByteBuffer in;
            if (r.nextBoolean()) {
                in = rx.receiveInPlace();
            } else {
                in = rx.receive(copy) < 0 ? null : copy;
            }
            if (in == null) {
                if (got >= until) {
                    return got;
                }
                assertThat(rx.awaitReadable(TestSockets.LIVENESS_MILLIS)).as("seed %d: datagram %d", seed, got).isTrue();
                continue;
            }
            assertThat(in.position()).isZero();
            assertThat(in.limit()).as("seed %d: length of datagram %d", seed, got).isEqualTo(lengths.get(got));
            assertThat(in.getInt(0)).as("seed %d: order", seed).isEqualTo(Integer.reverseBytes(got));
            got++;
        }
    }

    @Test
    void aDatagramOverTheSlotIsCutButStillTooLong() throws Exception {
        try (DatagramChannel channel = TestSockets.selfConnectedChannel();
                DrainingReceiver rx = new DrainingReceiver(DatagramChannelFd.duplicate(channel), new RecordingLogger())) {
            ByteBuffer d = ByteBuffer.allocate(1500).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            d.putInt(0, 2).putInt(4, 1500);
            channel.write(d);
            assertThat(rx.awaitReadable(TestSockets.LIVENESS_MILLIS)).isTrue();
            ByteBuffer in = rx.receiveInPlace();
            assertThat(in.limit()).isEqualTo(DrainingReceiver.SLOT_SIZE);
            assertThat(MessageCodec.validate(in, in.limit())).isEqualTo(RejectReason.TOO_LONG);
        }
    }

    @Test
    void wakeupEndsAWaitAndCloseStopsReceiving() throws Exception {
        DatagramChannel channel = TestSockets.selfConnectedChannel();
        DrainingReceiver rx = new DrainingReceiver(DatagramChannelFd.duplicate(channel), new RecordingLogger());
        try (channel) {
            Thread waker = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                rx.wakeup();
            });
            assertThat(rx.awaitReadable(60_000)).as("woken, nothing queued").isFalse();
            waker.join();
            rx.close();
            assertThatThrownBy(() -> rx.receiveInPlace()).isInstanceOf(ClosedChannelException.class);
            // the socket itself lives on in its other holders
            assertThat(channel.isOpen()).isTrue();
            assertThat(channel.write(ByteBuffer.allocate(8))).isEqualTo(8);
        }
    }
}
