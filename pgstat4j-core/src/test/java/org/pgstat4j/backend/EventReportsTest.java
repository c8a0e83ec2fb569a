package org.pgstat4j.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pgstat4j.protocol.AnalyzeMessage;
import org.pgstat4j.protocol.ArchiverMessage;
import org.pgstat4j.protocol.AutovacStartMessage;
import org.pgstat4j.protocol.ChecksumFailureMessage;
import org.pgstat4j.protocol.DeadlockMessage;
import org.pgstat4j.protocol.DropDbMessage;
import org.pgstat4j.protocol.RecoveryConflictMessage;
import org.pgstat4j.protocol.ReplSlotMessage;
import org.pgstat4j.protocol.TempFileMessage;
import org.pgstat4j.protocol.VacuumMessage;

/** One-off reports (spec §4.6, §4.9), ANALYZE's correction included (§10.3 item 7). */
class EventReportsTest {
    static final int T = 70001;

    @Test
    void analyzeInsideATransactionSubtractsItsOwnInserts() {
        Fixture f = new Fixture();
        TableModel m = new TableModel();
        m.seed(Fixture.DB, T).liveTup = 100;
        f.insert(T, 50);
        f.backend.reports().analyze(T, false, RelKind.RELATION, 150, 0, true);
        f.backend.commitTransaction();
        f.backend.close();

        assertThat(f.sender.of(AnalyzeMessage.class)).containsExactly(
                new AnalyzeMessage(Fixture.DB, T, false, true, FakeClock.START, 100, 0));
        TableModel.Row r = m.apply(f.sender.messages).row(Fixture.DB, T);
        assertThat(r.liveTup).isEqualTo(150);
        assertThat(r.modSinceAnalyze).isEqualTo(50);
        assertThat(r.analyzeCount).isEqualTo(1);
    }

    @Test
    void analyzeWithAColumnListKeepsTheModificationCounter() {
        Fixture f = new Fixture();
        TableModel m = new TableModel();
        m.seed(Fixture.DB, T).modSinceAnalyze = 40;
        f.backend.reports().analyze(T, false, RelKind.RELATION, 10, 0, false);
        assertThat(m.apply(f.sender.messages).row(Fixture.DB, T).modSinceAnalyze).isEqualTo(40);
    }

    @Test
    void correctionWalksEveryLevelAndAbortedSubtransactions() {
        Fixture f = new Fixture();
        f.insert(T, 10);                   // level 1
        f.backend.beginSubTransaction();
        f.insert(T, 4);
        f.backend.rollbackToSavepoint();   // 4 dead tuples already in the table's counts
        f.update(T, 3, false);             // level 2
        f.delete(T, 2);
        f.backend.reports().analyze(T, false, RelKind.RELATION, 1000, 50, true);
        AnalyzeMessage a = f.sender.of(AnalyzeMessage.class).getFirst();
        // live: 1000 - (0 - 2) - (10 - 0); dead: 50 - (3 + 2) - 0 - 4
        assertThat(a.liveTuples()).isEqualTo(992);
        assertThat(a.deadTuples()).isEqualTo(41);
    }

    @Test
    void correctedEstimatesAreClampedAtZero() {
        Fixture f = new Fixture();
        f.insert(T, 50);
        f.update(T, 5, false);
        f.backend.reports().analyze(T, false, RelKind.RELATION, 20, 1, true);
        AnalyzeMessage a = f.sender.of(AnalyzeMessage.class).getFirst();
        assertThat(a.liveTuples()).isZero();
        assertThat(a.deadTuples()).isZero();
    }

    @Test
    void partitionedTablesAndUncountedTablesAreNotCorrected() {
        Fixture f = new Fixture();
        f.insert(T, 50);
        f.backend.reports().analyze(T, false, RelKind.PARTITIONED_TABLE, 0, 0, true);
        f.backend.reports().analyze(T + 1, false, RelKind.RELATION, 70, 3, true);
        assertThat(f.sender.of(AnalyzeMessage.class)).extracting(AnalyzeMessage::liveTuples, AnalyzeMessage::deadTuples)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 0L), org.assertj.core.groups.Tuple.tuple(70L, 3L));
    }

    @Test
    void sharedTablesReportUnderDatabaseZeroAndAutovacuumIsFlagged() {
        Fixture f = new Fixture(b -> b.type(BackendType.AUTOVACUUM_WORKER));
        f.backend.reports().vacuum(1262, true, 5, 1);
        f.backend.reports().analyze(1262, true, RelKind.RELATION, 5, 1, true);
        assertThat(f.sender.messages).containsExactly(
                new VacuumMessage(0, 1262, true, FakeClock.START, 5, 1),
                new AnalyzeMessage(0, 1262, true, true, FakeClock.START, 5, 1));
    }

    @Test
    void vacuumClampsLiveTuples() {
        Fixture f = new Fixture();
        f.backend.reports().vacuum(T, false, -3, 2);
        assertThat(f.sender.messages).containsExactly(new VacuumMessage(Fixture.DB, T, false, FakeClock.START, 0, 2));
    }

    @Test
    void databaseEventsNeedTrackCounts() {
        Fixture f = new Fixture();
        f.settings.trackCounts(false);
        EventReports r = f.backend.reports();
        r.tempFile(8192);
        r.deadlock();
        r.checksumFailures(Fixture.DB, 1);
        r.recoveryConflict(RecoveryConflictMessage.REASON_SNAPSHOT);
        r.vacuum(T, false, 1, 1);
        r.analyze(T, false, RelKind.RELATION, 1, 1, true);
        assertThat(f.sender.messages).isEmpty();

        f.settings.trackCounts(true);
        r.tempFile(8192);
        r.deadlock();
        r.checksumFailures(0, 3);
        r.recoveryConflict(RecoveryConflictMessage.REASON_SNAPSHOT);
        assertThat(f.sender.messages).containsExactly(
                new TempFileMessage(Fixture.DB, 8192),
                new DeadlockMessage(Fixture.DB),
                new ChecksumFailureMessage(0, 3, FakeClock.START),
                new RecoveryConflictMessage(Fixture.DB, RecoveryConflictMessage.REASON_SNAPSHOT));
    }

    @Test
    void otherEventsIgnoreTrackCounts() {
        Fixture f = new Fixture();
        f.settings.trackCounts(false);
        EventReports r = f.backend.reports();
        r.autovacStart(5);
        r.dropDatabase(16385);
        r.archiver("000000010000000000000003", true);
        r.replSlotCreate("s");
        r.replSlot("s", 1, 2, 3, 4, 5, 6, 7, 8);
        r.replSlotDrop("s");
        assertThat(f.sender.messages).containsExactly(
                new AutovacStartMessage(5, FakeClock.START),
                new DropDbMessage(16385),
                new ArchiverMessage(true, "000000010000000000000003", FakeClock.START),
                ReplSlotMessage.created("s"),
                new ReplSlotMessage("s", false, false, 1, 2, 3, 4, 5, 6, 7, 8),
                ReplSlotMessage.dropped("s"));
    }

    @Test
    void overlongNamesAreCutNotRejected() {
        Fixture f = new Fixture();
        String wal = "0000000100000000000000AB.00000028.backup.partial.extra";
        String slot = "s".repeat(70);
        f.backend.reports().archiver(wal, false);
        f.backend.reports().replSlotDrop(slot);
        assertThat(f.sender.messages.get(0)).isEqualTo(new ArchiverMessage(false, wal.substring(0, 40), FakeClock.START));
        assertThat(f.sender.messages.get(1)).isEqualTo(ReplSlotMessage.dropped(slot.substring(0, 63)));
    }

    @Test
    void namesAreCutOnCharacterBoundaries() {
        String twoByteChars = "é".repeat(40); // 80 bytes in UTF-8
        assertThat(Names.fit(twoByteChars, 64)).isEqualTo("é".repeat(31));
        assertThat(Names.fit("short", 64)).isEqualTo("short");
    }
}
