package org.pgstat4j.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pgstat4j.protocol.*;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.StatsPersistence;
import org.pgstat4j.store.TabEntry;

class CollectorTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final Collector c = new Collector(StatsPersistence.NONE, clock::get);

    private static TableEntry entry(int oid, long ins, long upd, long del, boolean trunc, long live, long dead, long changed) {
        return new TableEntry(oid, 1, 10, 2, ins, upd, del, 0, trunc, live, dead, changed, 5, 4);
    }

    private void send(StatMessage m) {
        assertThat(c.process(MessageCodec.encode(m))).isNull();
    }

    private static TabStatMessage tabstat(int db, TableEntry... es) {
        return new TabStatMessage(db, 1, 0, 0, 0, 0, 0, 0, List.of(es));
    }

    @Test
    void tabstatCreatesThenAddsAndClampsLiveAndDead() {
        send(tabstat(5, entry(100, 3, 0, 0, false, 3, 0, 3)));
        send(tabstat(5, entry(100, 0, 0, 5, false, -5, 5, 5)));
        TabEntry t = c.store().database(5).table(100);
        assertThat(t.tuplesInserted).isEqualTo(3);
        assertThat(t.tuplesDeleted).isEqualTo(5);
        assertThat(t.nLiveTuples).isZero(); // 3 - 5 clamped
        assertThat(t.nDeadTuples).isEqualTo(5);
        assertThat(t.changesSinceAnalyze).isEqualTo(8);
        assertThat(t.insertsSinceVacuum).isEqualTo(3);
        assertThat(t.numScans).isEqualTo(2);
        DbEntry d = c.store().database(5);
        assertThat(d.xactCommit).isEqualTo(2);
        assertThat(d.tuplesReturned).isEqualTo(20);
        assertThat(d.blocksHit).isEqualTo(8);
        assertThat(d.statResetTimestamp).isEqualTo(1_000_000_000L);
    }

    @Test
    void truncatedEntryRestartsLiveDeadAndInsertsSinceVacuum() {
        send(tabstat(5, entry(100, 10, 0, 0, false, 10, 0, 10)));
        send(tabstat(5, entry(100, 1, 0, 0, true, 1, 0, 1)));
        TabEntry t = c.store().database(5).table(100);
        assertThat(t.nLiveTuples).isEqualTo(1);
        assertThat(t.insertsSinceVacuum).isEqualTo(1);
        assertThat(t.tuplesInserted).isEqualTo(11);
        assertThat(t.changesSinceAnalyze).isEqualTo(11);
    }

    @Test
    void vacuumAndAnalyzeOverwriteEstimatesAndCount() {
        send(tabstat(5, entry(100, 10, 0, 0, false, 10, 3, 10)));
        send(new VacuumMessage(5, 100, false, 777, 9, 0));
        send(new AnalyzeMessage(5, 100, true, true, 888, 8, 1));
        send(new AnalyzeMessage(5, 100, false, false, 999, 7, 2));
        TabEntry t = c.store().database(5).table(100);
        assertThat(t.vacuumCount).isEqualTo(1);
        assertThat(t.vacuumTimestamp).isEqualTo(777);
        assertThat(t.insertsSinceVacuum).isZero();
        assertThat(t.autovacAnalyzeCount).isEqualTo(1);
        assertThat(t.autovacAnalyzeTimestamp).isEqualTo(888);
        assertThat(t.analyzeCount).isEqualTo(1);
        assertThat(t.changesSinceAnalyze).isZero(); // reset by the first ANALYZE, kept by the second
        assertThat(t.nLiveTuples).isEqualTo(7);
        assertThat(t.nDeadTuples).isEqualTo(2);
    }

    @Test
    void resetsFollowPostgresql14() {
        send(tabstat(5, entry(100, 1, 0, 0, false, 1, 0, 1), entry(101, 1, 0, 0, false, 1, 0, 1)));
        send(new FuncStatMessage(5, List.of(new FunctionEntry(7, 1, 10, 10))));
        clock.set(2_000_000_000L);
        send(new ResetSingleCounterMessage(5, ResetSingleCounterMessage.RESET_TABLE, 100));
        assertThat(c.store().database(5).table(100)).isNull();
        assertThat(c.store().database(5).table(101)).isNotNull();
        assertThat(c.store().database(5).statResetTimestamp).isEqualTo(2_000_000_000L);
        send(new ResetSingleCounterMessage(5, ResetSingleCounterMessage.RESET_FUNCTION, 7));
        assertThat(c.store().database(5).function(7)).isNull();
        send(new ResetCounterMessage(5));
        assertThat(c.store().database(5).tables.size()).isZero();
        assertThat(c.store().database(5).xactCommit).isZero();
        send(new ResetCounterMessage(6)); // unknown database: not created
        assertThat(c.store().database(6)).isNull();

        send(new BgWriterMessage(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        send(new ResetSharedCounterMessage(ResetSharedCounterMessage.TARGET_BGWRITER));
        assertThat(c.store().global().bufAlloc).isZero();
        assertThat(c.store().global().statResetTimestamp).isEqualTo(2_000_000_000L);
        send(new SlruMessage(6, 1, 1, 1, 1, 1, 1, 1));
        send(new SlruMessage(7, 1, 1, 1, 1, 1, 1, 1));
        send(new ResetSlruCounterMessage(7));
        assertThat(c.store().slru(6).blocksHit).isEqualTo(1);
        assertThat(c.store().slru(7).blocksHit).isZero();
        send(new ResetSlruCounterMessage(-1));
        assertThat(c.store().slru(6).blocksHit).isZero();
    }

    @Test
    void databaseCountersFromOneOffMessages() {
        send(new ConnectMessage(9));
        send(new DisconnectMessage(9, DisconnectMessage.KILLED));
        send(new DisconnectMessage(9, DisconnectMessage.CLIENT_EOF));
        send(new DisconnectMessage(9, DisconnectMessage.FATAL));
        send(new DisconnectMessage(9, DisconnectMessage.NORMAL));
        send(new TempFileMessage(9, 4096));
        send(new TempFileMessage(9, 100));
        send(new DeadlockMessage(9));
        send(new ChecksumFailureMessage(9, 2, 555));
        send(new RecoveryConflictMessage(9, RecoveryConflictMessage.REASON_LOCK));
        send(new RecoveryConflictMessage(9, RecoveryConflictMessage.REASON_SNAPSHOT));
        send(new RecoveryConflictMessage(9, RecoveryConflictMessage.REASON_DATABASE));
        send(new AutovacStartMessage(9, 4242));
        DbEntry d = c.store().database(9);
        assertThat(d.sessions).isEqualTo(1);
        assertThat(d.sessionsKilled).isEqualTo(1);
        assertThat(d.sessionsAbandoned).isEqualTo(1);
        assertThat(d.sessionsFatal).isEqualTo(1);
        assertThat(d.tempFiles).isEqualTo(2);
        assertThat(d.tempBytes).isEqualTo(4196);
        assertThat(d.deadlocks).isEqualTo(1);
        assertThat(d.checksumFailures).isEqualTo(2);
        assertThat(d.lastChecksumFailure).isEqualTo(555);
        assertThat(d.conflictAll()).isEqualTo(2);
        assertThat(d.lastAutovacTime).isEqualTo(4242);
        send(new DropDbMessage(9));
        assertThat(c.store().database(9)).isNull();
    }

    @Test
    void replicationSlotsCreateAccumulateResetDrop() {
        send(new ReplSlotMessage("rs1", false, false, 1, 2, 3, 4, 5, 6, 7, 8));
        send(ReplSlotMessage.created("rs1")); // create discards stale counters
        assertThat(c.store().replSlots().get("rs1").spillTxns).isZero();
        assertThat(c.store().replSlots().get("rs1").statResetTimestamp).isZero();
        send(new ReplSlotMessage("rs1", false, false, 1, 2, 3, 4, 5, 6, 7, 8));
        send(new ReplSlotMessage("rs1", false, false, 1, 2, 3, 4, 5, 6, 7, 8));
        assertThat(c.store().replSlots().get("rs1").totalBytes).isEqualTo(16);
        send(new ResetReplSlotCounterMessage("rs1", false));
        assertThat(c.store().replSlots().get("rs1").totalBytes).isZero();
        assertThat(c.store().replSlots().get("rs1").statResetTimestamp).isEqualTo(clock.get());
        send(new ResetReplSlotCounterMessage("missing", false));
        assertThat(c.store().replSlots()).doesNotContainKey("missing");
        send(ReplSlotMessage.dropped("rs1"));
        assertThat(c.store().replSlots()).isEmpty();
    }

    @Test
    void purgeRemovesListedEntriesOnly() {
        send(tabstat(5, entry(100, 1, 0, 0, false, 1, 0, 1), entry(101, 1, 0, 0, false, 1, 0, 1)));
        send(new FuncStatMessage(5, List.of(new FunctionEntry(7, 1, 10, 10), new FunctionEntry(8, 1, 1, 1))));
        send(new TabPurgeMessage(5, new int[] {100, 555}));
        send(new FuncPurgeMessage(5, new int[] {8}));
        send(new TabPurgeMessage(77, new int[] {100})); // unknown database: ignored, not created
        assertThat(c.store().database(5).tables.keys()).containsExactly(101);
        assertThat(c.store().database(5).functions.keys()).containsExactly(7);
        assertThat(c.store().database(77)).isNull();
    }

    // ---- inquiry logic (spec §6.2, §10.3 item 21) ----

    private static final long T = 5_000_000_000L;

    private void writtenAt(long t) {
        c.store().databaseOrCreate(5, t);
        c.writeRequests().add(5);
        clock.set(t);
        c.writePendingFiles();
        assertThat(c.store().database(5).statsTimestamp).isEqualTo(t);
    }

    @Test
    void inquiryWithOldEnoughFileCausesNoWrite() {
        writtenAt(T);
        clock.set(T + 1_000_000);
        send(new InquiryMessage(T + 1_000_000, T - 500_000, 5));
        assertThat(c.writeRequests().isEmpty()).isTrue();
    }

    @Test
    void inquiryNewerThanFileCausesWrite() {
        writtenAt(T);
        clock.set(T + 1_000_000);
        send(new InquiryMessage(T + 1_000_000, T + 500_000, 5));
        assertThat(c.writeRequests().contains(5)).isTrue();
        send(new InquiryMessage(T + 1_000_000, T + 500_000, 5));
        assertThat(c.writeRequests().size()).isEqualTo(1); // two identical inquiries, one write
        assertThat(c.counters().fileWrites()).isEqualTo(1);
        c.writePendingFiles();
        assertThat(c.counters().fileWrites()).isEqualTo(2);
    }

    @Test
    void inquiryForUnknownDatabaseRewritesTheGlobalFile() {
        send(new InquiryMessage(T, T - 1, 42));
        assertThat(c.writeRequests().contains(42)).isTrue();
        assertThat(c.writeRequests().isRequested(0)).isTrue();
        assertThat(c.store().database(42)).isNull(); // not created
    }

    @Test
    void delayedInquiryIsIgnoredButClockGoingBackwardsForcesAWrite() {
        writtenAt(T);
        clock.set(T + 10);
        send(new InquiryMessage(T - 1000, T - 2000, 5)); // requester's clock behind, collector's not
        assertThat(c.writeRequests().isEmpty()).isTrue();
        clock.set(T - 5000); // collector's clock behind the last write too
        send(new InquiryMessage(T - 1000, T - 2000, 5));
        assertThat(c.writeRequests().contains(5)).isTrue();
    }

    // ---- robustness (spec §3.4, §10.3 item 20) ----

    @Test
    void rejectedDatagramsAreCountedByReasonAndChangeNothing() {
        assertThat(c.process(new byte[] {1, 2, 3})).isEqualTo(RejectReason.SHORT);
        byte[] bad = MessageCodec.encode(new DeadlockMessage(5));
        bad[4] = 13;
        assertThat(c.process(bad)).isEqualTo(RejectReason.SIZE_MISMATCH);
        byte[] unknown = MessageCodec.encode(new DeadlockMessage(5));
        unknown[0] = 99;
        assertThat(c.process(unknown)).isEqualTo(RejectReason.UNKNOWN_TYPE);
        assertThat(c.process(new byte[1001])).isEqualTo(RejectReason.TOO_LONG);
        assertThat(c.counters().rejected()).isEqualTo(4);
        assertThat(c.counters().received()).isEqualTo(4);
        assertThat(c.counters().applied()).isZero();
        assertThat(c.store().databases().size()).isZero();
    }

    @Test
    void collectorSurvivesAnyByteSequence() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        List<byte[]> valid = new ArrayList<>();
        valid.add(MessageCodec.encode(tabstat(5, entry(100, 1, 0, 0, false, 1, 0, 1))));
        valid.add(MessageCodec.encode(new FuncStatMessage(5, List.of(new FunctionEntry(7, 1, 10, 10)))));
        valid.add(MessageCodec.encode(new SlruMessage(3, 1, 1, 1, 1, 1, 1, 1)));
        for (int i = 0; i < 200_000; i++) {
            byte[] b;
            if (r.nextBoolean()) {
                b = valid.get(r.nextInt(valid.size())).clone();
                b[r.nextInt(b.length)] = (byte) r.nextInt(256); // one corrupted byte
            } else {
                b = new byte[r.nextInt(1100)];
                r.nextBytes(b);
                if (b.length >= 8 && r.nextBoolean()) {
                    b[4] = (byte) b.length;
                    b[5] = (byte) (b.length >> 8);
                    b[6] = 0;
                    b[7] = 0;
                    b[0] = (byte) r.nextInt(27);
                    b[1] = 0;
                    b[2] = 0;
                    b[3] = 0;
                }
            }
            try {
                c.process(b);
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ", datagram " + i + " threw", t);
            }
        }
        assertThat(c.counters().received()).as("seed %d", seed).isEqualTo(200_000);
        assertThat(c.counters().applied() + c.counters().rejected()).as("seed %d", seed).isEqualTo(200_000);
    }
}
