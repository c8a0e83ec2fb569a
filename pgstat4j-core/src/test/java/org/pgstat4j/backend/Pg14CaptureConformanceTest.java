package org.pgstat4j.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;

/**
 * Sessions of the {@code pg14-mixed} conformance capture (real PostgreSQL 14.23 traffic),
 * replayed as backend calls: the transactional fields of each user table's TABSTAT entry must
 * equal what PostgreSQL 14 sent. Expected values are copied from the captured datagrams
 * (index in the capture given per case); scan and buffer fields, which depend on the
 * executor, are not compared.
 */
class Pg14CaptureConformanceTest {
    static final int T_RB = 1;
    static final int T_SP = 2;
    static final int T_TRUNC_COMMIT = 3;
    static final int T_TRUNC_ROLLBACK = 4;
    static final int T_2PC = 5;

    /** ins, upd, del, hot, truncated (0/1), delta live, delta dead, changed. */
    private static long[] transactional(TableEntry e) {
        return new long[] {e.tuplesInserted(), e.tuplesUpdated(), e.tuplesDeleted(),
                e.tuplesHotUpdated(), e.truncated() ? 1 : 0, e.deltaLiveTuples(),
                e.deltaDeadTuples(), e.changedTuples()};
    }

    @Test
    void s06RollbackThenInsert() {
        // BEGIN; INSERT 100 rows; UPDATE 5 rows (HOT); ROLLBACK; INSERT 1 row
        Fixture f = new Fixture();
        f.insert(T_RB, 100);
        f.update(T_RB, 5, true);
        f.backend.rollbackTransaction();
        f.autocommit(() -> f.insert(T_RB, 1));
        f.backend.close();
        // datagram 105
        assertThat(transactional(f.entry(T_RB))).containsExactly(101, 5, 0, 5, 0, 1, 105, 1);
    }

    @Test
    void s07Savepoints() {
        // BEGIN; INSERT 10; SAVEPOINT a; INSERT 20; UPDATE 3 (HOT); ROLLBACK TO a;
        // SAVEPOINT b; INSERT 5; DELETE 1; RELEASE b; UPDATE 1 (HOT); COMMIT
        Fixture f = new Fixture();
        f.insert(T_SP, 10);
        f.backend.beginSubTransaction();
        f.insert(T_SP, 20);
        f.update(T_SP, 3, true);
        f.backend.rollbackToSavepoint();
        f.backend.beginSubTransaction();
        f.insert(T_SP, 5);
        f.delete(T_SP, 1);
        f.backend.commitSubTransaction();
        f.update(T_SP, 1, true);
        f.backend.commitTransaction();
        f.backend.close();
        // datagram 119
        assertThat(transactional(f.entry(T_SP))).containsExactly(35, 4, 1, 4, 0, 14, 25, 17);
    }

    @Test
    void s08TruncateCommittedAndRolledBack() {
        // BEGIN; INSERT 50; TRUNCATE; INSERT 7; COMMIT;
        // BEGIN; TRUNCATE t_trunc_rollback; INSERT 3; ROLLBACK
        Fixture f = new Fixture();
        f.insert(T_TRUNC_COMMIT, 50);
        f.truncate(T_TRUNC_COMMIT);
        f.insert(T_TRUNC_COMMIT, 7);
        f.backend.commitTransaction();
        f.truncate(T_TRUNC_ROLLBACK);
        f.insert(T_TRUNC_ROLLBACK, 3);
        f.backend.rollbackTransaction();
        // PostgreSQL sent t_trunc_rollback's entry only because of its buffer counts
        f.backend.countBufferRead(f.table(T_TRUNC_ROLLBACK));
        f.backend.close();
        // datagrams 134 and 136
        assertThat(transactional(f.entry(T_TRUNC_COMMIT))).containsExactly(7, 0, 0, 0, 1, 7, 0, 7);
        assertThat(transactional(f.entry(T_TRUNC_ROLLBACK))).containsExactly(0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void s15s16TwoPhaseCommitFinishedByAnotherSession() {
        // s15: BEGIN; INSERT 30; PREPARE 'fx_commit'; BEGIN; INSERT 40; DELETE 1; PREPARE 'fx_abort'
        Fixture s15 = new Fixture();
        s15.insert(T_2PC, 30);
        List<TwoPhaseRecord> fxCommit = s15.backend.prepareTransaction();
        s15.insert(T_2PC, 40);
        s15.delete(T_2PC, 1);
        List<TwoPhaseRecord> fxAbort = s15.backend.prepareTransaction();
        s15.backend.close();
        // datagram 258: the prepares counted neither commits nor rollbacks
        assertThat(s15.regularTabstats().getFirst().xactCommit()).isZero();
        assertThat(s15.regularTabstats().getFirst().xactRollback()).isZero();

        // s16: COMMIT PREPARED 'fx_commit'; ROLLBACK PREPARED 'fx_abort'; SELECT count(*)
        Fixture s16 = new Fixture();
        s16.backend.commitPrepared(fxCommit);
        s16.backend.commitTransaction();
        s16.backend.rollbackPrepared(fxAbort);
        s16.backend.commitTransaction();
        s16.backend.countHeapScan(s16.table(T_2PC));
        s16.backend.commitTransaction();
        s16.backend.close();
        // datagram 271
        TabStatMessage first = s16.regularTabstats().getFirst();
        assertThat(first.xactCommit()).isEqualTo(4);
        assertThat(first.xactRollback()).isEqualTo(1);
        assertThat(transactional(s16.entry(T_2PC))).containsExactly(70, 0, 1, 0, 0, 30, 40, 30);
    }
}
