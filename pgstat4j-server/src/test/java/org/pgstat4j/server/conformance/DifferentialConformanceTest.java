package org.pgstat4j.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.server.mirror.MirrorStatsService;
import org.pgstat4j.server.pg14.CollectorCapture;
import org.pgstat4j.server.pg14.RealPostgres14;
import org.pgstat4j.server.replay.CaptureReplay;
import org.pgstat4j.server.replay.ViewComparison;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * Differential conformance with a live PostgreSQL 14: per seed, a fresh cluster runs the seeded
 * random {@link Workload} and {@link ClusterEvents} while tcpdump captures its collector's whole
 * life; then PostgreSQL's collector-fed views, read in one snapshot, are compared value by value
 * ({@link ViewComparison}) with the same views computed by pgstat4j from the same datagrams —
 * by the offline replay of the capture, and by the passive mirror that followed it live, both
 * stopped at the INQUIRY that made the file PostgreSQL's snapshot read.
 *
 * <p>Seeds: {@value #DEFAULT_SEEDS} fresh ones per run ({@code -Dconformance.seeds=N} for N), or
 * exactly those of {@code -Dconformance.seed=S1,S2} to replay failures. A mismatch names the
 * seed, view, row, column, both values and the datagrams that touched the row.
 */
class DifferentialConformanceTest {
    static final int DEFAULT_SEEDS = 5;
    private static final int SESSIONS = 4;
    private static final int OPERATIONS = 40;
    private static final String DB = "work";
    /** The capture carries when a datagram was sent, PostgreSQL stamps when its collector applied it. */
    private static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(5);
    private static final int DATAGRAMS_SHOWN = 12;
    /** Runs of a seed whose capture lost packets are discarded and redone, at most this many in all. */
    private static final int MAX_ATTEMPTS = 3;

    private static final Coverage COVERAGE = new Coverage();

    @TempDir
    Path tmp;

    @AfterAll
    static void printCoverage() {
        System.out.println("conformance coverage (PostgreSQL's values, summed over seeds): " + COVERAGE);
    }

    static LongStream seeds() {
        String explicit = System.getProperty("conformance.seed");
        if (explicit != null && !explicit.isBlank()) {
            return Stream.of(explicit.split(",")).mapToLong(s -> Long.parseLong(s.trim()));
        }
        int n = Integer.getInteger("conformance.seeds", DEFAULT_SEEDS);
        SplittableRandom r = new SplittableRandom();
        return LongStream.generate(() -> r.nextLong() >>> 16).limit(n);
    }

    static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("track_functions", "all");
        s.put("track_io_timing", "on");
        s.put("autovacuum", "on");
        s.put("autovacuum_naptime", "1");
        s.put("autovacuum_vacuum_threshold", "20");
        s.put("autovacuum_analyze_threshold", "20");
        s.put("autovacuum_vacuum_scale_factor", "0.05");
        s.put("autovacuum_analyze_scale_factor", "0.05");
        s.put("autovacuum_vacuum_insert_threshold", "50");
        s.put("archive_mode", "on");
        s.put("archive_command", ClusterEvents.ARCHIVE_OK);
        s.put("wal_level", "logical");
        s.put("max_replication_slots", "4");
        s.put("max_prepared_transactions", "8");
        s.put("max_connections", "30");
        s.put("deadlock_timeout", "100ms");
        s.put("shared_buffers", "2MB");
        s.put("logical_decoding_work_mem", "64kB");
        s.put("fsync", "off");
        return s;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void postgresAndPgstat4jShowTheSameStatistics(long seed) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Attempt a = attempt(seed, attempt);
            if (a.inconclusive() != null) {
                System.out.printf("conformance seed %d: attempt %d discarded: %s%n", seed, attempt, a.inconclusive());
                assertThat(attempt).as("seed %d: no attempt was comparable: %s", seed, a.inconclusive())
                        .isLessThan(MAX_ATTEMPTS);
                continue;
            }
            if (a.dropped() == 0) {
                a.verdict().run();
                return;
            }
            // tcpdump lost packets (other traffic on the loopback interface): the capture is incomplete
            System.out.printf("conformance seed %d: attempt %d discarded, tcpdump dropped %d packets%n", seed, attempt,
                    a.dropped());
            assertThat(attempt).as("seed %d: every capture lost packets (tcpdump: %d dropped), nothing comparable",
                    seed, a.dropped()).isLessThan(MAX_ATTEMPTS);
        }
    }

    /**
     * A whole run of one seed: what tcpdump dropped, and the assertions to make when it dropped
     * nothing; or why the run cannot be compared at all ({@code inconclusive}, else null).
     */
    private record Attempt(long dropped, ThrowingRunnable verdict, String inconclusive) {
        Attempt(long dropped, ThrowingRunnable verdict) {
            this(dropped, verdict, null);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private Attempt attempt(long seed, int attempt) throws Exception {
        List<String> report = new ArrayList<>();
        List<ViewComparison.Mismatch> mismatches = new ArrayList<>();
        long start = System.nanoTime();
        CollectorCapture capture = CollectorCapture.startBeforeServer(tmp.resolve("seed-" + seed + "-" + attempt + ".pcap"));
        try (RealPostgres14 pg = RealPostgres14.start(settings())) {
            capture.collectorPort(pg.collectorPort());
            pg.execute(RealPostgres14.SUPERUSER, "CREATE DATABASE " + DB);
            int db = pg.databaseOid(DB);
            Catalog catalog = new Catalog();
            try (MirrorStatsService mirror = capture.startMirror(catalog, db)) {
                Workload workload = new Workload(pg, DB, seed);
                ClusterEvents events = new ClusterEvents(pg, DB, seed);
                workload.setUp();
                events.setUp();
                Thread eventThread = Thread.ofPlatform().name("events-" + seed).start(() -> {
                    try {
                        events.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                workload.run(SESSIONS, OPERATIONS);
                eventThread.join();
                quiesce(pg);
                pg.exportCatalogInto(DB, catalog);
                report.addAll(events.journal());
                report.addAll(workload.journal().stream().filter(l -> !l.contains(": op ")).toList());

                // older than 500 ms: the snapshot's reader asks the collector for a new file
                Thread.sleep(600);
                capture.gate().holdAfterInquiry(db);
                try (PostgresSnapshot postgres = PostgresSnapshot.take(pg, DB)) {
                    long cut = capture.gate().awaitHolding(30, TimeUnit.SECONDS);
                    assertThat(cut).as("seed %d: the snapshot's INQUIRY reached the capture", seed).isNotNegative();
                    capture.sync();
                    assertThat(pg.collectorDrops()).as("seed %d: datagrams PostgreSQL's collector socket dropped "
                            + "(the capture would hold what PostgreSQL never applied)", seed).isZero();

                    CaptureReplay.Result replay = capture.replay(db);
                    if (replay.stopIndex() != cut) {
                        // Another reader's INQUIRY of the database came around the snapshot's: which
                        // file PostgreSQL's session read is then unknown, so this run is not comparable.
                        return new Attempt(0, () -> { }, "INQUIRY #" + replay.stopIndex() + " of the database followed"
                                + " the one the gate held (#" + cut + ")");
                    }
                    DatagramIndex datagrams = new DatagramIndex(capture.file(), capture.port(), cut);
                    assertThat(datagrams.undecodable()).as("seed %d: every PostgreSQL statistics datagram is valid",
                            seed).isEmpty();
                    assertThat(replay.rejected()).as("seed %d: refused by the replay: only the socket self-test",
                            seed).isEqualTo(datagrams.selfTests());
                    awaitMirror(mirror, capture);
                    Snapshot mirrored = mirror.newReader().snapshot();

                    ViewComparison comparison = new ViewComparison(CLOCK_TOLERANCE);
                    ViewComparison.Tally replayTally = new ViewComparison.Tally();
                    ViewComparison.Tally mirrorTally = new ViewComparison.Tally();
                    compareAll(postgres, context(replay.snapshot(), catalog, postgres), comparison, replayTally, "replay");
                    compareAll(postgres, context(mirrored, catalog, postgres), comparison, mirrorTally, "mirror");
                    COVERAGE.add(postgres, DB);
                    System.out.printf("conformance seed %d: %d collector datagrams up to the snapshot, %.1f s; "
                                    + "replay: %s; mirror: %s%n", seed, cut + 1,
                            (System.nanoTime() - start) / 1e9, replayTally.summary(), mirrorTally.summary());
                    List<ViewComparison.Mismatch> both = new ArrayList<>(replayTally.mismatches);
                    both.addAll(mirrorTally.mismatches);
                    for (ViewComparison.Mismatch m : both) {
                        mismatches.add(m);
                        report.add("seed " + seed + ": " + m + "\n    datagrams touching the row:\n      "
                                + String.join("\n      ", datagrams.touching(viewOf(m), m.key(), DATAGRAMS_SHOWN)));
                    }
                    if (!mismatches.isEmpty()) {
                        report.add(keepEvidence(seed, capture, catalog, postgres));
                    }
                    assertThat(replayTally.exact).as("seed %d: values compared", seed).isGreaterThan(1000);
                } finally {
                    capture.close(); // ends the mirror's stream before the mirror closes
                }
            }
        } catch (AssertionError | Exception e) {
            capture.close();
            if (capture.droppedByKernel() > 0) {
                return new Attempt(capture.droppedByKernel(), () -> { });
            }
            throw e;
        } finally {
            capture.close();
        }
        long dropped = capture.droppedByKernel();
        if (dropped > 0) {
            return new Attempt(dropped, () -> { });
        }
        String tcpdump = capture.tcpdumpReport();
        return new Attempt(0, () -> {
            assertThat(dropped).as("seed %d: packets tcpdump dropped, as it reports: %s", seed, tcpdump).isZero();
            assertThat(mismatches).as("seed %d (replay with -Dconformance.seed=%d): values differing from "
                    + "PostgreSQL's snapshot%n%s%ntcpdump: %s", seed, seed, String.join("\n", report), tcpdump).isEmpty();
        });
    }

    /**
     * Keeps a failing seed's capture, catalog and PostgreSQL's snapshot under
     * {@code target/conformance/seed-N/} and says how to replay it offline.
     */
    private static String keepEvidence(long seed, CollectorCapture capture, Catalog catalog, PostgresSnapshot postgres)
            throws java.io.IOException {
        Path dir = Path.of("target", "conformance", "seed-" + seed).toAbsolutePath();
        java.nio.file.Files.createDirectories(dir.resolve("postgres"));
        java.nio.file.Files.copy(capture.file(), dir.resolve("capture.pcap"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        catalog.writeCsvDirectory(dir.resolve("catalog"));
        for (String view : postgres.views()) {
            List<String> lines = new ArrayList<>();
            lines.add(String.join(",", postgres.header(view)));
            postgres.rows(view).forEach(r -> lines.add(String.join(",", r.stream().map(v -> v == null ? "" : v).toList())));
            java.nio.file.Files.write(dir.resolve("postgres").resolve(view + ".txt"), lines);
        }
        return "evidence kept in " + dir + "; replay it with: ./pgstat4j replay " + dir.resolve("capture.pcap")
                + " --catalog " + dir.resolve("catalog") + " --database " + DB + " --port " + capture.port();
    }

    private static String viewOf(ViewComparison.Mismatch m) {
        String v = m.view();
        return v.substring(v.indexOf(' ') + 1);
    }

    private static ViewContext context(Snapshot s, Catalog catalog, PostgresSnapshot postgres) {
        List<String> slots = postgres.logicalSlots();
        return ViewContext.of(s, catalog).withDataChecksums(false).withLogicalSlots(() -> slots);
    }

    private static void compareAll(PostgresSnapshot postgres, ViewContext ctx, ViewComparison comparison,
                                   ViewComparison.Tally t, String side) {
        for (String name : postgres.views()) {
            ViewDefinition view = Views.byName(name).orElseThrow();
            assertThat(postgres.header(name)).as(name + ": PostgreSQL's columns = pgstat4j's").isEqualTo(view.columnNames());
            comparison.compare(side + " " + name, view.columnNames(), postgres.rows(name),
                    ViewComparison.render(view, ctx, r -> true), t);
        }
    }

    /**
     * Autovacuum off, its launcher gone (it exits when autovacuum is turned off) and no worker
     * left: nobody but the snapshot's session reads the workload database's statistics.
     */
    private static void quiesce(RealPostgres14 pg) throws Exception {
        pg.execute(RealPostgres14.SUPERUSER, "ALTER SYSTEM SET autovacuum = off", "SELECT pg_reload_conf()");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !pg.query(RealPostgres14.SUPERUSER, "SELECT 1 FROM pg_stat_activity "
                + "WHERE backend_type IN ('autovacuum launcher', 'autovacuum worker')").isEmpty()) {
            Thread.sleep(100);
        }
    }

    /** Waits until the mirror took every collector datagram the gate let through. */
    private static void awaitMirror(MirrorStatsService mirror, CollectorCapture capture) throws InterruptedException {
        long want = capture.gate().passedCollectorDatagrams();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (mirror.capturedDatagrams() < want && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(mirror.capturedDatagrams()).as("datagrams the mirror took").isEqualTo(want);
    }
}
