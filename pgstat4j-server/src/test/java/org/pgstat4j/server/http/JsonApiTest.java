package org.pgstat4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.http.EmbeddedSystem.T_LOG;
import static org.pgstat4j.server.http.EmbeddedSystem.T_MAIN;
import static org.pgstat4j.server.http.EmbeddedSystem.T_OTHER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.view.Views;

/** The JSON API over a real embedded system. */
class JsonApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PG_TIMESTAMP = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?\\+00";

    @TempDir
    Path dir;
    EmbeddedSystem sys;
    HttpEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        sys = new EmbeddedSystem(dir);
        sys.insert(T_MAIN, 5);
        sys.updateAndDelete(T_MAIN);
        sys.insert(T_OTHER, 3);
        sys.insert(T_LOG, 9);
        endpoint = HttpEndpoint.start(sys.service, HttpConfig.defaults());
    }

    @AfterEach
    void stop() {
        endpoint.close();
        sys.close();
    }

    private JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> r = sys.get(endpoint.port(), path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        return JSON.readTree(r.body());
    }

    private static List<String> relnames(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.get("rows").forEach(r -> out.add(r.get("relname").asText()));
        return out;
    }

    @Test
    void theViewListNamesEveryViewWithItsColumnsAndTypes() throws Exception {
        JsonNode body = get("/api/v1/views", 200);
        List<String> names = new ArrayList<>();
        body.get("views").forEach(v -> names.add(v.get("name").asText()));
        assertThat(names).isEqualTo(Views.names());
        JsonNode tables = body.get("views").get(Views.names().indexOf("pg_stat_user_tables"));
        assertThat(tables.get("columns").get(0).get("name").asText()).isEqualTo("relid");
        assertThat(tables.get("columns").get(0).get("type").asText()).isEqualTo("oid");
    }

    @Test
    void rowsAreObjectsWithPostgresColumnNamesAndJsonTypes() throws Exception {
        JsonNode body = get("/api/v1/views/pg_stat_user_tables?relname=t_main", 200);
        assertThat(body.get("view").asText()).isEqualTo("pg_stat_user_tables");
        assertThat(body.get("database").asText()).isEqualTo("app");
        assertThat(body.get("snapshot_timestamp").asText()).matches(PG_TIMESTAMP);
        assertThat(body.get("rows")).hasSize(1);
        JsonNode row = body.get("rows").get(0);
        assertThat(row.get("relid").isIntegralNumber()).isTrue();
        assertThat(row.get("relid").asLong()).isEqualTo(T_MAIN);
        assertThat(row.get("schemaname").isTextual()).isTrue();
        assertThat(row.get("schemaname").asText()).isEqualTo("public");
        assertThat(row.get("n_tup_ins").isIntegralNumber()).isTrue();
        assertThat(row.get("n_tup_ins").asLong()).isEqualTo(5);
        assertThat(row.get("n_tup_upd").asLong()).isEqualTo(1);
        assertThat(row.get("seq_scan").asLong()).isEqualTo(1);
        assertThat(row.get("idx_scan").isIntegralNumber()).as("t_main has an index: idx_scan is a sum").isTrue();
        assertThat(row.get("last_vacuum").isNull()).isTrue();
        List<String> keys = new ArrayList<>();
        row.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).isEqualTo(Views.byName("pg_stat_user_tables").orElseThrow().columnNames());

        JsonNode other = get("/api/v1/views/pg_stat_user_tables?relname=t_other", 200).get("rows").get(0);
        assertThat(other.get("idx_scan").isNull()).as("no index: idx_scan is NULL").isTrue();

        JsonNode db = get("/api/v1/views/pg_stat_database?datname=app", 200).get("rows").get(0);
        assertThat(db.get("stats_reset").asText()).matches(PG_TIMESTAMP);
        assertThat(db.get("blk_read_time").isFloatingPointNumber()).isTrue();
        assertThat(db.get("numbackends").isInt()).isTrue();
        assertThat(db.get("checksum_failures").isNull()).isTrue();
        assertThat(db.get("xact_commit").asLong()).isEqualTo(4);
        JsonNode wal = get("/api/v1/views/pg_stat_wal", 200).get("rows").get(0);
        assertThat(wal.get("wal_bytes").isNumber()).as("numeric is an exact JSON number").isTrue();
    }

    @Test
    void filtersOrderAndLimitSelectRows() throws Exception {
        assertThat(relnames(get("/api/v1/views/pg_stat_user_tables", 200)))
                .as("export order: relname").containsExactly("t_log", "t_main", "t_other");
        assertThat(relnames(get("/api/v1/views/pg_stat_user_tables?where=n_tup_ins:gt:3", 200)))
                .containsExactly("t_log", "t_main");
        assertThat(relnames(get("/api/v1/views/pg_stat_user_tables?where=n_tup_ins:le:5&where=n_tup_ins:ge:3", 200)))
                .containsExactly("t_main", "t_other");
        assertThat(relnames(get("/api/v1/views/pg_stat_user_tables?order=n_tup_ins.desc", 200)))
                .containsExactly("t_log", "t_main", "t_other");
        assertThat(relnames(get("/api/v1/views/pg_stat_user_tables?order=n_tup_ins&limit=2", 200)))
                .containsExactly("t_other", "t_main");
        assertThat(relnames(get("/api/v1/views/pg_stat_user_tables?schemaname=audit", 200))).containsExactly("t_log");
        assertThat(relnames(get("/api/v1/views/pg_stat_user_tables?where=relname:ne:t_main", 200)))
                .containsExactly("t_log", "t_other");
        assertThat(relnames(get("/api/v1/views/pg_stat_user_tables?where=idx_scan:isnull", 200)))
                .containsExactly("t_log", "t_other");
        assertThat(relnames(get("/api/v1/views/pg_stat_user_tables?where=idx_scan:notnull", 200)))
                .containsExactly("t_main");
        assertThat(relnames(get("/api/v1/views/pg_stat_user_tables?where=relid:eq:" + T_OTHER, 200)))
                .containsExactly("t_other");
        assertThat(relnames(get("/api/v1/views/pg_stat_user_tables?limit=0", 200))).isEmpty();
        // NULLs sort last ascending and first descending, as in PostgreSQL
        assertThat(relnames(get("/api/v1/views/pg_stat_user_tables?order=idx_scan.desc,relname", 200)))
                .containsExactly("t_log", "t_other", "t_main");
    }

    @Test
    void mistakesAnswerWithAnErrorThatSaysWhatIsWrong() throws Exception {
        JsonNode unknown = get("/api/v1/views/pg_stat_nothing", 404);
        assertThat(unknown.get("error").asText()).contains("pg_stat_nothing");
        List<String> names = new ArrayList<>();
        unknown.get("views").forEach(n -> names.add(n.asText()));
        assertThat(names).isEqualTo(Views.names());

        assertThat(get("/api/v1/views/pg_stat_user_tables?nosuch=1", 400).get("error").asText())
                .contains("no column \"nosuch\"").contains("n_tup_ins");
        assertThat(get("/api/v1/views/pg_stat_user_tables?where=n_tup_ins:like:1", 400).get("error").asText())
                .contains("unknown operator \"like\"");
        assertThat(get("/api/v1/views/pg_stat_user_tables?where=n_tup_ins:gt:many", 400).get("error").asText())
                .contains("not a number");
        assertThat(get("/api/v1/views/pg_stat_user_tables?limit=-1", 400).get("error").asText()).contains("limit");
        assertThat(get("/api/v1/views/pg_stat_user_tables?order=nosuch.desc", 400).get("error").asText())
                .contains("nosuch");
        assertThat(get("/nothing/here", 404).get("error").asText()).contains("/nothing/here");
        assertThat(get("/api/v1/healthy", 404).get("error").asText()).contains("no such page");
        assertThat(get("/api/v1/viewsfoo", 404).get("error").asText()).contains("no such page");
        assertThat(get("/metrics/extra", 404).get("error").asText()).contains("no such page");

        HttpResponse<String> post;
        try (HttpClient c = HttpClient.newHttpClient()) {
            post = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/api/v1/health"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow").orElseThrow()).contains("GET");
    }

    @Test
    void healthIsTheCollectorsOwnCounters() throws Exception {
        JsonNode h = get("/api/v1/health", 200);
        var expected = sys.service.health();
        assertThat(h.get("received").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(h.get("applied").asLong()).isLessThanOrEqualTo(h.get("received").asLong());
        assertThat(h.get("rejected").asLong()).isZero();
        assertThat(h.get("rejectedByReason").size()).isEqualTo(expected.rejectedByReason().size());
        assertThat(h.get("senderDropped").asLong()).isEqualTo(expected.senderDropped());
        assertThat(h.get("collectorRestarts").asLong()).isZero();
        assertThat(h.get("statisticsEnabled").asBoolean()).isTrue();
        assertThat(h.has("kernelDropped")).isTrue();
        assertThat(h.has("fileWrites")).isTrue();
    }
}
