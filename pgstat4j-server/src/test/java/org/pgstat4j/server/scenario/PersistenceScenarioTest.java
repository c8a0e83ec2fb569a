package org.pgstat4j.server.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.scenario.ScenarioSpec.spec;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.backend.Backend;
import org.pgstat4j.backend.RelKind;
import org.pgstat4j.backend.TableStatus;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.server.workload.Cluster;
import org.pgstat4j.server.workload.Schema;
import org.pgstat4j.server.workload.Session;
import org.pgstat4j.server.workload.Table;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.storage.StatsFileFormat;
import org.pgstat4j.transport.ChannelFactory;
import org.pgstat4j.transport.StatsSocket;
import org.slf4j.LoggerFactory;


/**
 * Spec §10.3 items 17–19: what survives a clean restart, a crash and a collector crash;
 * stale statistics when the collector does not answer; and a server whose statistics socket
 * cannot be made.
 */
class PersistenceScenarioTest {
    @TempDir
    Path dir;

    private static void fiveRows(World w) {
        try (Session s = w.db().connect()) {
            s.insert(w.db().createTable("t"), 5);
        }
        w.settle();
        w.remember("db_reset", w.databaseRow().get("stats_reset"));
        w.remember("bgwriter_reset", w.observer().query("pg_stat_bgwriter").getFirst().get("stats_reset"));
    }

    @Test
    @DisplayName("§10.3 #17 clean shutdown keeps every counter; the permanent files stay until a new set replaces them")
    void cleanRestartKeepsCounters() {
        spec("a clean shutdown writes the permanent stats files and the next start loads them, leaving them in place"
                + " (pgstat4j; PostgreSQL 14 removes them) so that a stop at any moment keeps them")
                .setup(PersistenceScenarioTest::fiveRows)
                .session("s1")
                .check("stop", World::stopClean)
                .check("files_while_down", w -> {
                    int db = w.db().oid();
                    assertThat(w.files("pg_stat")).contains(StatsFileFormat.GLOBAL_STAT, StatsFileFormat.dbStatName(db));
                    assertThat(w.files("pg_stat_tmp")).doesNotContain(StatsFileFormat.GLOBAL_STAT);
                })
                .check("start", World::startAgain)
                .check("kept", w -> {
                    assertThat(w.files("pg_stat")).contains(StatsFileFormat.GLOBAL_STAT,
                            StatsFileFormat.dbStatName(w.db().oid()));
                    assertThat(w.tableValue("t", "n_tup_ins")).isEqualTo(5);
                    assertThat(w.tableValue("t", "n_live_tup")).isEqualTo(5);
                    assertThat(w.databaseRow().get("stats_reset")).isEqualTo(w.recall("db_reset"));
                })
                .step("s1_more", (s, w) -> s.insert(w.table("t"), 1))
                .check("counting_on", w -> assertThat(w.tableValue("t", "n_tup_ins")).isEqualTo(6))
                .permutation("stop", "files_while_down", "start", "settle", "kept", "s1_reconnect", "s1_more", "s1_close",
                        "settle", "counting_on")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #17 crash or immediate shutdown: crash recovery deletes the stats files; counters restart at zero")
    void crashResetsCounters() {
        spec("after a crash the start-up's recovery removes every stats file: all counters zero, new stats_reset")
                .setup(PersistenceScenarioTest::fiveRows)
                .session("s1")
                .check("crash_and_recover", w -> w.crashAndStart(true))
                .check("no_stats_file_left", w -> {
                    assertThat(w.files("pg_stat")).isEmpty();
                    assertThat(w.files("pg_stat_tmp")).isEmpty();
                })
                .check("zeroed", w -> {
                    assertThat(w.files("pg_stat")).isEmpty();
                    assertThat(w.tableValue("t", "n_tup_ins")).isZero();
                    assertThat(w.tableValue("t", "n_live_tup")).isZero();
                    Instant bgwriterReset = (Instant) w.observer().query("pg_stat_bgwriter").getFirst().get("stats_reset");
                    assertThat(bgwriterReset).isAfter((Instant) w.recall("bgwriter_reset"));
                })
                .check("new_database_entry", w -> assertThat((Instant) w.databaseRow().get("stats_reset"))
                        .isAfter((Instant) w.recall("db_reset")))
                .permutation("crash_and_recover", "no_stats_file_left", "settle", "zeroed", "s1_reconnect", "s1_select1", "s1_close", "settle",
                        "new_database_entry")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #17 collector crash: the restarted collector starts from the newest complete stats files")
    void collectorCrashKeepsWhatWasWritten() {
        spec("a collector that dies while the server runs loses only what arrived since the last write: the new one"
                + " loads the newest complete files (pgstat4j; PostgreSQL 14's restarts at zero)")
                .setup(PersistenceScenarioTest::fiveRows)
                .session("s1")
                .check("collector_dies_and_restarts", w -> w.crashAndStart(false))
                .check("old_temporary_files_remain", w -> {
                    // no recovery ran: the readers' files the dead collector wrote are the newest complete ones
                    assertThat(w.files("pg_stat")).isEmpty();
                    assertThat(w.files("pg_stat_tmp")).contains(StatsFileFormat.GLOBAL_STAT);
                })
                .check("kept_from_the_newest_files", w -> assertThat(w.tableValue("t", "n_tup_ins")).isEqualTo(5))
                .step("s1_counts_again", (s, w) -> s.insert(w.table("t"), 2))
                .check("counting_on", w -> assertThat(w.tableValue("t", "n_tup_ins")).isEqualTo(5 + 2))
                .permutation("collector_dies_and_restarts", "old_temporary_files_remain", "settle",
                        "kept_from_the_newest_files", "s1_reconnect", "s1_counts_again", "s1_close", "settle",
                        "counting_on")
                .run(dir);
    }

    @Test
    @DisplayName("§10.3 #18 stale statistics: with the collector stopped a reader gives up after 10 s of polls and logs it")
    void staleStatistics() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("org.pgstat4j.snapshot");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        Level level = log.getLevel();
        log.setLevel(Level.INFO);
        int db = 5;
        try (PausableCollector pc = PausableCollector.start(dir)) {
            insertAndExit(pc, db, 1);
            SnapshotReader reader = new SnapshotReader(pc.files(), pc.sender(), db);
            assertThat(reader.snapshot().table(100).tuplesInserted()).isEqualTo(1);
            assertThat(reader.lastLoadWasStale()).isFalse();

            pc.pause();
            insertAndExit(pc, db, 2);
            Thread.sleep(Wire.STAT_INTERVAL_MS + 100); // the last file is now too old to accept

            AtomicLong slept = new AtomicLong();
            SnapshotReader waiting = new SnapshotReader(pc.files(), pc.sender(), db, SnapshotReader.Mode.BACKEND,
                    PgTimestamps::now, slept::addAndGet);
            Snapshot stale = waiting.snapshot();
            assertThat(waiting.lastLoadWasStale()).isTrue();
            assertThat(slept.get()).as("simulated wait, ms").isEqualTo(SnapshotReader.MAX_WAIT_MS);
            assertThat(stale.table(100).tuplesInserted()).as("the previous file's value").isEqualTo(1);
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).contains(
                    "using stale statistics instead of current ones because stats collector is not responding");

            pc.resume();
            waiting.clear();
            SnapshotReader fresh = new SnapshotReader(pc.files(), pc.sender(), db);
            assertThat(fresh.snapshot().table(100).tuplesInserted()).isEqualTo(3);
            assertThat(fresh.lastLoadWasStale()).isFalse();
        } finally {
            log.detachAppender(appender);
            log.setLevel(level);
        }
    }

    /** A backend of database {@code db} inserts {@code n} rows into table 100 and exits. */
    private static void insertAndExit(PausableCollector pc, int db, long n) {
        try (Backend b = Backend.builder(pc.sender()).databaseId(db).build()) {
            TableStatus t = b.openRelation(100, RelKind.RELATION, false);
            b.countHeapInsert(t, n);
            b.commitTransaction();
        }
    }

    /**
     * §10.3 #19: socket set-up failures are unit-tested step by step in pgstat4j-core
     * ({@code StatsSocketSetupTest}; {@code EmbeddedStatsTest.withoutAWorkingSocketStatisticsAreDisabledAndNothingFails}).
     * What is left for a scenario: with no working socket the server still runs its sessions,
     * nothing is counted or sent, and nothing fails.
     */
    @Test
    @DisplayName("§10.3 #19 no statistics socket: sessions run normally, nothing is counted, nothing fails")
    void withoutASocketSessionsStillRun() throws Exception {
        StatsSocket none = StatsSocket.open(host -> {
            throw new java.net.UnknownHostException("no such host: " + host);
        }, ChannelFactory.system(), System.getLogger("test"));
        try (EmbeddedStats stats = EmbeddedStats.start(dir, none)) {
            assertThat(stats.isEnabled()).isFalse();
            Cluster cluster = new Cluster(stats);
            Schema db = cluster.createDatabase("nostats");
            Table t = db.createTable("t", true);
            try (Session s = db.connect()) {
                s.begin();
                s.insert(t, 10);
                s.indexScan(t.primaryKey(), 1);
                s.commit();
                s.vacuum(t);
                s.pgStatReset();
                assertThat(s.backend().pending().tuplesInserted(t.oid())).isZero();
                assertThat(s.backend().pending().numScans(t.primaryKey().oid())).isZero();
            }
            assertThat(stats.sender().sentCount()).isZero();
        }
    }
}
