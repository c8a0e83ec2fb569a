package org.pgstat4j.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.server.pg14.CollectorCapture;
import org.pgstat4j.server.pg14.RealPostgres14;
import org.pgstat4j.server.replay.ViewComparison;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * Differential conformance when the capture starts while PostgreSQL 14 has been running: half
 * the workload runs uncaptured; then the capture starts, a reader's snapshot makes PostgreSQL
 * write its stats files, which are copied; the rest of the workload and the cluster events run
 * captured. pgstat4j starts from PostgreSQL's files and applies the captured datagrams after
 * that INQUIRY ({@link BaselineReplay}); every collector-fed view must then equal PostgreSQL's
 * final snapshot, by {@link ViewComparison}'s rules. Autovacuum stays off (its workers would
 * rewrite the files between the INQUIRY and the copy); the whole-life test covers it.
 *
 * <p>Seeds as {@link DifferentialConformanceTest}, {@value #DEFAULT_SEEDS} by default
 * ({@code -Dconformance.midlife.seeds=N}).
 */
class MidLifeConformanceTest {
    static final int DEFAULT_SEEDS = 2;
    private static final String DB = "work";

    @TempDir
    Path tmp;

    static LongStream seeds() {
        String explicit = System.getProperty("conformance.seed");
        if (explicit != null && !explicit.isBlank()) {
            return DifferentialConformanceTest.seeds();
        }
        return new java.util.SplittableRandom().longs(Integer.getInteger("conformance.midlife.seeds", DEFAULT_SEEDS))
                .map(s -> s >>> 16);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void replayFromPostgresFilesShowsTheSameStatisticsAsPostgres(long seed) throws Exception {
        Map<String, String> settings = new java.util.LinkedHashMap<>(DifferentialConformanceTest.settings());
        settings.put("autovacuum", "off");
        List<ViewComparison.Mismatch> mismatches = new ArrayList<>();
        List<String> report = new ArrayList<>();
        try (RealPostgres14 pg = RealPostgres14.start(settings)) {
            pg.execute(RealPostgres14.SUPERUSER, "CREATE DATABASE " + DB);
            int db = pg.databaseOid(DB);
            Workload workload = new Workload(pg, DB, seed);
            ClusterEvents events = new ClusterEvents(pg, DB, seed);
            workload.setUp();
            events.setUp();
            workload.run(3, 20); // history the capture will not see

            Thread.sleep(600); // the baseline's reader must ask for a new file
            try (CollectorCapture capture = CollectorCapture.start(pg.collectorPort(), tmp.resolve("midlife.pcap"))) {
                capture.gate().holdAfterInquiry(db);
                long baseline;
                try (PostgresSnapshot before = PostgresSnapshot.take(pg, DB)) {
                    baseline = capture.gate().awaitHolding(30, TimeUnit.SECONDS);
                    assertThat(baseline).as("seed %d: the baseline's INQUIRY was captured", seed).isNotNegative();
                    BaselineReplay.copyBaseline(pg.pgStatTmpDir(), tmp.resolve("pgstat4j"));
                }
                capture.gate().open();

                Thread eventThread = Thread.ofPlatform().name("events-" + seed).start(() -> {
                    try {
                        events.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                workload.run(4, 30);
                eventThread.join();
                Catalog catalog = pg.catalog(DB);

                Thread.sleep(600);
                capture.gate().holdAfterInquiry(db);
                try (PostgresSnapshot postgres = PostgresSnapshot.take(pg, DB)) {
                    long cut = capture.gate().awaitHolding(30, TimeUnit.SECONDS);
                    assertThat(cut).as("seed %d: the snapshot's INQUIRY was captured", seed).isGreaterThan(baseline);
                    capture.sync();
                    assertThat(pg.collectorDrops()).as("seed %d: datagrams dropped at PostgreSQL's collector", seed)
                            .isZero();
                    Snapshot replayed = BaselineReplay.replay(capture.file(), capture.port(), tmp.resolve("pgstat4j"),
                            baseline, cut, db);
                    List<String> slots = postgres.logicalSlots();
                    ViewContext ctx = ViewContext.of(replayed, catalog).withDataChecksums(false)
                            .withLogicalSlots(() -> slots);
                    ViewComparison comparison = new ViewComparison(Duration.ofSeconds(5));
                    ViewComparison.Tally t = new ViewComparison.Tally();
                    for (String name : postgres.views()) {
                        ViewDefinition view = Views.byName(name).orElseThrow();
                        comparison.compare("mid-life " + name, view.columnNames(), postgres.rows(name),
                                ViewComparison.render(view, ctx, r -> true), t);
                    }
                    System.out.printf("conformance mid-life seed %d: baseline at collector datagram %d, cut at %d; %s%n",
                            seed, baseline, cut, t.summary());
                    DatagramIndex datagrams = new DatagramIndex(capture.file(), capture.port(), cut);
                    for (ViewComparison.Mismatch m : t.mismatches) {
                        mismatches.add(m);
                        String view = m.view().substring(m.view().indexOf(' ') + 1);
                        report.add("seed " + seed + ": " + m + "\n    datagrams touching the row (after #" + baseline
                                + " only are applied):\n      " + String.join("\n      ", datagrams.touching(view, m.key(), 12)));
                    }
                    assertThat(t.exact).as("values compared").isGreaterThan(1000);
                }
                capture.close();
                assertThat(capture.droppedByKernel()).as("seed %d: packets tcpdump lost (the capture would be "
                        + "incomplete): %s", seed, capture.tcpdumpReport()).isZero();
            }
        }
        assertThat(mismatches).as("seed %d (replay with -Dconformance.seed=%d): values differing from PostgreSQL's "
                + "snapshot%n%s", seed, seed, String.join("\n", report)).isEmpty();
    }
}
