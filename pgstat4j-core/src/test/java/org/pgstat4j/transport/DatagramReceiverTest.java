package org.pgstat4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pgstat4j.transport.TransportTestSupport.bytes;
import static org.pgstat4j.transport.TransportTestSupport.receiveNext;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.RejectReason;
import org.pgstat4j.protocol.TabPurgeMessage;

/**
 * The collector's end (spec §3.4, §5.2; Appendix C): drain the socket into one reused buffer,
 * sleep until readable or woken, and make an over-long datagram visible as such.
 */
@Timeout(60)
class DatagramReceiverTest {
    private final RecordingLogger log = new RecordingLogger();
    private StatsSocket socket;
    private DatagramReceiver receiver;
    private final ByteBuffer buf = DatagramReceiver.newBuffer();

    @BeforeEach
    void open() throws IOException {
        socket = StatsSocket.open(AddressResolver.system(), ChannelFactory.system(), log);
        receiver = socket.newReceiver();
    }

    @AfterEach
    void close() throws IOException {
        receiver.close();
        socket.close();
    }

    private void send(byte[] datagram) {
        // the bare channel sender: these tests are about the receiver, not the sequencing envelope
        assertThat(new ChannelStatsSender(socket.channel(), System.getLogger("test")).send(ByteBuffer.wrap(datagram)))
                .isTrue();
    }

    private static byte[] datagramOf(int length, int fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void emptySocketReturnsMinusOneWithoutBlocking() throws IOException {
        assertThat(receiver.receive(buf)).isEqualTo(-1);
        assertThat(buf.remaining()).isZero();
        assertThat(receiver.receivedCount()).isZero();
    }

    @Test
    void datagramsAreDrainedInOrderWithTheirLengths() throws IOException {
        byte[] a = datagramOf(12, 1);
        byte[] b = datagramOf(960, 2);
        byte[] c = datagramOf(1000, 3);
        send(a);
        send(b);
        send(c);
        for (byte[] expected : new byte[][] {a, b, c}) {
            int n = receiveNext(receiver, buf);
            assertThat(n).isEqualTo(expected.length);
            assertThat(buf.position()).isZero();
            assertThat(buf.limit()).isEqualTo(n);
            assertThat(bytes(buf)).isEqualTo(expected);
        }
        assertThat(receiver.receive(buf)).isEqualTo(-1);
        assertThat(receiver.receivedCount()).isEqualTo(3);
    }

    @Test
    void datagramOf1001BytesIsSeenAsTooLong() throws IOException {
        // header and entry count agree with the length: only the length itself is wrong
        ByteBuffer d = ByteBuffer.allocate(1001).order(ByteOrder.LITTLE_ENDIAN);
        d.putInt(0, 3).putInt(4, 1001).putInt(12, 246);
        send(d.array());
        int n = receiveNext(receiver, buf);
        assertThat(n).isEqualTo(1001);
        assertThat(MessageCodec.validate(buf, n)).isEqualTo(RejectReason.TOO_LONG);
    }

    @Test
    void datagramLongerThanTheBufferIsCutButStillTooLong() throws IOException {
        send(datagramOf(1500, 7));
        int n = receiveNext(receiver, buf);
        assertThat(n).isEqualTo(DatagramReceiver.BUFFER_SIZE);
        assertThat(MessageCodec.validate(buf, n)).isEqualTo(RejectReason.TOO_LONG);
        // the rest of the cut datagram is gone, not read as a second one
        assertThat(receiver.receive(buf)).isEqualTo(-1);
    }

    @Test
    void largestValidDatagramPassesTheGate() throws IOException {
        byte[] purge = MessageCodec.encode(new TabPurgeMessage(5, new int[246]));
        send(purge);
        int n = receiveNext(receiver, buf);
        assertThat(n).isEqualTo(1000);
        assertThat(MessageCodec.validate(buf, n)).isNull();
        assertThat(MessageCodec.decodeValidated(buf)).isEqualTo(new TabPurgeMessage(5, new int[246]));
    }

    @Test
    void bufferThatCannotShowAnOverLongDatagramIsRefused() {
        assertThatThrownBy(() -> receiver.receive(ByteBuffer.allocateDirect(1000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000");
    }

    @Test
    void blockingChannelIsRefused() throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            assertThatThrownBy(() -> DatagramReceiver.open(ch)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void waitEndsWhenADatagramIsQueued() throws IOException {
        send(datagramOf(12, 1));
        // no time limit: only readability can end this wait (the class timeout bounds the test)
        assertThat(receiver.awaitReadable(0)).isTrue();
        assertThat(receiver.receive(buf)).isEqualTo(12);
    }

    @Test
    void wakeupEndsAWaitWithNothingQueued() throws InterruptedException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread collector = new Thread(() -> {
            try {
                result.set(receiver.awaitReadable(0));
            } catch (IOException e) {
                result.set(e);
            }
        });
        collector.start();
        // whether or not the wait has begun, a wakeup ends it (a pending wakeup is kept)
        receiver.wakeup();
        collector.join(TransportTestSupport.PATIENCE_MILLIS);
        assertThat(collector.isAlive()).as("woken").isFalse();
        assertThat(result.get()).isEqualTo(false);
    }

    @Test
    void queuedDatagramsSurviveAReceiverRestart() throws IOException {
        // spec §2.3: the socket outlives the collector, so its queue does too
        send(datagramOf(12, 9));
        receiver.close();
        assertThat(socket.channel().isOpen()).isTrue();
        receiver = socket.newReceiver();
        assertThat(receiveNext(receiver, buf)).isEqualTo(12);
        assertThat(bytes(buf)).isEqualTo(datagramOf(12, 9));
    }

    @Test
    void receivingAllocatesNothing() throws IOException {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] d = datagramOf(64, 5);
        // warm up: the JDK caches the sender's address after the first datagram
        send(d);
        receiveNext(receiver, buf);
        int rounds = 2_000;
        long allocated = 0;
        for (int i = 0; i < rounds; i++) {
            send(d);
            long before = mx.getCurrentThreadAllocatedBytes();
            receiveNext(receiver, buf);
            receiver.receive(buf); // and the empty poll that ends a drain
            allocated += mx.getCurrentThreadAllocatedBytes() - before;
        }
        // any object per receive would be at least 16 bytes each time
        assertThat(allocated).as("bytes allocated by %d receives", rounds).isLessThan(rounds * 8L);
    }
}
