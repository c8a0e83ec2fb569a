package org.pgstat4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard end to end in a real headless Chromium: the page loads with its charts, its
 * numbers change while a workload runs, and a screenshot is written to
 * {@code target/dashboard.png}. Needs Debian's {@code chromium} ({@code bin/install-test-deps.sh});
 * without it the test fails, unless {@code PGSTAT4J_SKIP_BROWSER=1} says to skip it.
 */
class DashboardBrowserTest {
    @TempDir
    Path dir;

    @Test
    void theDashboardShowsLiveNumbersAndCharts() throws Exception {
        if (!Files.isExecutable(Chromium.BINARY)) {
            Assumptions.assumeFalse("1".equals(System.getenv("PGSTAT4J_SKIP_BROWSER")),
                    "PGSTAT4J_SKIP_BROWSER=1: the browser test is skipped");
            fail(Chromium.BINARY + " is missing: run bin/install-test-deps.sh (installs Debian's chromium), "
                    + "or set PGSTAT4J_SKIP_BROWSER=1 to skip the browser test");
        }
        AtomicBoolean running = new AtomicBoolean(true);
        try (EmbeddedSystem sys = new EmbeddedSystem(dir.resolve("data"));
             HttpEndpoint endpoint = HttpEndpoint.start(sys.service,
                     HttpConfig.defaults().withRefreshInterval(Duration.ofMillis(500)))) {
            Thread workload = Thread.ofPlatform().name("workload").start(() -> {
                // bounded: stops when the test ends, or after 600 transactions at the latest
                for (int i = 0; i < 600 && running.get(); i++) {
                    sys.insert(EmbeddedSystem.T_MAIN, 1 + i % 3);
                    if (i % 4 == 0) {
                        sys.updateAndDelete(EmbeddedSystem.T_OTHER);
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try (Chromium browser = Chromium.start(dir.resolve("profile"))) {
                browser.navigate("http://127.0.0.1:" + endpoint.port() + "/");
                assertThat(browser.waitFor("document.readyState === 'complete'", Duration.ofSeconds(30)))
                        .as("the page loads").isTrue();
                assertThat(browser.evaluate("document.title").asText()).isEqualTo("pgstat4j");
                assertThat(browser.evaluate("typeof uPlot").asText()).as("uPlot is served from the jar").isEqualTo("function");
                assertThat(browser.evaluate("document.querySelectorAll('.uplot canvas').length").asInt())
                        .as("both charts are drawn").isGreaterThanOrEqualTo(2);

                String totalInserted = "document.getElementById('total-inserted').textContent";
                assertThat(browser.waitFor("/^[0-9,]+$/.test(" + totalInserted + ")", Duration.ofSeconds(30)))
                        .as("the first event arrives").isTrue();
                long first = number(browser.evaluate(totalInserted).asText());
                assertThat(browser.waitFor(totalInserted + " !== '" + browser.evaluate(totalInserted).asText() + "'",
                        Duration.ofSeconds(30))).as("the number changes while the workload runs").isTrue();
                long second = number(browser.evaluate(totalInserted).asText());
                assertThat(second).isGreaterThan(first);

                assertThat(browser.waitFor("document.getElementById('rate-inserted').textContent.endsWith('/s')",
                        Duration.ofSeconds(30))).as("rates appear once two snapshots were seen").isTrue();
                assertThat(browser.waitFor("document.querySelector('#top-tables tbody td').textContent.includes('.')",
                        Duration.ofSeconds(30))).as("the busiest tables are listed").isTrue();
                assertThat(browser.evaluate("document.getElementById('database').textContent").asText()).isEqualTo("app");
                assertThat(browser.evaluate("document.getElementById('status').textContent").asText()).isEqualTo("live");
                assertThat(browser.evaluate("document.getElementById('health-enabled').textContent").asText())
                        .isEqualTo("enabled");
                assertThat(number(browser.evaluate("document.getElementById('health-received').textContent").asText()))
                        .isPositive();

                assertThat(browser.waitFor("Number(document.getElementById('chart-tuples').dataset.points) >= 5",
                        Duration.ofSeconds(30))).as("the charts plot a line of rates").isTrue();
                byte[] png = browser.screenshotPng();
                Path shot = Path.of("target", "dashboard.png");
                Files.createDirectories(shot.getParent());
                Files.write(shot, png);
                assertThat(Files.size(shot)).isGreaterThan(1000);
                assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
            } finally {
                running.set(false);
                workload.join(10_000);
            }
        }
    }

    private static long number(String shown) {
        return Long.parseLong(shown.replace(",", ""));
    }
}
