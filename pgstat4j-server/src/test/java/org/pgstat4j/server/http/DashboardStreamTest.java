package org.pgstat4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Server-Sent Events the dashboard lives on, read as a browser's EventSource would. */
class DashboardStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode nextEvent(BufferedReader r) throws Exception {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            if (line.startsWith("data: ")) {
                return JSON.readTree(line.substring(6));
            }
        }
        throw new AssertionError("the stream ended");
    }

    @Test
    void eventsCarryTotalsThenRatesBusiestTablesAndHealth() throws Exception {
        try (EmbeddedSystem sys = new EmbeddedSystem(dir);
             HttpEndpoint e = HttpEndpoint.start(sys.service,
                     HttpConfig.defaults().withRefreshInterval(Duration.ofMillis(200)));
             HttpClient client = HttpClient.newHttpClient()) {
            sys.insert(EmbeddedSystem.T_MAIN, 10);
            HttpResponse<InputStream> resp = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + e.port() + "/api/v1/stream")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(resp.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                JsonNode first = nextEvent(r);
                assertThat(first.get("database").asText()).isEqualTo("app");
                assertThat(first.get("totals").get("inserted").asLong()).isEqualTo(10);
                assertThat(first.get("totals").get("commits").asLong()).isEqualTo(1);
                assertThat(first.get("rates").isNull()).as("no rate from one snapshot").isTrue();
                assertThat(first.get("health").get("statisticsEnabled").asBoolean()).isTrue();

                sys.insert(EmbeddedSystem.T_OTHER, 40);
                JsonNode later = nextEvent(r);
                for (int i = 0; i < 100 && later.get("totals").get("inserted").asLong() < 50; i++) {
                    later = nextEvent(r);
                }
                assertThat(later.get("totals").get("inserted").asLong()).isEqualTo(50);
                JsonNode rates = later.get("rates");
                assertThat(rates.isObject()).isTrue();
                assertThat(rates.get("inserted").asDouble()).isPositive();
                JsonNode top = later.get("top_tables");
                assertThat(top.get(0).get("relname").asText()).as("the busiest table comes first").isEqualTo("t_other");
                assertThat(top.get(0).get("inserted").asDouble()).isPositive();
                assertThat(top.size()).isEqualTo(3);
            }
        }
    }
}
