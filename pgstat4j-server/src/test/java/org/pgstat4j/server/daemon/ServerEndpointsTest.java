package org.pgstat4j.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.catalog.Fixtures;
import org.pgstat4j.postmaster.StatsClient;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.Wire;

/**
 * The server serves its endpoints over the statistics of its collector child: a client
 * attached from outside sends, and the server's HTTP API shows the counts and the collector's
 * own health.
 */
class ServerEndpointsTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final ServerFixture servers = new ServerFixture();

    private ServerProcess server;

    @Test
    void attachedTrafficAppearsOnTheServersHttpEndpoint() throws Exception {
        Path data = tmp.resolve("data");
        Path catalog = Fixtures.dir("pg14-mixed").resolve("catalog");
        server = servers.start(data, tmp.resolve("server.log"), "--http-port", "0", "--catalog",
                catalog.toString(), "--database", "fx");
        server.awaitReady();
        server.awaitLog("dashboard:  http://127.0.0.1:");
        Matcher m = Pattern.compile("dashboard:  http://127\\.0\\.0\\.1:(\\d+)/").matcher(server.log());
        assertThat(m.find()).isTrue();
        String base = "http://127.0.0.1:" + m.group(1);

        try (StatsClient client = StatsClient.attach(data)) {
            ByteBuffer b = Wire.newBuffer();
            // t_main of the fixture catalog (relid 16386) in fx (16384): 41 inserts
            MessageCodec.encode(new TabStatMessage(16384, 1, 0, 0, 0, 0, 0, 0,
                    List.of(new TableEntry(16386, 0, 0, 0, 41, 0, 0, 0, false, 41, 0, 41, 0, 0))), b);
            assertThat(client.sender().send(b)).isTrue();
        }
        HttpClient http = HttpClient.newHttpClient();
        String body = "";
        for (int i = 0; i < 100 && !body.contains("\"n_tup_ins\":41"); i++) {
            Thread.sleep(200);
            body = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/views/pg_stat_user_tables?relname=t_main"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(body).contains("\"relname\":\"t_main\"").contains("\"n_tup_ins\":41");
        String health = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(health).contains("\"statisticsEnabled\":true").containsPattern("\"applied\":[1-9]");
    }

    /**
     * Without --catalog the server names OIDs from DIR/catalog, which the host writes with
     * Catalog.writeCsvDirectory and may rewrite while the server runs (a table created later).
     */
    @Test
    void theCatalogInTheDataDirectoryIsFollowedWhileTheServerRuns() throws Exception {
        Path data = tmp.resolve("data");
        org.pgstat4j.catalog.Catalog catalog = new org.pgstat4j.catalog.Catalog();
        catalog.addDatabase(new org.pgstat4j.catalog.PgDatabase(16384, "app"));
        catalog.addRelation(org.pgstat4j.catalog.PgClass.table(16400, "public", "first"));
        java.nio.file.Files.createDirectories(data);
        java.nio.file.Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        catalog.writeCsvDirectory(data.resolve("catalog"));
        server = servers.start(data, tmp.resolve("server.log"), "--http-port", "0");
        server.awaitReady();
        server.awaitLog("dashboard:  http://127.0.0.1:");
        Matcher m = Pattern.compile("dashboard:  http://127\\.0\\.0\\.1:(\\d+)/").matcher(server.log());
        assertThat(m.find()).isTrue();
        String url = "http://127.0.0.1:" + m.group(1) + "/api/v1/views/pg_stat_user_tables";

        catalog.addRelation(org.pgstat4j.catalog.PgClass.table(16500, "public", "created_later"));
        catalog.writeCsvDirectory(data.resolve("catalog"));
        try (StatsClient client = StatsClient.attach(data)) {
            ByteBuffer b = Wire.newBuffer();
            MessageCodec.encode(new TabStatMessage(16384, 1, 0, 0, 0, 0, 0, 0,
                    List.of(new TableEntry(16500, 0, 0, 0, 9, 0, 0, 0, false, 9, 0, 9, 0, 0))), b);
            assertThat(client.sender().send(b)).isTrue();
        }
        HttpClient http = HttpClient.newHttpClient();
        String body = "";
        for (int i = 0; i < 100 && !body.contains("\"n_tup_ins\":9"); i++) {
            Thread.sleep(200);
            body = http.send(HttpRequest.newBuilder(URI.create(url + "?relname=created_later")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(body).contains("\"relname\":\"created_later\"").contains("\"n_tup_ins\":9");
    }

    /**
     * A malformed chunked request body (a chunk size the JDK's server cannot take) is the
     * client's error: 400, one log line without a stack trace, and identical lines within the
     * rate-limit window are counted instead of repeated.
     */
    @Test
    void malformedRequestsAreAnsweredWithoutStackTracesAndRepeatsAreNotLogged() throws Exception {
        Path data = tmp.resolve("data");
        Path catalog = Fixtures.dir("pg14-mixed").resolve("catalog");
        server = servers.start(data, tmp.resolve("server.log"), "--http-port", "0", "--catalog",
                catalog.toString(), "--database", "fx");
        server.awaitReady();
        server.awaitLog("dashboard:  http://127.0.0.1:");
        Matcher m = Pattern.compile("dashboard:  http://127\\.0\\.0\\.1:(\\d+)/").matcher(server.log());
        assertThat(m.find()).isTrue();
        int port = Integer.parseInt(m.group(1));
        for (int i = 0; i < 5; i++) {
            try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(30_000);
                s.getOutputStream().write(("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n80000000\r\nabc\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                byte[] head = s.getInputStream().readNBytes(12);
                assertThat(new String(head, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 400");
            }
        }
        server.awaitLog("malformed request body");
        String log = server.log();
        assertThat(log).doesNotContain("\tat ", "Exception\n");
        assertThat(log.split("malformed request body", -1)).as(log).hasSize(2); // one line for five requests
    }
}
