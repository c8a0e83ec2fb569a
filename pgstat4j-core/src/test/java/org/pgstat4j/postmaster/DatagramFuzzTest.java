package org.pgstat4j.postmaster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.collector.CollectorCounters;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.StatsPersistence;
import org.pgstat4j.store.TabEntry;
import org.pgstat4j.protocol.DeadlockMessage;
import org.pgstat4j.protocol.DropDbMessage;
import org.pgstat4j.protocol.FuncStatMessage;
import org.pgstat4j.protocol.FunctionEntry;
import org.pgstat4j.protocol.InquiryMessage;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.RejectReason;
import org.pgstat4j.protocol.ResetCounterMessage;
import org.pgstat4j.protocol.StatMessage;
import org.pgstat4j.protocol.TabPurgeMessage;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.TempFileMessage;
import org.pgstat4j.protocol.Wire;

/**
 * Fuzzing the collector: {@value #DEFAULT_DATAGRAMS} random and mutated datagrams (more with
 * {@code -Dpgstat4j.soak.datagrams=N}), with valid traffic interleaved. Invariants: no byte
 * sequence makes the collector throw; every datagram is counted as received, and every
 * rejection by its reason, exactly as {@link Collector#process} reported it; the valid traffic
 * — sent to a database no mutant can name — is counted exactly.
 *
 * <p>Mutants come from valid templates of other databases (small OIDs) by at most three byte
 * changes, truncation, extension, or a new type or length field; the valid traffic's database
 * {@link #DB} differs from every template's in all four bytes, so no mutant can reach it.
 * Seeded: {@code -Dpgstat4j.seed=S} repeats a run; a failure names its seed.
 */
class DatagramFuzzTest {
    static final int DEFAULT_DATAGRAMS = 1_000_000;
    private static final int DB = 0x5A5A5A5A;
    private static final int REL = 0x5A5A0001;

    private static final List<StatMessage> TEMPLATES = List.of(
            new TabStatMessage(7, 1, 1, 0, 0, 0, 0, 0, List.of(
                    new TableEntry(16400, 1, 2, 3, 4, 5, 6, 7, false, 8, 9, 10, 11, 12),
                    new TableEntry(16401, 0, 0, 0, 1, 0, 0, 0, true, 1, 0, 1, 0, 0))),
            new FuncStatMessage(9, List.of(new FunctionEntry(16444, 3, 100, 50))),
            new TabPurgeMessage(11, new int[] {16400, 16401, 16402}),
            new DeadlockMessage(13),
            new TempFileMessage(15, 8192),
            new ResetCounterMessage(17),
            new DropDbMessage(19),
            new InquiryMessage(1, 1, 21));

    @Test
    void noDatagramKillsTheCollectorAndValidTrafficIsCountedExactly() {
        int total = Integer.getInteger("pgstat4j.soak.datagrams", DEFAULT_DATAGRAMS);
        long seed = Long.getLong("pgstat4j.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        String run = "seed " + seed + " (repeat with -Dpgstat4j.seed=" + seed + ")";

        Collector c = new Collector(StatsPersistence.NONE, () -> 1_000_000L);
        ByteBuffer buf = ByteBuffer.allocateDirect(Collector.RECEIVE_BUFFER_SIZE).order(Wire.ORDER);
        byte[][] templates = TEMPLATES.stream().map(MessageCodec::encode).toArray(byte[][]::new);
        Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
        long inserted = 0;
        long commits = 0;
        long deadlocks = 0;
        long accepted = 0;
        ByteBuffer valid = Wire.newBuffer();
        for (int i = 0; i < total; i++) {
            int len;
            if (i % 10 == 0) { // one in ten: valid traffic for DB
                valid.clear();
                if (random.nextBoolean()) {
                    long n = 1 + random.nextInt(100);
                    len = MessageCodec.encode(new TabStatMessage(DB, 1, 0, 0, 0, 0, 0, 0, List.of(
                            new TableEntry(REL, 0, 0, 0, n, 0, 0, 0, false, n, 0, n, 0, 0))), valid);
                    inserted += n;
                    commits++;
                } else {
                    len = MessageCodec.encode(new DeadlockMessage(DB), valid);
                    deadlocks++;
                }
                copy(valid, len, buf);
            } else {
                len = random.nextInt(4) == 0 ? randomBytes(random, buf) : mutant(random, templates, buf);
            }
            RejectReason r;
            try {
                r = c.process(buf, len);
            } catch (RuntimeException e) {
                throw new AssertionError("datagram " + i + " of " + len + " bytes killed the collector; " + run, e);
            }
            if (r == null) {
                accepted++;
            } else {
                rejected.merge(r, 1L, Long::sum);
            }
        }

        CollectorCounters counters = c.counters();
        assertThat(counters.received()).as(run).isEqualTo(total);
        assertThat(counters.applied()).as(run).isEqualTo(accepted);
        for (RejectReason r : RejectReason.values()) {
            assertThat(counters.rejected(r)).as(run + ": rejected as " + r).isEqualTo(rejected.getOrDefault(r, 0L));
        }
        assertThat(counters.rejected()).as(run).isEqualTo(total - accepted);
        assertThat(rejected.keySet()).as(run + ": the mutants reach every kind of rejection")
                .contains(RejectReason.SHORT, RejectReason.TOO_LONG, RejectReason.UNKNOWN_TYPE, RejectReason.BAD_LENGTH);
        DbEntry d = c.store().database(DB);
        TabEntry t = d.table(REL);
        assertThat(t.tuplesInserted).as(run).isEqualTo(inserted);
        assertThat(d.xactCommit).as(run).isEqualTo(commits);
        assertThat(d.deadlocks).as(run).isEqualTo(deadlocks);
    }

    private static void copy(ByteBuffer from, int len, ByteBuffer to) {
        for (int i = 0; i < len; i++) {
            to.put(i, from.get(i));
        }
    }

    /** 0 to a full receive buffer of random bytes (past 1000: over-long). */
    private static int randomBytes(SplittableRandom random, ByteBuffer buf) {
        int len = random.nextInt(Collector.RECEIVE_BUFFER_SIZE + 1);
        for (int i = 0; i < len; i++) {
            buf.put(i, (byte) random.nextInt(256));
        }
        return len;
    }

    /** A template with a few changes: bytes, length, type, truncation or extension. */
    private static int mutant(SplittableRandom random, byte[][] templates, ByteBuffer buf) {
        byte[] t = templates[random.nextInt(templates.length)];
        int len = t.length;
        buf.put(0, t);
        switch (random.nextInt(5)) {
            case 0 -> { // up to three bytes changed
                int n = 1 + random.nextInt(3);
                for (int k = 0; k < n; k++) {
                    buf.put(random.nextInt(len), (byte) random.nextInt(256));
                }
            }
            case 1 -> len = random.nextInt(len); // truncated
            case 2 -> { // extended, sometimes past 1000 bytes
                int extra = 1 + random.nextInt(random.nextBoolean() ? 16 : 1000);
                int newLen = Math.min(len + extra, Collector.RECEIVE_BUFFER_SIZE);
                for (int i = len; i < newLen; i++) {
                    buf.put(i, (byte) random.nextInt(256));
                }
                len = newLen;
            }
            case 3 -> buf.putInt(Wire.TYPE_OFFSET, random.nextInt(40) - 5); // another type
            default -> buf.putInt(Wire.SIZE_OFFSET, random.nextInt(1200) - 100); // another length field
        }
        return len;
    }
}
