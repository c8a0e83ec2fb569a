package org.pgstat4j.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Draining the shared socket through a duplicate descriptor, as a collector process does. */
class RawDatagramReceiverTest {

    @Test
    void emptySocketReturnsMinusOneAndWaitTimesOut() throws IOException {
        try (DatagramChannel channel = TestSockets.selfConnectedChannel();
                RawDatagramReceiver receiver = new RawDatagramReceiver(DatagramChannelFd.duplicate(channel))) {
            ByteBuffer into = ByteBuffer.allocate(100);
            assertThat(receiver.receive(into)).isEqualTo(-1);
            assertThat(into.position()).isZero();
            assertThat(receiver.awaitReadable(0)).isFalse();
            assertThat(receiver.awaitReadable(50)).isFalse();
        }
    }

    @Test
    void datagramsWrittenByTheChannelAreDrainedThroughTheDuplicate() throws IOException {
        try (DatagramChannel channel = TestSockets.selfConnectedChannel();
                RawDatagramReceiver receiver = new RawDatagramReceiver(DatagramChannelFd.duplicate(channel))) {
            channel.write(TestSockets.ascii("one"));
            channel.write(TestSockets.ascii("two"));
            assertThat(receiver.awaitReadable(TestSockets.LIVENESS_MILLIS)).isTrue();

            ByteBuffer heap = ByteBuffer.allocate(100);
            heap.position(5);
            assertThat(receiver.receive(heap)).isEqualTo(3);
            assertThat(heap.position()).isEqualTo(8);
            assertThat(new String(heap.array(), 5, 3, StandardCharsets.US_ASCII)).isEqualTo("one");

            ByteBuffer direct = ByteBuffer.allocateDirect(100);
            assertThat(receiver.receive(direct)).isEqualTo(3);
            direct.flip();
            assertThat(StandardCharsets.US_ASCII.decode(direct).toString()).isEqualTo("two");

            // One kernel queue: what the duplicate consumed, the channel no longer sees.
            assertThat(TestSockets.receiveNow(channel)).isNull();
            assertThat(receiver.receive(ByteBuffer.allocate(10))).isEqualTo(-1);
        }
    }

    @Test
    void longerDatagramIsCutToTheBufferLikeDatagramChannel() throws IOException {
        try (DatagramChannel channel = TestSockets.selfConnectedChannel();
                RawDatagramReceiver receiver = new RawDatagramReceiver(DatagramChannelFd.duplicate(channel))) {
            channel.write(TestSockets.ascii("0123456789"));
            channel.write(TestSockets.ascii("next"));
            assertThat(receiver.awaitReadable(TestSockets.LIVENESS_MILLIS)).isTrue();
            ByteBuffer small = ByteBuffer.allocate(4);
            assertThat(receiver.receive(small)).isEqualTo(4);
            assertThat(TestSockets.ascii(small.array())).isEqualTo("0123");
            ByteBuffer big = ByteBuffer.allocate(2000); // larger than the initial scratch segment
            assertThat(receiver.receive(big)).isEqualTo(4);
            assertThat(new String(big.array(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("next");
        }
    }

    @Test
    void readOnlyBufferAndClosedReceiverAreRefused() throws IOException {
        try (DatagramChannel channel = TestSockets.selfConnectedChannel()) {
            RawDatagramReceiver receiver = new RawDatagramReceiver(DatagramChannelFd.duplicate(channel));
            assertThatThrownBy(() -> receiver.receive(ByteBuffer.allocate(4).asReadOnlyBuffer()))
                    .isInstanceOf(ReadOnlyBufferException.class);
            receiver.close();
            assertThat(receiver.isOpen()).isFalse();
            assertThatThrownBy(() -> receiver.receive(ByteBuffer.allocate(4))).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> receiver.awaitReadable(0)).isInstanceOf(ClosedChannelException.class);
            // closing the duplicate leaves the shared socket working for the channel
            channel.write(TestSockets.ascii("still here"));
            assertThat(TestSockets.ascii(TestSockets.receive(channel))).isEqualTo("still here");
        }
    }
}
