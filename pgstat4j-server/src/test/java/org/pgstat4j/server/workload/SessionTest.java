package org.pgstat4j.server.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.backend.SqlStateException;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.server.workload.Session.TransactionState;

/**
 * The session's transaction machinery as PostgreSQL's: when it reports, what errors do to a
 * block, savepoints after errors, statements that refuse to run in a block, prepared
 * transactions across sessions and databases.
 */
class SessionTest {
    @TempDir
    Path dir;

    private EmbeddedStats stats;
    private Cluster cluster;
    private Schema db;
    private Table t;

    @BeforeEach
    void start() throws Exception {
        stats = EmbeddedStats.start(dir);
        cluster = new Cluster(stats);
        db = cluster.createDatabase("db");
        t = db.createTable("t", true);
    }

    @AfterEach
    void stop() {
        stats.close();
    }

    private static SqlStateException sqlError(Runnable r) {
        try {
            r.run();
        } catch (SqlStateException e) {
            return e;
        }
        throw new AssertionError("no SQL error");
    }

    @Test
    void reportsOnlyWhenIdleOutsideATransactionBlock() {
        try (Session s = db.connect()) {
            long afterConnect = stats.sender().sentCount();
            s.begin();
            s.insert(t, 1);
            s.selectOne();
            assertThat(stats.sender().sentCount()).as("idle in transaction: nothing sent").isEqualTo(afterConnect);
            s.commit();
            assertThat(stats.sender().sentCount()).as("first idle point: report").isGreaterThan(afterConnect);
        }
    }

    @Test
    void anErrorFailsTheBlockUntilRollbackAndCountsTheAbortAtOnce() {
        Session s = db.connect();
        s.begin();
        s.insert(t, 1);
        assertThat(s.deadlock().sqlState()).isEqualTo("40P01");
        assertThat(s.state()).isEqualTo(TransactionState.FAILED);
        assertThat(sqlError(() -> s.insert(t, 1)).sqlState()).isEqualTo("25P02");
        assertThat(s.backend().pending().tuplesInserted(t.oid())).as("the aborted insert counts as attempted").isEqualTo(1);
        s.commit(); // COMMIT of a failed block rolls back, without counting a second time
        assertThat(s.state()).isEqualTo(TransactionState.IDLE);
        s.close();
        Observer o = db.observer();
        o.awaitQuiescence();
        Map<String, Object> d = o.row("pg_stat_database", "db");
        assertThat(d).containsEntry("xact_rollback", 1L).containsEntry("xact_commit", 0L).containsEntry("deadlocks", 1L);
        assertThat(t.deadRows()).isEqualTo(1);
    }

    @Test
    void rollbackToASavepointRecoversFromAnErrorInsideIt() {
        try (Session s = db.connect()) {
            s.begin();
            s.insert(t, 2);
            s.savepoint("a");
            s.insert(t, 3);
            s.deadlock();
            assertThat(s.state()).isEqualTo(TransactionState.FAILED);
            s.rollbackTo("a");
            assertThat(s.state()).isEqualTo(TransactionState.IN_TRANSACTION);
            s.insert(t, 1);
            s.release("a");
            s.commit();
        }
        assertThat(t.liveRows()).isEqualTo(3);
        assertThat(t.deadRows()).isEqualTo(3);
    }

    @Test
    void statementsThatCannotRunInABlockFailIt() {
        Schema other = cluster.createDatabase("other");
        try (Session s = db.connect()) {
            assertThat(sqlError(() -> s.savepoint("x")).sqlState()).isEqualTo("25P01");
            for (Runnable r : java.util.List.<Runnable>of(() -> s.vacuum(t), () -> s.commitPrepared("x"),
                    () -> s.dropDatabase(other), () -> s.statement(() -> s.vacuum(t)))) {
                s.begin();
                assertThat(sqlError(r).sqlState()).isEqualTo("25001");
                assertThat(s.state()).as("the error aborts the block").isEqualTo(TransactionState.FAILED);
                s.rollback();
            }
            assertThat(sqlError(() -> s.statement(() -> s.vacuum(t))).sqlState()).as("not inside another statement")
                    .isEqualTo("25001");
            s.begin();
            assertThat(sqlError(() -> s.rollbackTo("nowhere")).sqlState()).isEqualTo("3B001");
            assertThat(s.state()).isEqualTo(TransactionState.FAILED);
            s.rollback();
            s.vacuum(t);
        }
    }

    @Test
    void preparedTransactionsBelongToTheirDatabaseAndNameOnlyOne() {
        Schema other = cluster.createDatabase("other");
        try (Session s = db.connect(); Session s2 = db.connect(); Session elsewhere = other.connect()) {
            s.begin();
            s.insert(t, 4);
            s.prepare("g");
            assertThat(cluster.preparedTransactions().gids()).containsExactly("g");
            s2.begin();
            s2.insert(t, 1);
            assertThat(sqlError(() -> s2.prepare("g")).sqlState()).isEqualTo("42710");
            assertThat(s2.state()).isEqualTo(TransactionState.IDLE);
            assertThat(sqlError(() -> elsewhere.commitPrepared("g")).sqlState()).isEqualTo("0A000");
            assertThat(t.liveRows()).isZero();
            s2.commitPrepared("g");
            assertThat(t.liveRows()).isEqualTo(4);
            assertThat(cluster.preparedTransactions().gids()).isEmpty();
            assertThat(sqlError(() -> s.rollbackPrepared("g")).sqlState()).isEqualTo("42704");
        }
    }

    @Test
    void closingInsideABlockAbortsItAndTheNumberOfBackendsFollowsSessions() {
        Session s = db.connect();
        assertThat(cluster.numBackends(db.oid())).isEqualTo(1);
        s.begin();
        s.insert(t, 2);
        s.close();
        s.close();
        assertThat(cluster.numBackends(db.oid())).isZero();
        assertThat(t.deadRows()).isEqualTo(2);
        assertThatThrownBy(() -> s.insert(t, 1)).isInstanceOf(IllegalStateException.class);
        Observer o = db.observer();
        o.awaitQuiescence();
        assertThat(o.row("pg_stat_database", "db")).containsEntry("xact_rollback", 1L);
        assertThat(o.row("pg_stat_user_tables", "t")).containsEntry("n_dead_tup", 2L);
    }
}
