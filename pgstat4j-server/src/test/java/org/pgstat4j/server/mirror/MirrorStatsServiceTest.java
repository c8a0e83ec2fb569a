package org.pgstat4j.server.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.Fixtures;
import org.pgstat4j.server.cli.Main;
import org.pgstat4j.server.http.Exposition;
import org.pgstat4j.server.http.HttpConfig;
import org.pgstat4j.server.http.HttpEndpoint;

/**
 * The passive mirror: PostgreSQL 14's captured collector traffic streamed through a pipe, as
 * {@code tcpdump -U -w -} would deliver it, shows on the HTTP endpoint with PostgreSQL's own
 * values (the fixture's {@code pg_stat_user_tables.csv}, exported by psql at the capture).
 */
class MirrorStatsServiceTest {
    private static final Path MIXED = Fixtures.dir("pg14-mixed");
    private static final int FX = 16384;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    private String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    /** Waits (at most a minute) for a condition; the caller asserts on what it then sees. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** The JSON rows as psql's CSV would show them: NULL empty, numbers and text as they are. */
    private static List<String> asCsv(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : body.get("rows")) {
            List<String> cells = new ArrayList<>();
            row.forEach(v -> cells.add(v.isNull() ? "" : v.asText()));
            out.add(String.join(",", cells));
        }
        return out;
    }

    @Test
    void aCaptureStreamedThroughAPipeShowsPostgresValuesOnTheEndpoint() throws Exception {
        Catalog catalog = Catalog.loadCsvDirectory(MIXED.resolve("catalog"));
        List<String> expected = Files.readAllLines(MIXED.resolve("pg_stat_user_tables.csv"));
        byte[] pcap = Files.readAllBytes(MIXED.resolve("pg14-mixed.pcap"));
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream pipe = new PipedInputStream(feed, 8192);
        CountDownLatch hangUp = new CountDownLatch(1);
        // the writer stays alive after the capture, as a live tcpdump does, until the test hangs up
        Thread tcpdump = Thread.ofPlatform().name("fake-tcpdump").start(() -> {
            try {
                for (int off = 0; off < pcap.length; off += 4096) {
                    feed.write(pcap, off, Math.min(4096, pcap.length - off));
                    feed.flush();
                }
                hangUp.await();
                feed.close();
            } catch (IOException | InterruptedException e) {
                // the mirror closed the pipe: the test is over
            }
        });
        try (MirrorStatsService mirror = MirrorStatsService.start(pipe, catalog, FX, null);
             HttpEndpoint endpoint = HttpEndpoint.start(mirror,
                     HttpConfig.defaults().withRefreshInterval(Duration.ofMillis(100)))) {
            assertThat(mirror.writable()).isFalse();
            assertThat(mirror.sender()).isNotNull();
            await(() -> mirror.capturedDatagrams() == 519);
            assertThat(mirror.capturedDatagrams()).isEqualTo(519);
            assertThat(mirror.collectorPort()).isEqualTo(32809);
            assertThat(mirror.ignoredDatagrams()).isZero();
            assertThat(mirror.captureEnded()).as("the pipe is still open").isFalse();

            List<String>[] seen = new List[] {List.of()};
            await(() -> {
                try {
                    JsonNode body = JSON.readTree(get(endpoint.port(), "/api/v1/views/pg_stat_user_tables"));
                    List<String> rows = new ArrayList<>();
                    List<String> header = new ArrayList<>();
                    body.get("columns").forEach(c -> header.add(c.get("name").asText()));
                    rows.add(String.join(",", header));
                    rows.addAll(asCsv(body));
                    seen[0] = rows;
                    return rows.equals(expected);
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(seen[0]).isEqualTo(expected);

            Exposition metrics = Exposition.parse(get(endpoint.port(), "/metrics"));
            assertThat(metrics.value("pg_stat_user_tables_n_tup_ins",
                    Map.of("datname", "fx", "schemaname", "public", "relname", "t_main"))).isEqualTo(5000);
            assertThat(metrics.value("pgstat4j_datagrams_received_total", Map.of())).isGreaterThanOrEqualTo(519);
            assertThat(metrics.named("pgstat4j_kernel_drops_total")).as("unknown to a mirror").isEmpty();

            hangUp.countDown();
            await(mirror::captureEnded);
            assertThat(mirror.captureEnded()).isTrue();
            assertThat(mirror.captureFailure()).isNull();
            JsonNode db = JSON.readTree(get(endpoint.port(), "/api/v1/views/pg_stat_database?datname=fx"));
            assertThat(db.get("rows").get(0).get("xact_commit").asLong()).as("still served after the end").isPositive();
        } finally {
            hangUp.countDown();
            tcpdump.join(10_000);
        }
    }

    @Test
    void aStreamThatIsNotPcapStopsTheFollowingAndSaysWhy() throws Exception {
        Catalog catalog = Catalog.loadCsvDirectory(MIXED.resolve("catalog"));
        byte[] garbage = "this is not a pcap stream at all, not even close".getBytes(StandardCharsets.US_ASCII);
        try (MirrorStatsService mirror = MirrorStatsService.start(new java.io.ByteArrayInputStream(garbage), catalog,
                FX, null);
             HttpEndpoint endpoint = HttpEndpoint.start(mirror, HttpConfig.defaults())) {
            await(mirror::captureEnded);
            assertThat(mirror.captureEnded()).isTrue();
            assertThat(mirror.captureFailure()).isNotBlank();
            assertThat(mirror.capturedDatagrams()).isZero();
            JsonNode h = JSON.readTree(get(endpoint.port(), "/api/v1/health"));
            assertThat(h.get("senderDropped").asLong()).isEqualTo(-1);
            assertThat(mirror.sender().send(java.nio.ByteBuffer.allocate(8))).as("read-only").isFalse();
        }
    }

    @Test
    void httpOptionsOfReplayNeedFollow() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "replay",
                MIXED.resolve("pg14-mixed.pcap").toString(), "--catalog", MIXED.resolve("catalog").toString(),
                "--http-port", "9999");
        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--http-port and --http-bind need --follow");

        err = new StringWriter();
        code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "replay", "-", "--follow", "--all",
                "--catalog", MIXED.resolve("catalog").toString());
        assertThat(code).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--all has no meaning with --follow");
    }

    @Test
    void theDefaultDatabaseIsTheCatalogsOnlyApplicationDatabase() throws Exception {
        Catalog catalog = Catalog.loadCsvDirectory(MIXED.resolve("catalog"));
        assertThat(Follow.defaultDatabase(catalog).oid()).isEqualTo(FX);
        catalog.addDatabase(new org.pgstat4j.catalog.PgDatabase(20000, "other"));
        assertThat(Follow.defaultDatabase(catalog)).isNull();
    }
}
