package org.pgstat4j.server.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.postmaster.EmbeddedStats;

/**
 * The heap truth behind VACUUM and ANALYZE: what committed and aborted (sub)transactions,
 * TRUNCATE and PREPARE leave in a table. The expected live/dead rows are those of spec
 * §10.1's trunc_stats_test tables — statistics are designed to follow the heap.
 */
class TransactionChangesTest {
    @TempDir
    Path dir;

    private EmbeddedStats stats;
    private Schema db;

    @BeforeEach
    void start() throws Exception {
        stats = EmbeddedStats.start(dir);
        db = new Cluster(stats).createDatabase("heap");
    }

    @AfterEach
    void stop() {
        stats.close();
    }

    private static void assertHeap(Table t, long live, long dead) {
        assertThat(t.liveRows()).as("live").isEqualTo(live);
        assertThat(t.deadRows()).as("dead").isEqualTo(dead);
    }

    @Test
    void committedTruncateLeavesOnlyWhatCameAfterIt() {
        Table t = db.createTable("t");
        TransactionChanges x = new TransactionChanges();
        x.insert(t, 3);
        x.commit();
        x.update(t, 2);
        x.delete(t, 1);
        x.commit();
        assertHeap(t, 2, 3);
        x.update(t, 2);
        x.truncate(t);
        x.insert(t, 1);
        x.commit();
        assertHeap(t, 1, 0);
    }

    @Test
    void releasedSavepointPropagatesItsTruncate() {
        Table t = db.createTable("t");
        TransactionChanges x = new TransactionChanges();
        x.insert(t, 2);
        x.beginSubTransaction();
        x.insert(t, 1);
        x.truncate(t);
        x.insert(t, 1);
        x.commitSubTransaction();
        x.commit();
        assertHeap(t, 1, 0);
    }

    @Test
    void rolledBackSavepointBringsBackWhatItsTruncateHid() {
        Table t = db.createTable("t");
        TransactionChanges x = new TransactionChanges();
        x.insert(t, 2);
        x.beginSubTransaction();
        x.insert(t, 2);
        x.truncate(t);
        x.insert(t, 1);
        assertThat(x.visible(t)).containsExactly(1, 0);
        x.abortSubTransaction();
        assertThat(x.visible(t)).containsExactly(2, 2);
        x.commit();
        assertHeap(t, 2, 2);
    }

    @Test
    void abortedTruncatingTransactionLeavesItsPreTruncateInsertsDead() {
        Table t = db.createTable("t");
        TransactionChanges x = new TransactionChanges();
        x.insert(t, 2);
        x.truncate(t);
        x.insert(t, 1);
        x.abort();
        assertHeap(t, 0, 2);
    }

    @Test
    void analyzeSeesOwnInsertsLiveAndOwnDeletesAndOldVersionsDead() {
        Table t = db.createTable("t");
        TransactionChanges x = new TransactionChanges();
        x.insert(t, 100);
        x.commit();
        x.insert(t, 50);
        x.update(t, 5);
        x.delete(t, 3);
        assertThat(x.visible(t)).containsExactly(147, 8);
        assertHeap(t, 100, 0); // nothing committed yet
    }

    @Test
    void preparedChangesWaitForTheirFinish() {
        Table t = db.createTable("t");
        TransactionChanges x = new TransactionChanges();
        x.insert(t, 10);
        x.commit();
        x.insert(t, 2);
        x.truncate(t);
        x.insert(t, 3);
        var prepared = x.prepare();
        assertHeap(t, 10, 0);
        prepared.forEach(TransactionChanges.Prepared::rollback);
        assertHeap(t, 10, 2);
        x.insert(t, 3);
        x.truncate(t);
        var again = x.prepare();
        again.forEach(TransactionChanges.Prepared::commit);
        assertHeap(t, 0, 0);
    }

    @Test
    void vacuumRemovesDeadRowsAndRecordsTheEstimates() {
        Table t = db.createTable("t", false, 10);
        TransactionChanges x = new TransactionChanges();
        t.extend(95);
        x.insert(t, 95);
        x.commit();
        x.delete(t, 5);
        x.commit();
        assertThat(t.reltuples()).isEqualTo(-1);
        assertThat(t.vacuum()).isEqualTo(90);
        assertHeap(t, 90, 0);
        assertThat(t.reltuples()).isEqualTo(90);
        assertThat(t.relpages()).isEqualTo(10);
    }

    @Test
    void indexHeightGrowsByFanOutAndDescentsVisitOnePagePerLevel() {
        assertThat(Index.height(1)).isEqualTo(1);
        assertThat(Index.height(Index.ENTRIES_PER_PAGE)).isEqualTo(1);
        assertThat(Index.height(Index.ENTRIES_PER_PAGE + 1)).isEqualTo(2);
        assertThat(Index.height(100_000)).isEqualTo(3);
        long[] path = Index.path(12_345, 100_000);
        assertThat(path).hasSize(3);
        assertThat(path[0]).isEqualTo(0L);                                 // the root
        assertThat(path[2] & ((1L << 40) - 1)).isEqualTo(12_345 / 300);     // the leaf
        assertThat(Index.path(12_346, 100_000)).containsExactly(path);     // same leaf
    }
}
