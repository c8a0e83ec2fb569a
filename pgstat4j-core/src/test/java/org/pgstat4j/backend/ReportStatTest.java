package org.pgstat4j.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pgstat4j.protocol.DisconnectMessage;
import org.pgstat4j.protocol.FuncStatMessage;
import org.pgstat4j.protocol.SlruMessage;
import org.pgstat4j.protocol.StatMessage;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.WalMessage;

/** {@code pgstat_report_stat} (spec §4.8): when a backend reports and how it packs. */
class ReportStatTest {
    static final int T = 60001;

    @Test
    void reportsAtMostEvery500msAndHasNoTimer() {
        // §10.3 item 1
        Fixture f = new Fixture();
        f.autocommit(() -> f.insert(T, 1));
        assertThat(f.backend.reportStat(false)).as("first idle transition reports").isTrue();
        assertThat(f.model().row(Fixture.DB, T).tupIns).isEqualTo(1);

        f.clock.advanceMillis(100);
        f.autocommit(() -> f.insert(T, 1));
        assertThat(f.backend.reportStat(false)).as("idle again within 500 ms").isFalse();
        f.clock.advanceMillis(2000);
        assertThat(f.model().row(Fixture.DB, T).tupIns).as("idle for 2 s: nothing more sent").isEqualTo(1);

        f.backend.commitTransaction(); // SELECT 1
        assertThat(f.backend.reportStat(false)).isTrue();
        assertThat(f.model().row(Fixture.DB, T).tupIns).isEqualTo(2);
        assertThat(f.regularTabstats()).extracting(TabStatMessage::xactCommit).containsExactly(1, 2);
    }

    @Test
    void intervalIsInclusiveAt500ms() {
        Fixture f = new Fixture();
        f.autocommit(() -> f.insert(T, 1));
        f.backend.reportStat(false);
        f.autocommit(() -> f.insert(T, 1));
        f.clock.advanceMicros(499_999);
        assertThat(f.backend.reportStat(false)).isFalse();
        f.clock.advanceMicros(1);
        assertThat(f.backend.reportStat(false)).isTrue();
    }

    @Test
    void forceNextFlushBypassesTheLimitOnce() {
        Fixture f = new Fixture();
        f.autocommit(() -> f.insert(T, 1));
        f.backend.reportStat(false);
        f.autocommit(() -> f.insert(T, 1));
        f.backend.forceNextFlush();
        assertThat(f.backend.reportStat(false)).isTrue();
        f.autocommit(() -> f.insert(T, 1));
        assertThat(f.backend.reportStat(false)).isFalse();
    }

    @Test
    void quickExitWhenNothingHappened() {
        Fixture f = new Fixture();
        f.backend.slru().countPageHit(6); // SLRU counts alone do not make a report
        f.backend.countBufferReadTime(5);
        assertThat(f.backend.reportStat(false)).isFalse();
        assertThat(f.sender.messages).isEmpty();
    }

    @Test
    void openedButUnusedRelationRunsAPassThatSendsNoTabstat() {
        Fixture f = new Fixture();
        f.backend.openRelation(T, RelKind.INDEX, false);
        assertThat(f.backend.reportStat(false)).isTrue();
        assertThat(f.sender.tabstats()).isEmpty();
        f.autocommit(() -> f.insert(T, 1));
        assertThat(f.backend.reportStat(false)).as("the empty pass started a new interval").isFalse();
    }

    @Test
    void flushWaitsWhileATransactionHasUncommittedChanges() {
        Fixture f = new Fixture();
        f.insert(T, 1);
        assertThat(f.backend.reportStat(false)).isFalse();
        f.backend.commitTransaction();
        assertThat(f.backend.reportStat(false)).isTrue();
        assertThat(f.entry(T).tuplesInserted()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} tables")
    @CsvSource({"300, 37", "308, 38", "8, 1", "4, 0"})
    void touchedTablesArePackedEightPerMessage(int tables, int fullMessages) {
        Fixture f = new Fixture();
        for (int i = 0; i < tables; i++) {
            f.insert(T + i, 1);
        }
        f.backend.commitTransaction();
        assertThat(f.backend.reportStat(false)).isTrue();

        List<TabStatMessage> msgs = f.sender.tabstats();
        int remainder = tables - 8 * fullMessages;
        assertThat(msgs).hasSize(fullMessages + (remainder > 0 ? 1 : 0));
        assertThat(msgs.subList(0, fullMessages)).allSatisfy(m -> assertThat(m.entries()).hasSize(8));
        if (remainder > 0) {
            assertThat(msgs.getLast().entries()).hasSize(remainder);
        }
        assertThat(f.sender.sizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(1000));
        assertThat(f.sender.sizes.getFirst()).isEqualTo(64 + Math.min(tables, 8) * 112);
        assertThat(msgs).allSatisfy(m -> assertThat(m.databaseId()).isEqualTo(Fixture.DB));
        assertThat(msgs.getFirst().xactCommit()).isEqualTo(1);
        assertThat(msgs.subList(1, msgs.size())).allSatisfy(m -> {
            assertThat(m.xactCommit()).isZero();
            assertThat(m.sessionTime()).isZero();
        });
        assertThat(msgs.stream().flatMap(m -> m.entries().stream()).map(TableEntry::tableId))
                .as("entries in the order relations were opened")
                .containsExactlyElementsOf(IntStream.range(T, T + tables).boxed().toList());
    }

    @Test
    void sharedCatalogsGoToDatabaseZeroWithoutTotals() {
        Fixture f = new Fixture(b -> b.startTimestamp(FakeClock.START - 1000));
        for (int i = 0; i < 10; i++) {
            f.backend.countHeapScan(f.table(T + i));
            f.backend.countHeapScan(f.backend.openRelation(1000 + i, RelKind.RELATION, true));
        }
        f.backend.commitTransaction();
        f.backend.countBufferReadTime(7);
        f.backend.reportStat(false);

        List<TabStatMessage> msgs = f.sender.tabstats();
        assertThat(msgs).extracting(TabStatMessage::databaseId).containsExactly(Fixture.DB, 0, Fixture.DB, 0);
        assertThat(msgs).extracting(m -> m.entries().size()).containsExactly(8, 8, 2, 2);
        assertThat(msgs.getFirst().xactCommit()).isEqualTo(1);
        assertThat(msgs.getFirst().sessionTime()).isEqualTo(1000);
        assertThat(msgs.stream().filter(m -> m.databaseId() == 0)).allSatisfy(m ->
                assertThat(new long[] {m.xactCommit(), m.xactRollback(), m.blockReadTime(),
                        m.blockWriteTime(), m.sessionTime(), m.activeTime(), m.idleInXactTime()})
                        .containsOnly(0));
        assertThat(msgs.get(1).entries()).extracting(TableEntry::tableId)
                .containsExactlyElementsOf(IntStream.range(1000, 1008).boxed().toList());
    }

    @Test
    void allZeroEntriesAreSkipped() {
        Fixture f = new Fixture();
        f.backend.openRelation(T + 1, RelKind.INDEX, false); // opened by the planner, never used
        f.autocommit(() -> f.insert(T, 1));
        f.backend.close();
        assertThat(f.sender.tabstats().stream().flatMap(m -> m.entries().stream()))
                .extracting(TableEntry::tableId).containsExactly(T);
    }

    @Test
    void transactionCountsAloneMakeARegularMessage() {
        // §10.3 item 11: every autocommit statement is one transaction
        Fixture f = new Fixture();
        for (int i = 0; i < 4; i++) {
            f.backend.commitTransaction();
        }
        f.backend.rollbackTransaction();
        f.backend.reportStat(false);
        assertThat(f.sender.tabstats()).singleElement().satisfies(m -> {
            assertThat(m.entries()).isEmpty();
            assertThat(m.xactCommit()).isEqualTo(4);
            assertThat(m.xactRollback()).isEqualTo(1);
        });
    }

    @Test
    void blockIoTimesNeedTrackIoTiming() {
        Fixture f = new Fixture();
        f.backend.countBufferReadTime(100);
        f.settings.trackIoTiming(true);
        f.backend.countBufferReadTime(30);
        f.backend.countBufferWriteTime(12);
        f.backend.commitTransaction();
        f.backend.reportStat(false);
        TabStatMessage m = f.sender.tabstats().getFirst();
        assertThat(m.blockReadTime()).isEqualTo(30);
        assertThat(m.blockWriteTime()).isEqualTo(12);
    }

    @Test
    void exitSendsDisconnectFirstThenTablesFunctionsWalSlru() {
        Fixture f = new Fixture();
        f.settings.trackFunctions(TrackFunctions.PL);
        f.backend.countHeapScan(f.backend.openRelation(1262, RelKind.RELATION, true));
        f.autocommit(() -> f.insert(T, 1));
        f.backend.endFunctionUsage(f.backend.initFunctionUsage(7, TrackFunctions.OFF), true);
        f.backend.wal().countUsage(3, 1, 400);
        f.backend.slru().countPageRead(SlruStats.indexOf("Xact"));
        f.backend.slru().countFlush(SlruStats.indexOf("Subtrans"));
        f.backend.close();
        f.backend.close(); // idempotent

        List<StatMessage> msgs = f.sender.messages;
        assertThat(msgs).extracting(m -> m.getClass().getSimpleName()).containsExactly(
                "DisconnectMessage", "TabStatMessage", "TabStatMessage", "FuncStatMessage",
                "WalMessage", "SlruMessage", "SlruMessage");
        assertThat(((TabStatMessage) msgs.get(1)).databaseId()).isEqualTo(Fixture.DB);
        assertThat(((TabStatMessage) msgs.get(2)).databaseId()).isZero();
        assertThat(msgs.get(4)).isEqualTo(new WalMessage(3, 1, 400, 0, 0, 0, 0, 0));
        assertThat(msgs.get(5)).isEqualTo(new SlruMessage(5, 0, 0, 0, 0, 0, 1, 0));
        assertThat(msgs.get(6)).isEqualTo(new SlruMessage(6, 0, 0, 1, 0, 0, 0, 0));
    }

    @Test
    void exitReportsEvenWithinTheIntervalAndWithNothingCounted() {
        Fixture f = new Fixture();
        f.autocommit(() -> f.insert(T, 1));
        f.backend.reportStat(false);
        f.sender.drain();
        f.backend.close();
        assertThat(f.sender.messages).hasSize(2);
        assertThat(f.sender.messages.get(0)).isEqualTo(new DisconnectMessage(Fixture.DB, DisconnectMessage.NORMAL));
        assertThat(f.sender.tabstats()).singleElement().satisfies(m -> assertThat(m.entries()).isEmpty());
    }

    @Test
    void exitAbortsAnOpenTransaction() {
        Fixture f = new Fixture();
        f.insert(T, 2);
        f.backend.beginSubTransaction();
        f.backend.close();
        TableEntry e = f.entry(T);
        assertThat(e.deltaDeadTuples()).isEqualTo(2);
        assertThat(f.regularTabstats().getFirst().xactRollback()).isEqualTo(1);
    }

    @Test
    void walIsForcedAtFlushAndRateLimitedOtherwise() {
        Fixture f = new Fixture();
        WalStats wal = f.backend.wal();
        wal.countUsage(2, 0, 100);
        assertThat(f.backend.reportStat(false)).as("new WAL records prevent the quick exit").isTrue();
        assertThat(f.sender.of(WalMessage.class)).containsExactly(new WalMessage(2, 0, 100, 0, 0, 0, 0, 0));
        assertThat(wal.send(true)).as("nothing new").isFalse();

        wal.countWrite(40);
        wal.countBuffersFull();
        assertThat(wal.send(false)).as("writes alone are sent (WAL writer)").isTrue();
        wal.countSync(9);
        assertThat(wal.send(false)).as("within 500 ms of the last timed send").isFalse();
        f.clock.advanceMillis(500);
        assertThat(wal.send(false)).isTrue();
        assertThat(f.sender.of(WalMessage.class)).containsExactly(
                new WalMessage(2, 0, 100, 0, 0, 0, 0, 0),
                new WalMessage(0, 0, 0, 1, 1, 0, 0, 0),
                new WalMessage(0, 0, 0, 0, 0, 1, 0, 0));
    }

    @Test
    void walTimesNeedTrackWalIoTiming() {
        Fixture f = new Fixture();
        f.settings.trackWalIoTiming(true);
        f.backend.wal().countWrite(40);
        f.backend.wal().countSync(9);
        f.backend.wal().send(true);
        assertThat(f.sender.of(WalMessage.class)).containsExactly(new WalMessage(0, 0, 0, 0, 1, 1, 40, 9));
    }

    @Test
    void bgWriterSkipsAnEmptyBody() {
        Fixture f = new Fixture(b -> b.type(BackendType.CHECKPOINTER).databaseId(0));
        BgWriterStats bg = f.backend.bgWriter();
        assertThat(bg.send()).isFalse();
        bg.countRequestedCheckpoint();
        bg.countBuffersWrittenByCheckpoint(12);
        bg.addCheckpointWriteTime(33);
        assertThat(bg.send()).isTrue();
        assertThat(bg.send()).isFalse();
        assertThat(f.sender.messages).containsExactly(
                new org.pgstat4j.protocol.BgWriterMessage(0, 1, 12, 0, 0, 0, 0, 0, 33, 0));
        f.backend.close();
        assertThat(f.sender.messages).as("no database: nothing at exit").hasSize(1);
    }

    @Test
    void fullSocketDropsAndCountsWithoutFailing() {
        CapturingSender full = new CapturingSender().full(true);
        Backend b = Backend.builder(full).databaseId(Fixture.DB).clock(new FakeClock()).build();
        assertThatCode(() -> {
            for (int i = 0; i < 20; i++) {
                b.countHeapInsert(b.openRelation(T + i, RelKind.RELATION, false), 1);
            }
            b.commitTransaction();
            b.reportStat(false);
            b.reports().deadlock();
            b.close();
        }).doesNotThrowAnyException();
        // 3 TABSTAT + DEADLOCK + DISCONNECT + final TABSTAT
        assertThat(full.droppedCount()).isEqualTo(6);
        assertThat(full.sentCount()).isZero();
        assertThat(b.pending().tuplesInserted(T)).as("what was dropped is gone").isZero();
    }

    @Test
    void disabledStatisticsCountAndSendNothing() {
        CapturingSender sender = new CapturingSender();
        Backend b = Backend.builder(sender).databaseId(Fixture.DB).clock(new FakeClock()).enabled(false).build();
        TableStatus t = b.openRelation(T, RelKind.RELATION, false);
        assertThat(t.isCounted()).isFalse();
        b.countHeapInsert(t, 1);
        b.commitTransaction();
        b.reportConnect();
        b.resets().resetShared("no such target"); // PostgreSQL 14 checks the socket first
        b.close();
        assertThat(sender.messages).isEmpty();
        assertThat(sender.droppedCount()).isZero();
    }

    @Test
    void countingIsDecidedWhenARelationIsOpened() {
        Fixture f = new Fixture();
        f.settings.trackCounts(false);
        TableStatus off = f.table(T);
        f.settings.trackCounts(true);
        f.backend.countHeapInsert(off, 1);
        assertThat(f.backend.openRelation(T + 1, RelKind.VIEW, false).isCounted()).isFalse();
        assertThat(f.backend.openRelation(T + 2, RelKind.FOREIGN_TABLE, false).isCounted()).isFalse();
        assertThat(f.backend.openRelation(T + 3, RelKind.PARTITIONED_INDEX, false).isCounted()).isFalse();
        TableStatus partitioned = f.backend.openRelation(T + 4, RelKind.PARTITIONED_TABLE, false);
        assertThat(partitioned.isCounted()).isTrue();
        f.backend.countHeapScan(partitioned);
        f.backend.commitTransaction();
        f.backend.close();
        assertThat(f.sender.tabstats().stream().flatMap(m -> m.entries().stream()))
                .extracting(TableEntry::tableId).containsExactly(T + 4);
    }

    @Test
    void staleHandleKeptAcrossAFlushStillCountsItsOwnTable() {
        Fixture f = new Fixture();
        TableStatus kept = f.table(T);
        f.backend.countHeapInsert(kept, 1);
        f.backend.commitTransaction();
        f.backend.reportStat(false);
        f.sender.drain();
        // new window: another table takes the first slot, then the old handle is used
        f.autocommit(() -> f.insert(T + 1, 5));
        f.backend.countHeapInsert(kept, 2);
        f.backend.commitTransaction();
        assertThat(f.backend.pending().tuplesInserted(T)).isEqualTo(2);
        f.backend.close();
        assertThat(f.entry(T).tuplesInserted()).isEqualTo(2);
        assertThat(f.entry(T + 1).tuplesInserted()).isEqualTo(5);
    }

    @Test
    void functionStatsAloneMakeAReport() {
        Fixture f = new Fixture();
        f.settings.trackFunctions(TrackFunctions.ALL);
        f.backend.endFunctionUsage(f.backend.initFunctionUsage(9, TrackFunctions.PL), true);
        assertThat(f.backend.reportStat(false)).isTrue();
        assertThat(f.sender.of(FuncStatMessage.class)).hasSize(1);
        assertThat(f.sender.tabstats()).isEmpty();
    }
}
