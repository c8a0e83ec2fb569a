package org.pgstat4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.pgstat4j.server.http.EmbeddedSystem.T_MAIN;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus's own tool accepts a scrape: {@code promtool check metrics} (Debian's
 * {@code prometheus} package, installed by {@code bin/install-test-deps.sh}) parses the text
 * exposition and lints the metric names, types and help texts.
 */
class PromtoolTest {
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @TempDir
    Path dir;

    @Test
    void promtoolParsesAndLintsAScrapeWithoutComplaint() throws Exception {
        if (!Files.isExecutable(PROMTOOL)) {
            Assumptions.assumeFalse("1".equals(System.getenv("PGSTAT4J_SKIP_PROMTOOL")), "PGSTAT4J_SKIP_PROMTOOL=1");
            fail(PROMTOOL + " is missing: run bin/install-test-deps.sh (installs Debian's prometheus), "
                    + "or set PGSTAT4J_SKIP_PROMTOOL=1 to skip this test");
        }
        try (EmbeddedSystem sys = new EmbeddedSystem(dir)) {
            sys.insert(T_MAIN, 7);
            try (HttpEndpoint e = HttpEndpoint.start(sys.service, HttpConfig.defaults())) {
                String body = sys.get(e.port(), "/metrics").body();
                assertThat(body).contains("pg_stat_user_tables_n_tup_ins{", "pgstat4j_datagrams_received_total");
                Path scrape = dir.resolve("scrape.txt");
                Files.writeString(scrape, body);
                Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
                        .redirectInput(scrape.toFile()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("promtool did not finish");
                }
                assertThat(out).as("promtool's findings").isEmpty();
                assertThat(p.exitValue()).isZero();

                // and a broken exposition is refused, so the check above can fail
                Files.writeString(scrape, body.replaceFirst("pg_stat_user_tables_n_tup_ins\\{", "pg_stat_user_tables n_tup_ins{"));
                Process bad = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
                        .redirectInput(scrape.toFile()).redirectErrorStream(true).start();
                bad.getInputStream().readAllBytes();
                assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(bad.exitValue()).isNotZero();
            }
        }
    }
}
