package org.pgstat4j.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pgstat4j.protocol.TableEntry;

/**
 * End-of-(sub)transaction arithmetic (spec §4.3–§4.5) and the scenarios of §10.3 that follow
 * from it: what a committed, aborted, partly rolled back or prepared transaction leaves in
 * the TABSTAT entry, and what the collector then shows.
 */
class TransactionArithmeticTest {
    static final int T = 30001;

    @Test
    void ownPendingCountsIncludeOpenLevelsAndSurviveRollbackToSavepoint() {
        // §10.3 item 3
        Fixture f = new Fixture();
        f.insert(T, 5);
        f.backend.beginSubTransaction();
        f.insert(T, 2);
        assertThat(f.backend.pending().tuplesInserted(T)).isEqualTo(7);
        f.backend.rollbackToSavepoint();
        assertThat(f.backend.pending().tuplesInserted(T)).as("attempted inserts still count").isEqualTo(7);
        f.backend.commitTransaction();
        assertThat(f.sender.messages).as("nothing reaches the collector before a flush").isEmpty();
        f.backend.close();

        TableEntry e = f.entry(T);
        assertThat(e.tuplesInserted()).isEqualTo(7);
        assertThat(e.deltaLiveTuples()).isEqualTo(5);
        assertThat(e.deltaDeadTuples()).isEqualTo(2);
        assertThat(e.changedTuples()).isEqualTo(5);
        TableModel.Row r = f.model().row(Fixture.DB, T);
        assertThat(r.modSinceAnalyze).isEqualTo(5);
        assertThat(r.insSinceVacuum).isEqualTo(7);
    }

    @Test
    void updatesAndDeletes() {
        // §10.3 item 4
        Fixture f = new Fixture();
        f.autocommit(() -> f.insert(T, 10));
        f.autocommit(() -> f.update(T, 4, true));
        f.autocommit(() -> f.delete(T, 3));
        f.backend.close();

        TableEntry e = f.entry(T);
        assertThat(new long[] {e.tuplesInserted(), e.tuplesUpdated(), e.tuplesDeleted(), e.tuplesHotUpdated()})
                .containsExactly(10, 4, 3, 4);
        TableModel.Row r = f.model().row(Fixture.DB, T);
        assertThat(new long[] {r.liveTup, r.deadTup, r.modSinceAnalyze}).containsExactly(7, 7, 17);
    }

    @Test
    void abortedTransactionCountsAttemptsAndDeadTuplesOnly() {
        // §10.3 item 5: the table already has 10 live rows at the collector
        Fixture f = new Fixture();
        TableModel m = new TableModel();
        TableModel.Row before = m.seed(Fixture.DB, T);
        before.liveTup = 10;
        before.modSinceAnalyze = 10;
        f.insert(T, 5);
        f.update(T, 2, false);
        f.delete(T, 1);
        f.backend.rollbackTransaction();
        f.backend.close();

        TableModel.Row r = m.apply(f.sender.messages).row(Fixture.DB, T);
        assertThat(new long[] {r.tupIns, r.tupUpd, r.tupDel}).containsExactly(5, 2, 1);
        assertThat(r.liveTup).isEqualTo(10);
        assertThat(r.deadTup).isEqualTo(7);
        assertThat(r.modSinceAnalyze).isEqualTo(10);
        assertThat(f.regularTabstats().getFirst().xactRollback()).isEqualTo(1);
        assertThat(f.regularTabstats().getFirst().xactCommit()).isZero();
    }

    /** §10.3 item 8: TRUNCATE and INSERT as two transactions in one flush window. */
    private static TableModel.Row truncateThenInsertInOneWindow(Fixture f) {
        TableModel m = new TableModel();
        m.seed(Fixture.DB, T).liveTup = 10;
        f.autocommit(() -> f.truncate(T));
        f.autocommit(() -> f.insert(T, 1));
        f.backend.close();
        return m.apply(f.sender.messages).row(Fixture.DB, T);
    }

    @Test
    void truncateFlagIsOverwrittenByALaterCommitAsInPostgres14() {
        Fixture f = new Fixture();
        TableModel.Row r = truncateThenInsertInOneWindow(f);
        assertThat(f.entry(T).truncated()).isFalse();
        assertThat(f.entry(T).deltaLiveTuples()).isEqualTo(1);
        assertThat(r.liveTup).as("PostgreSQL 14 shows 11").isEqualTo(11);
    }

    @Test
    void stickyTruncateFlagGivesTheTrueLiveCount() {
        Fixture f = new Fixture(b -> b.stickyTruncateFlag(true));
        TableModel.Row r = truncateThenInsertInOneWindow(f);
        assertThat(f.entry(T).truncated()).isTrue();
        assertThat(r.liveTup).isEqualTo(1);
    }

    @Test
    void truncateAloneIsSentAlthoughEveryCounterIsZero() {
        Fixture f = new Fixture();
        f.autocommit(() -> f.truncate(T));
        f.backend.close();
        TableEntry e = f.entry(T);
        assertThat(e.truncated()).isTrue();
        assertThat(e.tuplesInserted() + e.deltaLiveTuples() + e.deltaDeadTuples() + e.changedTuples()).isZero();
    }

    @Test
    void subCommitIntoALevelWithoutRecordRelabelsTheRecord() {
        // the insert happens at level 3; levels 1 and 2 never touched the table
        Fixture f = new Fixture();
        f.backend.beginSubTransaction();
        f.backend.beginSubTransaction();
        f.insert(T, 1);
        f.backend.commitSubTransaction();
        assertThat(f.backend.nestLevel()).isEqualTo(2);
        assertThat(f.backend.pending().tuplesInserted(T)).isEqualTo(1);
        f.backend.rollbackSubTransaction();
        f.backend.commitTransaction();
        f.backend.close();
        TableEntry e = f.entry(T);
        assertThat(e.tuplesInserted()).isEqualTo(1);
        assertThat(e.deltaDeadTuples()).as("aborted at level 2 after the relabel").isEqualTo(1);
        assertThat(e.deltaLiveTuples()).isZero();
        assertThat(e.changedTuples()).isZero();
    }

    @Test
    void subCommitSkippingALevelRelabelsInsteadOfMergingFurtherOut() {
        // level 1 and level 3 touch the table, level 2 does not: releasing level 3 must
        // leave its counts at level 2, so that rolling back level 2 aborts them
        Fixture f = new Fixture();
        f.insert(T, 1);
        f.backend.beginSubTransaction();
        f.backend.beginSubTransaction();
        f.insert(T, 2);
        f.backend.commitSubTransaction();
        f.backend.rollbackSubTransaction();
        f.backend.commitTransaction();
        f.backend.close();
        TableEntry e = f.entry(T);
        assertThat(new long[] {e.tuplesInserted(), e.deltaLiveTuples(), e.deltaDeadTuples(), e.changedTuples()})
                .containsExactly(3, 1, 2, 1);
    }

    @Test
    void truncateInsideASubtransactionPropagatesOnlyWhenReleased() {
        // L1: 3 inserts; L2: truncate + 1 insert; L3: 2 inserts; release L3 and L2; rollback.
        // The abort restores the counts saved when the truncate reached level 1 (3).
        Fixture f = new Fixture();
        f.insert(T, 3);
        f.backend.beginSubTransaction();
        f.truncate(T);
        f.insert(T, 1);
        f.backend.beginSubTransaction();
        f.insert(T, 2);
        f.backend.commitSubTransaction();
        assertThat(f.backend.pending().tuplesInserted(T)).isEqualTo(3 + 3);
        f.backend.commitSubTransaction();
        assertThat(f.backend.pending().tuplesInserted(T)).as("outer counts replaced").isEqualTo(3);
        f.backend.rollbackTransaction();
        f.backend.close();
        TableEntry e = f.entry(T);
        assertThat(e.tuplesInserted()).isEqualTo(3);
        assertThat(e.deltaDeadTuples()).isEqualTo(3);
        assertThat(e.truncated()).isFalse();
    }

    @Test
    void commitWithOpenSavepointsReleasesThem() {
        Fixture f = new Fixture();
        f.insert(T, 1);
        f.backend.beginSubTransaction();
        f.insert(T, 2);
        f.backend.beginSubTransaction();
        f.delete(T, 1);
        f.backend.commitTransaction();
        assertThat(f.backend.nestLevel()).isEqualTo(1);
        f.backend.close();
        TableEntry e = f.entry(T);
        assertThat(new long[] {e.tuplesInserted(), e.tuplesDeleted(), e.deltaLiveTuples(), e.deltaDeadTuples()})
                .containsExactly(3, 1, 2, 1);
    }

    @Test
    void endingASubtransactionThatIsNotOpenIsAnError() {
        Fixture f = new Fixture();
        assertThatThrownBy(f.backend::commitSubTransaction).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void preparedTransactionCountsOnlyWhenCommittedElsewhere() {
        // §10.3 item 9
        Fixture a = new Fixture();
        a.insert(T, 3);
        List<TwoPhaseRecord> prepared = a.backend.prepareTransaction();
        assertThat(prepared).containsExactly(new TwoPhaseRecord(T, false, 3, 0, 0, 0, 0, 0, false));
        assertThat(a.backend.pending().tuplesInserted(T)).isZero();
        a.backend.forceNextFlush();
        a.backend.reportStat(false);
        assertThat(a.sender.tabstats()).as("a prepare is neither a commit nor an entry").isEmpty();

        Fixture b = new Fixture();
        b.backend.commitPrepared(prepared);
        b.backend.commitTransaction();
        b.backend.close();
        TableEntry e = b.entry(T);
        assertThat(new long[] {e.tuplesInserted(), e.deltaLiveTuples(), e.changedTuples()}).containsExactly(3, 3, 3);
        assertThat(b.regularTabstats().getFirst().xactCommit())
                .as("the prepared transaction and the COMMIT PREPARED statement").isEqualTo(2);
    }

    @Test
    void rollbackPreparedCountsDeadTuples() {
        Fixture a = new Fixture();
        a.insert(T, 3);
        List<TwoPhaseRecord> prepared = a.backend.prepareTransaction();
        Fixture b = new Fixture();
        b.backend.rollbackPrepared(prepared);
        b.backend.commitTransaction();
        b.backend.close();
        TableEntry e = b.entry(T);
        assertThat(new long[] {e.tuplesInserted(), e.deltaLiveTuples(), e.deltaDeadTuples(), e.changedTuples()})
                .containsExactly(3, 0, 3, 0);
        assertThat(b.regularTabstats().getFirst().xactRollback()).isEqualTo(1);
        assertThat(b.regularTabstats().getFirst().xactCommit()).isEqualTo(1);
    }

    @Test
    void preparedTruncateResetsOnCommitAndRestoresOnRollback() {
        Fixture a = new Fixture();
        a.insert(T, 2);
        a.truncate(T);
        a.insert(T, 3);
        List<TwoPhaseRecord> prepared = a.backend.prepareTransaction();
        assertThat(prepared).containsExactly(new TwoPhaseRecord(T, false, 3, 0, 0, 2, 0, 0, true));

        Fixture committer = new Fixture();
        TableModel committed = new TableModel();
        committed.seed(Fixture.DB, T).liveTup = 10;
        committer.backend.commitPrepared(prepared);
        committer.backend.close();
        assertThat(committer.entry(T).truncated()).isTrue();
        assertThat(committed.apply(committer.sender.messages).row(Fixture.DB, T).liveTup).isEqualTo(3);

        Fixture aborter = new Fixture();
        TableModel aborted = new TableModel();
        aborted.seed(Fixture.DB, T).liveTup = 10;
        aborter.backend.rollbackPrepared(prepared);
        aborter.backend.close();
        TableEntry e = aborter.entry(T);
        assertThat(new long[] {e.tuplesInserted(), e.deltaDeadTuples()}).containsExactly(2, 2);
        TableModel.Row r = aborted.apply(aborter.sender.messages).row(Fixture.DB, T);
        assertThat(new long[] {r.liveTup, r.deadTup}).containsExactly(10, 2);
    }

    @Test
    void sharedCatalogPreparedRecordGoesToDatabaseZero() {
        Fixture a = new Fixture();
        a.backend.countHeapInsert(a.backend.openRelation(1262, RelKind.RELATION, true), 1);
        List<TwoPhaseRecord> prepared = a.backend.prepareTransaction();
        Fixture b = new Fixture();
        b.backend.commitPrepared(prepared);
        b.backend.close();
        assertThat(b.sender.tabstats()).anySatisfy(m -> {
            assertThat(m.databaseId()).isZero();
            assertThat(m.entries()).extracting(TableEntry::tableId).containsExactly(1262);
        });
    }

    @Test
    void xactAccessorsReadPendingCountsOfEveryKind() {
        Fixture f = new Fixture();
        TableStatus t = f.table(T);
        f.backend.countHeapScan(t);
        f.backend.countHeapGetnext(t);
        f.backend.countHeapGetnext(t);
        f.backend.countHeapFetch(t);
        f.backend.countBufferRead(t);
        f.backend.countBufferHit(t);
        f.backend.countHeapInsert(t, 4);
        f.backend.countHeapUpdate(t, true);
        f.backend.countHeapDelete(t);
        f.backend.commitTransaction();
        f.backend.beginSubTransaction();
        f.backend.countHeapInsert(t, 1);
        f.backend.countHeapUpdate(t, false);
        f.backend.countHeapDelete(t);
        PendingStats p = f.backend.pending();
        assertThat(new long[] {p.numScans(T), p.tuplesReturned(T), p.tuplesFetched(T),
                p.tuplesInserted(T), p.tuplesUpdated(T), p.tuplesDeleted(T),
                p.tuplesHotUpdated(T), p.blocksFetched(T), p.blocksHit(T)})
                .containsExactly(1, 2, 1, 5, 2, 2, 1, 1, 1);
        assertThat(p.tuplesInserted(99999)).isZero();
    }
}
