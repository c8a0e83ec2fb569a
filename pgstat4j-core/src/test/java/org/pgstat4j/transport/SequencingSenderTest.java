package org.pgstat4j.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pgstat4j.protocol.ConnectMessage;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.SequencedMessage;
import org.pgstat4j.protocol.Wire;

/**
 * Invariant (SequencingSender): every datagram handed to send gets the next number, whether
 * the socket takes it or not, behind an envelope that leaves the datagram's bytes unchanged;
 * a datagram too long to wrap goes out bare and is counted.
 */
class SequencingSenderTest {
    /** Records what reaches the socket; refuses every third datagram. */
    private static final class Socket implements StatsSender {
        final List<byte[]> sent = new ArrayList<>();
        int calls;
        long dropped;

        public boolean send(ByteBuffer d) {
            if (++calls % 3 == 0) {
                dropped++;
                return false;
            }
            byte[] b = new byte[d.remaining()];
            d.get(b);
            sent.add(b);
            return true;
        }

        public long sentCount() {
            return sent.size();
        }

        public long droppedCount() {
            return dropped;
        }
    }

    @Test
    void eachDatagramGetsTheNextNumberDroppedOrNotAndIsCarriedUnchanged() {
        Socket socket = new Socket();
        SequencingSender sender = new SequencingSender(socket, 0x12345678);
        byte[] connect = MessageCodec.encode(new ConnectMessage(7));
        List<Boolean> results = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ByteBuffer d = ByteBuffer.wrap(connect);
            boolean ok = sender.send(d);
            results.add(ok);
            assertThat(d.hasRemaining()).as("consumed only when sent").isEqualTo(!ok);
        }
        assertThat(results).containsExactly(true, true, false, true, true, false, true, true, false);
        assertThat(sender.sequenced()).isEqualTo(9);
        assertThat(sender.droppedCount()).isEqualTo(3);
        assertThat(sender.sentCount()).isEqualTo(6);
        List<Integer> numbers = new ArrayList<>();
        for (byte[] b : socket.sent) {
            SequencedMessage m = (SequencedMessage) MessageCodec.decode(b);
            assertThat(m.senderId()).isEqualTo(0x12345678);
            assertThat(m.payload()).isEqualTo(connect);
            numbers.add(m.sequence());
        }
        // 2, 5 and 8 were refused: the gaps the collector will count
        assertThat(numbers).containsExactly(0, 1, 3, 4, 6, 7);
    }

    @Test
    void aDatagramTooLongToWrapGoesOutBareAndIsCounted() {
        Socket socket = new Socket();
        SequencingSender sender = new SequencingSender(socket, 1);
        ByteBuffer big = ByteBuffer.allocate(Wire.MAX_MSG_SIZE).order(Wire.ORDER);
        big.putInt(Wire.SIZE_OFFSET, Wire.MAX_MSG_SIZE);
        assertThat(sender.send(big)).isTrue();
        assertThat(socket.sent.getFirst()).hasSize(Wire.MAX_MSG_SIZE);
        assertThat(sender.unsequencedCount()).isEqualTo(1);
        assertThat(sender.sequenced()).isZero();
    }
}
