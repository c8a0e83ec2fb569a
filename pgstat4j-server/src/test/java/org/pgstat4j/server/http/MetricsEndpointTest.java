package org.pgstat4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.http.EmbeddedSystem.T_LOG;
import static org.pgstat4j.server.http.EmbeddedSystem.T_MAIN;
import static org.pgstat4j.server.http.EmbeddedSystem.T_OTHER;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.protocol.RejectReason;

/** {@code /metrics} over a real embedded system: names, labels, types and values after real traffic. */
class MetricsEndpointTest {
    @TempDir
    Path dir;
    EmbeddedSystem sys;

    @BeforeEach
    void start() throws Exception {
        sys = new EmbeddedSystem(dir);
        sys.insert(T_MAIN, 5);
        sys.insert(T_OTHER, 3);
        sys.insert(T_LOG, 2);
        sys.updateAndDelete(T_MAIN);
        sys.rollback(T_OTHER);
    }

    @AfterEach
    void stop() {
        sys.close();
    }

    private static Map<String, String> table(String schema, String rel) {
        return Map.of("datname", "app", "schemaname", schema, "relname", rel);
    }

    @Test
    void aScrapeShowsPostgresExporterSeriesWithTheCountsOfTheTraffic() throws Exception {
        try (HttpEndpoint e = HttpEndpoint.start(sys.service, HttpConfig.defaults())) {
            HttpResponse<String> r = sys.get(e.port(), "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
            Exposition x = Exposition.parse(r.body());

            assertThat(x.value("pg_stat_user_tables_n_tup_ins", table("public", "t_main"))).isEqualTo(5);
            assertThat(x.value("pg_stat_user_tables_n_tup_upd", table("public", "t_main"))).isEqualTo(1);
            assertThat(x.value("pg_stat_user_tables_n_tup_del", table("public", "t_main"))).isEqualTo(1);
            assertThat(x.value("pg_stat_user_tables_seq_scan", table("public", "t_main"))).isEqualTo(1);
            // an aborted insert still counts in n_tup_ins (spec §4.4)
            assertThat(x.value("pg_stat_user_tables_n_tup_ins", table("public", "t_other"))).isEqualTo(4);
            assertThat(x.value("pg_stat_user_tables_n_tup_ins", table("audit", "t_log"))).isEqualTo(2);
            assertThat(x.value("pg_stat_user_tables_last_vacuum", table("public", "t_main"))).isZero();

            Map<String, String> db = Map.of("datid", "16384", "datname", "app");
            assertThat(x.value("pg_stat_database_xact_commit", db)).isEqualTo(4);
            assertThat(x.value("pg_stat_database_xact_rollback", db)).isEqualTo(1);
            assertThat(x.value("pg_stat_database_tup_inserted", db)).isEqualTo(11);
            assertThat(x.value("pg_stat_database_stats_reset", db)).isGreaterThan(1.7e9);
            assertThat(x.named("pg_stat_database_xact_commit")).allSatisfy(s -> assertThat(s.labels()).doesNotContainValue(""));

            assertThat(x.types).containsEntry("pg_stat_database_xact_commit", "untyped")
                    .containsEntry("pg_stat_database_numbackends", "gauge")
                    .containsEntry("pg_stat_database_active_time_seconds_total", "counter")
                    .containsEntry("pg_stat_bgwriter_buffers_alloc_total", "counter")
                    .containsEntry("pg_stat_bgwriter_checkpoints_timed_total", "counter")
                    .containsEntry("pg_stat_user_tables_n_tup_ins", "untyped")
                    .containsEntry("pg_stat_user_tables_n_live_tup", "gauge");
            assertThat(x.value("pg_stat_bgwriter_buffers_alloc_total", Map.of())).isZero();

            var health = sys.service.health();
            assertThat(x.value("pgstat4j_datagrams_received_total", Map.of())).isGreaterThanOrEqualTo(5);
            assertThat(x.value("pgstat4j_datagrams_applied_total", Map.of()))
                    .isLessThanOrEqualTo(x.value("pgstat4j_datagrams_received_total", Map.of()));
            for (RejectReason reason : RejectReason.values()) {
                assertThat(x.value("pgstat4j_datagrams_rejected_total",
                        Map.of("reason", reason.name().toLowerCase(java.util.Locale.ROOT)))).isZero();
            }
            assertThat(x.value("pgstat4j_sender_drops_total", Map.of())).isEqualTo(health.senderDropped());
            assertThat(x.value("pgstat4j_collector_restarts_total", Map.of())).isZero();
            assertThat(x.value("pgstat4j_statistics_enabled", Map.of())).isEqualTo(1);
            assertThat(x.value("pgstat4j_snapshot_age_seconds", Map.of())).isBetween(0.0, 60.0);
            assertThat(x.value("pgstat4j_metrics_tables_omitted", Map.of("reason", "limit"))).isZero();
            assertThat(x.value("pgstat4j_metrics_tables_omitted", Map.of("reason", "pattern"))).isZero();
            if (health.kernelDropped() >= 0) {
                assertThat(x.value("pgstat4j_kernel_drops_total", Map.of())).isEqualTo(health.kernelDropped());
            } else {
                assertThat(x.named("pgstat4j_kernel_drops_total")).isEmpty();
            }
        }
    }

    @Test
    void openMetricsIsServedWhenTheScraperAsksForIt() throws Exception {
        try (HttpEndpoint e = HttpEndpoint.start(sys.service, HttpConfig.defaults())) {
            HttpResponse<String> r = sys.get(e.port(), "/metrics",
                    "application/openmetrics-text; version=1.0.0; charset=utf-8,text/plain;version=0.0.4;q=0.5");
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
            assertThat(r.body()).endsWith("# EOF\n")
                    .contains("pg_stat_user_tables_n_tup_ins{datname=\"app\",relname=\"t_main\",schemaname=\"public\"} 5");
        }
    }

    @Test
    void theTableBudgetAppliesPatternsThenTheLimitInNameOrderAndSaysWhatItLeftOut() throws Exception {
        HttpConfig cfg = HttpConfig.defaults().withTables(TableBudget.of(null, "audit\\..*", 1));
        try (HttpEndpoint e = HttpEndpoint.start(sys.service, cfg)) {
            Exposition x = Exposition.parse(sys.get(e.port(), "/metrics").body());
            assertThat(x.named("pg_stat_user_tables_n_tup_ins")).extracting(s -> s.labels().get("relname"))
                    .containsExactly("t_main");
            assertThat(x.value("pgstat4j_metrics_tables_omitted", Map.of("reason", "pattern"))).isEqualTo(1);
            assertThat(x.value("pgstat4j_metrics_tables_omitted", Map.of("reason", "limit"))).isEqualTo(1);
        }
        cfg = HttpConfig.defaults().withTables(TableBudget.of("public\\.t_o.*", null, 500));
        try (HttpEndpoint e = HttpEndpoint.start(sys.service, cfg)) {
            Exposition x = Exposition.parse(sys.get(e.port(), "/metrics").body());
            assertThat(x.named("pg_stat_user_tables_seq_scan")).extracting(s -> s.labels().get("relname"))
                    .containsExactly("t_other");
            assertThat(x.value("pgstat4j_metrics_tables_omitted", Map.of("reason", "pattern"))).isEqualTo(2);
        }
    }

    @Test
    void twoScrapesWithinTheRefreshIntervalShareOneSnapshotAndOneInquiry() throws Exception {
        CountingService counting = new CountingService(sys);
        HttpConfig cfg = HttpConfig.defaults().withRefreshInterval(Duration.ofMinutes(10));
        try (HttpEndpoint e = HttpEndpoint.start(counting, cfg)) {
            Exposition first = Exposition.parse(sys.get(e.port(), "/metrics").body());
            long inquiries = counting.inquiries.get();
            assertThat(inquiries).isPositive();

            sys.insert(T_MAIN, 7); // new traffic the second scrape must not go and fetch
            Exposition second = Exposition.parse(sys.get(e.port(), "/metrics").body());
            sys.get(e.port(), "/api/v1/views/pg_stat_user_tables");

            assertThat(counting.inquiries.get()).isEqualTo(inquiries);
            assertThat(counting.readers.get()).isEqualTo(1);
            assertThat(e.snapshotRenewals()).isEqualTo(1);
            assertThat(second.value("pg_stat_user_tables_n_tup_ins", table("public", "t_main")))
                    .isEqualTo(first.value("pg_stat_user_tables_n_tup_ins", table("public", "t_main")))
                    .isEqualTo(5);
        }
    }

    @Test
    void theTableBudgetsChoiceDependsOnNamesOnlyNotOnOrderOrActivity() {
        long seed = System.nanoTime();
        java.util.Random rnd = new java.util.Random(seed);
        TableBudget b = TableBudget.of(null, null, 50);
        java.util.List<TableBudget.Table> all = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(new TableBudget.Table(rnd.nextBoolean() ? "public" : "sales", "t" + rnd.nextInt(100_000) + "_" + i));
        }
        var first = b.select(all, t -> t).kept();
        java.util.Collections.shuffle(all, rnd);
        var again = b.select(all, t -> t).kept();
        assertThat(again).as("seed %d", seed).isEqualTo(first);
        assertThat(first).as("seed %d", seed).hasSize(50);
        // a table sorting after every chosen one changes nothing
        all.add(new TableBudget.Table("zzz", "last"));
        assertThat(b.select(all, t -> t).kept()).as("seed %d", seed).isEqualTo(first);
        assertThat(b.select(all, t -> t).overLimit()).isEqualTo(151);
        String[] names = first.stream().map(t -> t.schemaname() + "." + t.relname()).toArray(String[]::new);
        String[] sorted = names.clone();
        Arrays.sort(sorted);
        assertThat(names).as("seed %d", seed).containsExactly(sorted);
    }
}
