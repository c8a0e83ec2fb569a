package org.pgstat4j.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.protocol.ConnectMessage;
import org.pgstat4j.protocol.DeadlockMessage;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.RejectReason;
import org.pgstat4j.protocol.SequencedMessage;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.storage.StatsFiles;

/**
 * Invariant (SenderSequences): per sender, lost = numbers spanned − datagrams received, from
 * the first datagram seen; a late datagram fills the gap it left; numbers wrap at 2^32; and a
 * sequenced datagram is applied exactly as the same datagram sent bare.
 */
class SequenceGapsCountEveryLostDatagramTest {
    @Test
    void randomLossAndReorderingAreCountedExactlyPerSender() {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        SenderSequences s = new SenderSequences();
        int senders = 1 + r.nextInt(5);
        long[] dropped = new long[senders];
        List<List<int[]>> perSender = new ArrayList<>();
        for (int id = 0; id < senders; id++) {
            List<int[]> mine = new ArrayList<>();
            int start = r.nextInt(); // any starting number, wrap included
            int count = 1000 + r.nextInt(5000);
            for (int i = 0; i < count; i++) {
                // the first and the last arrive: losses before the first or after the last are
                // not knowable until a later datagram comes
                if (i > 0 && i < count - 1 && r.nextInt(10) == 0) {
                    dropped[id]++;
                } else {
                    mine.add(new int[] {id, start + i});
                }
            }
            // neighbours may swap (concurrent sends of one sender), never the first or last
            for (int i = 2; i < mine.size() - 1; i++) {
                if (r.nextInt(20) == 0) {
                    Collections.swap(mine, i, i - 1);
                    i++;
                }
            }
            perSender.add(mine);
        }
        // senders interleave at random, each in its own order
        List<int[]> arrivals = new ArrayList<>();
        int[] next = new int[senders];
        while (arrivals.size() < perSender.stream().mapToInt(List::size).sum()) {
            int id = r.nextInt(senders);
            if (next[id] < perSender.get(id).size()) {
                arrivals.add(perSender.get(id).get(next[id]++));
            }
        }
        for (int[] a : arrivals) {
            s.record(0x1000 + a[0], a[1]);
        }
        long total = 0;
        for (int id = 0; id < senders; id++) {
            total += dropped[id];
            Long seen = s.lostBySender().get(0x1000 + id);
            assertThat(seen == null ? 0 : seen).as("seed %d, sender %d", seed, id).isEqualTo(dropped[id]);
        }
        assertThat(s.lost()).as("seed %d", seed).isEqualTo(total);
        assertThat(s.received()).as("seed %d", seed).isEqualTo(arrivals.size());
        assertThat(s.senders()).isEqualTo(senders);
    }

    @Test
    void numbersWrapAt2To32WithoutCountingAGap() {
        SenderSequences s = new SenderSequences();
        s.record(7, -2);
        s.record(7, -1);
        s.record(7, 0);
        s.record(7, 2); // 1 lost
        assertThat(s.lost()).isEqualTo(1);
        assertThat(s.lostBySender()).isEqualTo(Map.of(7, 1L));
        s.record(7, 1); // late: fills it
        assertThat(s.lost()).isZero();
        assertThat(s.lostBySender()).isEmpty();
    }

    @Test
    void aSequencedDatagramIsAppliedAsTheBareOneAndANestedOneIsRejected(@TempDir Path dir) {
        Collector bare = new Collector(new StatsFiles(dir.resolve("a"), dir.resolve("b")), () -> 1_000_000L);
        Collector wrapped = new Collector(new StatsFiles(dir.resolve("c"), dir.resolve("d")), () -> 1_000_000L);
        byte[] connect = MessageCodec.encode(new ConnectMessage(5));
        byte[] deadlock = MessageCodec.encode(new DeadlockMessage(5));
        assertThat(bare.process(connect)).isNull();
        assertThat(bare.process(deadlock)).isNull();
        assertThat(wrapped.process(MessageCodec.encode(new SequencedMessage(9, 0, connect)))).isNull();
        assertThat(wrapped.process(MessageCodec.encode(new SequencedMessage(9, 1, deadlock)))).isNull();
        assertThat(wrapped.store().database(5).sessions).isEqualTo(bare.store().database(5).sessions).isEqualTo(1);
        assertThat(wrapped.store().database(5).deadlocks).isEqualTo(bare.store().database(5).deadlocks).isEqualTo(1);

        // a payload that is not a valid datagram is rejected for its own reason; its number still counts
        byte[] badSize = connect.clone();
        ByteBuffer.wrap(badSize).order(Wire.ORDER).putInt(Wire.TYPE_OFFSET, 77);
        assertThat(wrapped.process(MessageCodec.encode(new SequencedMessage(9, 3, badSize))))
                .isEqualTo(RejectReason.UNKNOWN_TYPE);
        assertThat(wrapped.counters().sequences().lost()).as("number 2 never came").isEqualTo(1);
        assertThat(wrapped.counters().applied()).isEqualTo(2);
        assertThat(wrapped.counters().rejected(RejectReason.UNKNOWN_TYPE)).isEqualTo(1);

        byte[] inner = MessageCodec.encode(new SequencedMessage(9, 4, connect));
        byte[] nested = new byte[SequencedMessage.PAYLOAD + inner.length];
        ByteBuffer n = ByteBuffer.wrap(nested).order(Wire.ORDER);
        SequencedMessage.writeEnvelope(n, 9, 4, inner.length);
        n.put(SequencedMessage.PAYLOAD, inner);
        assertThat(wrapped.process(nested)).isEqualTo(RejectReason.NESTED_SEQUENCE);
        assertThat(wrapped.store().database(5).sessions).isEqualTo(1);
    }
}
