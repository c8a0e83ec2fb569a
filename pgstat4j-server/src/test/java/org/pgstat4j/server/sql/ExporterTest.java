package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.pgstat4j.server.sql.SqlFixture.ORDERS;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prometheus-postgres-exporter (Debian's 0.11, installed by {@code bin/install-test-deps.sh})
 * as a real process against the SQL endpoint: with its default queries, and with
 * {@code --auto-discover-databases} (one connection per database of the catalog), every one
 * of 10 scrapes must say {@code pg_up 1} and {@code pg_exporter_last_scrape_error 0}, and the
 * statistics it reports must be the endpoint's. Without the exporter the tests fail, unless
 * {@code PGSTAT4J_SKIP_EXPORTER=1} says to skip them.
 */
class ExporterTest {
    private static final Path EXPORTER = Path.of("/usr/bin/prometheus-postgres-exporter");
    private static final int SCRAPES = 10;

    @TempDir
    static Path dir;
    static SqlFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = SqlFixture.startClusterWithOrders(dir, 7);
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void defaultQueriesScrapeWithoutErrors() throws Exception {
        String last = scrapeTenTimes("default", List.of());
        assertThat(last).contains("pg_stat_database_tup_inserted{datid=\"" + SqlFixture.DB + "\",datname=\""
                + SqlFixture.DBNAME + "\",server=");
        assertThat(metric(last, "pg_stat_database_tup_inserted", "datname=\"" + SqlFixture.DBNAME + "\"")).isEqualTo(7.0);
        assertThat(last).contains("pg_settings_max_connections{server=");
    }

    @Test
    void autoDiscoveredDatabasesScrapeWithoutErrors() throws Exception {
        String last = scrapeTenTimes("discover", List.of("--auto-discover-databases"));
        // one scrape target per database that accepts connections (not template0, not templates)
        assertThat(last).contains("server=\"127.0.0.1:" + f.server.port() + "\"");
        assertThat(metric(last, "pg_stat_database_tup_inserted", "datname=\"" + SqlFixture.DBNAME + "\"")).isEqualTo(7.0);
    }

    /**
     * The {@code pg_stat_user_tables} query of the exporter's example {@code queries.yaml} (the
     * query of a current postgres_exporter's {@code stat_user_tables} collector): its
     * {@code COALESCE(last_vacuum, '1970-01-01Z')} reads PostgreSQL's timestamptz input, so a
     * never-vacuumed table reports 0.
     */
    @Test
    void userTablesQueryOfTheExampleFileScrapesWithoutErrors() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                pg_stat_user_tables:
                  query: |
                   SELECT current_database() datname, schemaname, relname, seq_scan, seq_tup_read, idx_scan,
                     idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd, n_live_tup, n_dead_tup,
                     n_mod_since_analyze,
                     COALESCE(last_vacuum, '1970-01-01Z') as last_vacuum,
                     COALESCE(last_autovacuum, '1970-01-01Z') as last_autovacuum,
                     COALESCE(last_analyze, '1970-01-01Z') as last_analyze,
                     COALESCE(last_autoanalyze, '1970-01-01Z') as last_autoanalyze,
                     vacuum_count, autovacuum_count, analyze_count, autoanalyze_count
                   FROM pg_stat_user_tables
                  metrics:
                """);
        for (String label : List.of("datname", "schemaname", "relname")) {
            yaml.append("    - ").append(label).append(":\n        usage: \"LABEL\"\n        description: \"")
                    .append(label).append("\"\n");
        }
        for (String gauge : List.of("seq_scan", "seq_tup_read", "idx_scan", "idx_tup_fetch", "n_tup_ins", "n_tup_upd",
                "n_tup_del", "n_tup_hot_upd", "n_live_tup", "n_dead_tup", "n_mod_since_analyze", "last_vacuum",
                "last_autovacuum", "last_analyze", "last_autoanalyze", "vacuum_count", "autovacuum_count",
                "analyze_count", "autoanalyze_count")) {
            yaml.append("    - ").append(gauge).append(":\n        usage: \"GAUGE\"\n        description: \"")
                    .append(gauge).append("\"\n");
        }
        Path queries = dir.resolve("user-tables.yaml");
        Files.writeString(queries, yaml, StandardCharsets.UTF_8);
        String last = scrapeTenTimes("user-tables", List.of("--extend.query-path=" + queries));
        String orders = "relname=\"orders\"";
        assertThat(metric(last, "pg_stat_user_tables_n_tup_ins", orders)).isEqualTo(7.0);
        assertThat(metric(last, "pg_stat_user_tables_last_vacuum", orders)).isEqualTo(0.0);
        assertThat(metric(last, "pg_stat_user_tables_last_autoanalyze", orders)).isEqualTo(0.0);
    }

    /** Runs the exporter, scrapes it 10 times asserting each scrape, returns the last exposition. */
    private String scrapeTenTimes(String name, List<String> extra) throws Exception {
        Path exporter = exporter();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(exporter.toString(), "--web.listen-address=127.0.0.1:" + port));
        cmd.addAll(extra);
        Path log = dir.resolve("exporter-" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("DATA_SOURCE"));
        pb.environment().put("DATA_SOURCE_NAME", "postgresql://tester:" + SqlFixture.PASSWORD + "@127.0.0.1:" + f.server.port() + "/"
                + SqlFixture.DBNAME + "?sslmode=disable");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(60)).build();
            String body = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (int i = 0; i < SCRAPES; i++) {
                try {
                    body = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
                } catch (IOException e) {
                    if (i == 0 && System.nanoTime() < deadline && p.isAlive()) {
                        Thread.sleep(100); // not listening yet
                        i--;
                        continue;
                    }
                    throw e;
                }
                String exporterLog = Files.readString(log, StandardCharsets.UTF_8);
                assertThat(metric(body, "pg_up", null)).as("pg_up, scrape %d; exporter log:%n%s", i + 1, exporterLog)
                        .isEqualTo(1.0);
                assertThat(metric(body, "pg_exporter_last_scrape_error", null))
                        .as("pg_exporter_last_scrape_error, scrape %d; exporter log:%n%s", i + 1, exporterLog)
                        .isEqualTo(0.0);
            }
            return body;
        } finally {
            p.destroy();
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** The value of the first sample of {@code name} whose labels contain {@code label} (any if null). */
    private static double metric(String exposition, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(exposition);
        while (m.find()) {
            if (label == null || (m.group(1) != null && m.group(1).contains(label))) {
                return Double.parseDouble(m.group(2));
            }
        }
        return fail("no sample of " + name + (label == null ? "" : " with " + label) + " in:\n" + exposition);
    }

    private static Path exporter() {
        if (Files.isExecutable(EXPORTER)) {
            return EXPORTER;
        }
        if ("1".equals(System.getenv("PGSTAT4J_SKIP_EXPORTER"))) {
            org.junit.jupiter.api.Assumptions.abort("prometheus-postgres-exporter is not installed and PGSTAT4J_SKIP_EXPORTER=1");
        }
        return fail("prometheus-postgres-exporter is not installed: run bin/install-test-deps.sh"
                + " (or set PGSTAT4J_SKIP_EXPORTER=1 to skip)");
    }
}
