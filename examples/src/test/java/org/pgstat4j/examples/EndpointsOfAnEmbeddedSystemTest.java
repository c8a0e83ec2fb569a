package org.pgstat4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.backend.Backend;
import org.pgstat4j.backend.RelKind;
import org.pgstat4j.backend.TableStatus;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.server.service.EmbeddedStatsService;
import org.pgstat4j.server.endpoints.EndpointOptions;
import org.pgstat4j.server.endpoints.Endpoints;

/**
 * The SQL and HTTP endpoints served from inside a host that embeds the statistics system, as
 * {@code docs/EMBEDDING.md} shows (its Java block is {@link #serve}'s marked region, checked by
 * {@link DocsShowTheTestedCodeTest}): the host's counts reach psql and the JSON API.
 */
class EndpointsOfAnEmbeddedSystemTest {
    @TempDir
    Path tmp;

    /** The code of docs/EMBEDDING.md's "Serving the SQL and HTTP endpoints". */
    static Endpoints serve(EmbeddedStats stats, Catalog catalog) throws Exception {
        // EMBEDDING:begin
        EmbeddedStatsService service = new EmbeddedStatsService(stats, catalog, 16384); // views as seen from db 16384
        EndpointOptions options = new EndpointOptions();
        options.sqlPort = 0;                             // 0: any free port; loopback only
        options.httpPort = 0;
        options.sqlPasswords = Map.of("pgstat4j", "app-secret"); // role:password, as a line of --sql-password-file
        Endpoints endpoints = Endpoints.start(service, options);
        // PGPASSWORD=app-secret psql -h 127.0.0.1 -p <endpoints.sqlPort()> -U pgstat4j -d shop
        // http://127.0.0.1:<endpoints.httpPort()>/metrics, /api/v1/views/..., / (dashboard)
        // EMBEDDING:end
        return endpoints;
    }

    @Test
    void theHostsCountsReachPsqlAndTheJsonApi() throws Exception {
        Catalog catalog = new Catalog();
        catalog.addDatabase(new PgDatabase(16384, "shop"));
        catalog.addRelation(PgClass.table(16385, "public", "orders"));
        try (EmbeddedStats stats = EmbeddedStats.start(tmp.resolve("data"));
             Endpoints endpoints = serve(stats, catalog)) {
            try (Backend session = Backend.builder(stats.sender()).databaseId(16384).build()) {
                TableStatus orders = session.openRelation(16385, RelKind.RELATION, false);
                session.countHeapInsert(orders, 5);
                session.commitTransaction();
            }

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + endpoints.httpPort() + "/api/v1/views/pg_stat_user_tables?relname=orders"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertThat(body.findValues("n_tup_ins")).as(response.body()).extracting(JsonNode::asLong)
                    .containsExactly(5L);

            Jvms.Result psql = Jvms.run(tmp.resolve("work"), List.of("psql", "-X", "-d", "host=127.0.0.1 port="
                    + endpoints.sqlPort() + " user=pgstat4j password=app-secret dbname=shop", "-At", "-c",
                    "select relname, n_tup_ins from pg_stat_user_tables"));
            assertThat(psql.exitCode()).as(psql.describe()).isZero();
            assertThat(psql.out().lines()).as(psql.describe()).containsExactly("orders|5");
        }
    }
}
