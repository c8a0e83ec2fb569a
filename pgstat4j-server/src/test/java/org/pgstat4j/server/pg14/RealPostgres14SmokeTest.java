package org.pgstat4j.server.pg14;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.server.mirror.MirrorStatsService;
import org.pgstat4j.server.replay.CaptureReplay;
import org.pgstat4j.view.PsqlOutput;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * The real-PostgreSQL-14 fixture end to end: a table's inserts, counted by PostgreSQL's own
 * collector, show the same {@code n_tup_ins} in PostgreSQL, in the offline replay of the live
 * tcpdump capture and in the passive mirror following that capture.
 */
class RealPostgres14SmokeTest {
    @TempDir
    Path tmp;

    @Test
    void insertsCountedByPostgresShowTheSameInTheReplayAndTheMirror() throws Exception {
        try (RealPostgres14 pg = RealPostgres14.start(Map.of("track_functions", "all", "autovacuum", "off"))) {
            assertThat(pg.collectorPort()).isPositive();
            assertThat(Files.isDirectory(pg.pgStatTmpDir())).isTrue();
            pg.execute("postgres", "CREATE DATABASE smoke");
            int smoke = pg.databaseOid("smoke");
            Catalog catalog = new Catalog();
            try (CollectorCapture capture = CollectorCapture.start(pg.collectorPort(), tmp.resolve("smoke.pcap"));
                 MirrorStatsService mirror = capture.startMirror(catalog, smoke)) {
                pg.execute("smoke", "CREATE TABLE t (id int PRIMARY KEY, v text)",
                        "INSERT INTO t SELECT g, 'x' || g FROM generate_series(1, 137) g");
                pg.exportCatalogInto("smoke", catalog);

                // the inserting session's statistics arrive when it exits, a moment after it closed
                String inPostgres = await(() -> nTupIns(pg), "137");
                assertThat(inPostgres).as("PostgreSQL's n_tup_ins").isEqualTo("137");

                capture.sync();
                CaptureReplay.Result replay = capture.replay(smoke);
                assertThat(replay.rejected()).as("every PostgreSQL datagram is valid").isZero();
                assertThat(column(ViewContext.of(replay.snapshot(), catalog), "n_tup_ins"))
                        .as("offline replay").isEqualTo(inPostgres);

                String mirrored = await(() -> column(ViewContext.of(mirror.newReader().snapshot(), catalog),
                        "n_tup_ins"), inPostgres);
                assertThat(mirrored).as("passive mirror").isEqualTo(inPostgres);
                assertThat(mirror.collectorPort()).isEqualTo(pg.collectorPort());
                capture.close(); // ends the mirror's stream: it keeps serving the last statistics
                await(() -> String.valueOf(mirror.captureEnded()), "true");
                assertThat(mirror.captureFailure()).isNull();
            }
            pg.stop();
            assertThat(Files.exists(pg.pgStatDir().resolve("global.stat"))).as("permanent file at shutdown").isTrue();
        }
    }

    private static String nTupIns(RealPostgres14 pg) {
        try (Connection c = pg.connect("smoke")) {
            List<List<String>> r = RealPostgres14.query(c,
                    "SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 't'");
            return r.isEmpty() ? null : r.getFirst().getFirst();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** The value of {@code column} in pg_stat_user_tables' row of table t, as PostgreSQL's text. */
    private static String column(ViewContext ctx, String column) {
        ViewDefinition v = Views.byName("pg_stat_user_tables").orElseThrow();
        int relname = v.columnNames().indexOf("relname");
        int c = v.columnNames().indexOf(column);
        return PsqlOutput.render(v.columns(), v.orderedRows(ctx)).stream()
                .filter(r -> "t".equals(r[relname])).map(r -> r[c]).findFirst().orElse(null);
    }

    /** Polls (at most a minute) until the value is {@code expected}; returns the last value seen. */
    private static String await(Supplier<String> value, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        String v = value.get();
        while (!expected.equals(v) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            v = value.get();
        }
        return v;
    }
}
