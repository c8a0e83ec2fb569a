package org.pgstat4j.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;
import org.pgstat4j.protocol.SequencedMessage;
import org.pgstat4j.protocol.StatMsgType;
import org.pgstat4j.protocol.Wire;

/**
 * What lets the drain thread hand an inquiry to an idle collector at once instead of letting
 * datagrams gather: {@link ReceiveQueue#inquiryFirst} sees an inquiry at the head of the
 * queue, bare or in its sender's sequence envelope, sees nothing else as one, and leaves the
 * datagram where it is.
 */
class InquiryIsNotGatheredTest {
    private static ByteBuffer message(int type, int size) {
        return ByteBuffer.allocate(size).order(Wire.ORDER).putInt(Wire.TYPE_OFFSET, type).putInt(4, size);
    }

    private static ByteBuffer sequenced(ByteBuffer payload) {
        int size = SequencedMessage.PAYLOAD + payload.capacity();
        ByteBuffer b = message(SequencedMessage.CODE, size);
        b.put(SequencedMessage.PAYLOAD, payload, 0, payload.capacity());
        return b;
    }

    @Test
    void anInquiryAtTheHeadOfTheQueueIsSeenAndLeftThere() throws Exception {
        int inquiry = StatMsgType.INQUIRY.code();
        int tabstat = StatMsgType.TABSTAT.code();
        try (Arena arena = Arena.ofConfined(); DatagramChannel channel = TestSockets.selfConnectedChannel()) {
            int fd = DatagramChannelFd.duplicate(channel);
            try {
                ReceiveQueue queue = new ReceiveQueue(arena);
                assertThat(queue.inquiryFirst(fd)).as("nothing waits").isFalse();

                channel.write(message(tabstat, 100));
                channel.write(message(inquiry, 24));
                assertThat(queue.inquiryFirst(fd)).as("a TABSTAT first, the inquiry behind it").isFalse();
                assertThat(ByteBuffer.wrap(TestSockets.receive(channel)).order(Wire.ORDER).getInt(0)).isEqualTo(tabstat);
                assertThat(queue.inquiryFirst(fd)).as("the inquiry first").isTrue();
                assertThat(queue.inquiryFirst(fd)).as("looking does not take it").isTrue();
                byte[] got = TestSockets.receive(channel);
                assertThat(got).hasSize(24);
                assertThat(ByteBuffer.wrap(got).order(Wire.ORDER).getInt(0)).isEqualTo(inquiry);

                channel.write(sequenced(message(inquiry, 24)));
                assertThat(queue.inquiryFirst(fd)).as("an inquiry in a sequence envelope").isTrue();
                TestSockets.receive(channel);
                channel.write(sequenced(message(tabstat, 100)));
                assertThat(queue.inquiryFirst(fd)).as("a TABSTAT in a sequence envelope").isFalse();
                TestSockets.receive(channel);
                channel.write(ByteBuffer.allocate(4).order(Wire.ORDER).putInt(0, inquiry));
                assertThat(queue.inquiryFirst(fd)).as("shorter than a message header").isFalse();
            } finally {
                TestSockets.closeQuietly(fd);
            }
        }
    }
}
