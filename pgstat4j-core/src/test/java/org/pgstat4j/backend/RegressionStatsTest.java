package org.pgstat4j.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;

/**
 * PostgreSQL's {@code stats} regression test (spec §10.1), played against a backend: the
 * datagrams it sends must make the collector's arithmetic (§5.4) show the expected
 * {@code n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup} — whether the session
 * reports once at exit or after every transaction.
 */
class RegressionStatsTest {
    static final int TRUNC_STATS_TEST = 20001;
    static final int TRUNC_STATS_TEST1 = 20002;
    static final int TRUNC_STATS_TEST2 = 20003;
    static final int TRUNC_STATS_TEST3 = 20004;
    static final int TRUNC_STATS_TEST4 = 20005;

    enum Flushing { AT_EXIT, AFTER_EVERY_TRANSACTION }

    /** The five trunc_stats_test workloads; returns the number of commits. */
    private static int workload(Fixture f, Flushing flushing) {
        Runnable ended = flushing == Flushing.AT_EXIT ? () -> { } : f::idleAfterInterval;
        int commits = 0;
        // trunc_stats_test: 3 x INSERT DEFAULT VALUES; TRUNCATE
        for (int i = 0; i < 3; i++) {
            f.autocommit(() -> f.insert(TRUNC_STATS_TEST, 1));
            ended.run();
            commits++;
        }
        f.autocommit(() -> f.truncate(TRUNC_STATS_TEST));
        ended.run();
        commits++;
        // trunc_stats_test1: 3 inserts; UPDATE 2 rows; DELETE 1 row;
        // BEGIN; UPDATE 2 rows; TRUNCATE; INSERT; COMMIT
        for (int i = 0; i < 3; i++) {
            f.autocommit(() -> f.insert(TRUNC_STATS_TEST1, 1));
            ended.run();
            commits++;
        }
        f.autocommit(() -> f.update(TRUNC_STATS_TEST1, 2, false));
        ended.run();
        f.autocommit(() -> f.delete(TRUNC_STATS_TEST1, 1));
        ended.run();
        f.update(TRUNC_STATS_TEST1, 2, false);
        f.truncate(TRUNC_STATS_TEST1);
        f.insert(TRUNC_STATS_TEST1, 1);
        f.backend.commitTransaction();
        ended.run();
        commits += 3;
        // trunc_stats_test2: BEGIN; 2 inserts; SAVEPOINT p1; insert; TRUNCATE; insert;
        // RELEASE SAVEPOINT p1; COMMIT
        f.insert(TRUNC_STATS_TEST2, 1);
        f.insert(TRUNC_STATS_TEST2, 1);
        f.backend.beginSubTransaction();
        f.insert(TRUNC_STATS_TEST2, 1);
        f.truncate(TRUNC_STATS_TEST2);
        f.insert(TRUNC_STATS_TEST2, 1);
        f.backend.commitSubTransaction();
        f.backend.commitTransaction();
        ended.run();
        commits++;
        // trunc_stats_test3: BEGIN; 2 inserts; SAVEPOINT p1; 2 inserts; TRUNCATE; insert;
        // ROLLBACK TO SAVEPOINT p1; COMMIT
        f.insert(TRUNC_STATS_TEST3, 1);
        f.insert(TRUNC_STATS_TEST3, 1);
        f.backend.beginSubTransaction();
        f.insert(TRUNC_STATS_TEST3, 1);
        f.insert(TRUNC_STATS_TEST3, 1);
        f.truncate(TRUNC_STATS_TEST3);
        f.insert(TRUNC_STATS_TEST3, 1);
        f.backend.rollbackToSavepoint();
        f.backend.commitTransaction();
        ended.run();
        commits++;
        // trunc_stats_test4: BEGIN; 2 inserts; TRUNCATE; insert; ROLLBACK
        f.insert(TRUNC_STATS_TEST4, 1);
        f.insert(TRUNC_STATS_TEST4, 1);
        f.truncate(TRUNC_STATS_TEST4);
        f.insert(TRUNC_STATS_TEST4, 1);
        f.backend.rollbackTransaction();
        ended.run();
        return commits;
    }

    @ParameterizedTest
    @EnumSource(Flushing.class)
    void viewsShowTheRegressionTestsExpectedCounts(Flushing flushing) {
        Fixture f = new Fixture();
        workload(f, flushing);
        f.backend.close();

        TableModel m = f.model();
        assertRow(m, TRUNC_STATS_TEST, 3, 0, 0, 0, 0);
        assertRow(m, TRUNC_STATS_TEST1, 4, 2, 1, 1, 0);
        assertRow(m, TRUNC_STATS_TEST2, 1, 0, 0, 1, 0);
        assertRow(m, TRUNC_STATS_TEST3, 4, 0, 0, 2, 2);
        assertRow(m, TRUNC_STATS_TEST4, 2, 0, 0, 0, 2);
    }

    private static void assertRow(TableModel m, int oid, long ins, long upd, long del, long live, long dead) {
        TableModel.Row r = m.row(Fixture.DB, oid);
        assertThat(new long[] {r.tupIns, r.tupUpd, r.tupDel, r.liveTup, r.deadTup})
                .as("n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_dead_tup of %d", oid)
                .containsExactly(ins, upd, del, live, dead);
    }

    @Test
    void oneWindowCarriesTheseEntries() {
        Fixture f = new Fixture();
        int commits = workload(f, Flushing.AT_EXIT);
        f.backend.close();

        // trunc_stats_test: the committed truncate sets the flag and zeroes the deltas
        assertEntry(f.entry(TRUNC_STATS_TEST), 3, 0, 0, true, 0, 0, 3);
        // trunc_stats_test1: the 2 updates before the truncate are wiped, not counted
        assertEntry(f.entry(TRUNC_STATS_TEST1), 4, 2, 1, true, 1, 0, 7);
        // trunc_stats_test2: RELEASE propagates the truncate; outer 2 inserts replaced by 1
        assertEntry(f.entry(TRUNC_STATS_TEST2), 1, 0, 0, true, 1, 0, 1);
        // trunc_stats_test3: sub-abort restores the 2 pre-truncate inserts as attempted+dead
        assertEntry(f.entry(TRUNC_STATS_TEST3), 4, 0, 0, false, 2, 2, 2);
        // trunc_stats_test4: abort restores the pre-truncate 2 inserts, dead
        assertEntry(f.entry(TRUNC_STATS_TEST4), 2, 0, 0, false, 0, 2, 0);

        TabStatMessage first = f.regularTabstats().getFirst();
        assertThat(first.xactCommit()).isEqualTo(commits);
        assertThat(first.xactRollback()).isEqualTo(1);
    }

    private static void assertEntry(TableEntry e, long ins, long upd, long del, boolean truncated,
                                    long deltaLive, long deltaDead, long changed) {
        assertThat(e.tuplesInserted()).as("inserted").isEqualTo(ins);
        assertThat(e.tuplesUpdated()).as("updated").isEqualTo(upd);
        assertThat(e.tuplesDeleted()).as("deleted").isEqualTo(del);
        assertThat(e.truncated()).as("truncated").isEqualTo(truncated);
        assertThat(e.deltaLiveTuples()).as("delta live").isEqualTo(deltaLive);
        assertThat(e.deltaDeadTuples()).as("delta dead").isEqualTo(deltaDead);
        assertThat(e.changedTuples()).as("changed").isEqualTo(changed);
    }

    @Test
    void scansAndBlockReadsOfTenk2() {
        int tenk2 = 20010;
        int tenk2Unique1 = 20011;
        Fixture f = new Fixture();
        // SELECT count(*) FROM tenk2: one sequential scan over 10 000 rows in 345 pages
        TableStatus t = f.table(tenk2);
        f.backend.countHeapScan(t);
        for (int i = 0; i < 10_000; i++) {
            f.backend.countHeapGetnext(t);
        }
        for (int p = 0; p < 345; p++) {
            f.backend.countBufferRead(t);
            f.backend.countBufferHit(t);
        }
        f.backend.commitTransaction();
        // SELECT count(*) FROM tenk2 WHERE unique1 = 1: a plain index scan
        TableStatus heap = f.table(tenk2);
        TableStatus idx = f.backend.openRelation(tenk2Unique1, RelKind.INDEX, false);
        f.backend.countIndexScan(idx);
        f.backend.countIndexTuples(idx, 1);
        f.backend.countHeapFetch(idx);
        f.backend.countBufferRead(idx);
        f.backend.countBufferRead(heap);
        f.backend.countBufferHit(heap);
        f.backend.commitTransaction();
        f.backend.close();

        TableEntry table = f.entry(tenk2);
        assertThat(table.numScans()).isEqualTo(1);
        assertThat(table.tuplesReturned()).isEqualTo(10_000);
        assertThat(table.blocksFetched()).isEqualTo(346);
        assertThat(table.blocksHit()).isEqualTo(346);
        TableEntry index = f.entry(tenk2Unique1);
        assertThat(index.numScans()).isEqualTo(1);
        assertThat(index.tuplesReturned()).isEqualTo(1);
        assertThat(index.tuplesFetched()).isEqualTo(1);
        assertThat(index.blocksFetched()).isEqualTo(1);
        assertThat(index.blocksHit()).isZero();
    }
}
