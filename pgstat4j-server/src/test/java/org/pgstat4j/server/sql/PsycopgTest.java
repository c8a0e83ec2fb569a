package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.server.pg14.RealPostgres14;

/**
 * psycopg2 (Debian's {@code python3-psycopg2}, installed by {@code bin/install-test-deps.sh})
 * as applications use it — aware datetimes, {@code Decimal}, lists and tuples as parameters —
 * gets from the endpoint exactly the Python values a real PostgreSQL 14 gives. Without
 * psycopg2 the test fails, unless {@code PGSTAT4J_SKIP_PSYCOPG2=1} says to skip it.
 */
class PsycopgTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    static Path dir;
    @RegisterExtension
    static final SideBySide both = SideBySide.of(PgWireConfig.defaults(), true);

    @Test
    void awareDatetimesDecimalsAndListsAsPostgres14() throws Exception {
        Path script = dir.resolve("psycopg2_answers.py");
        try (InputStream in = PsycopgTest.class.getResourceAsStream("psycopg2_answers.py")) {
            Files.copy(in, script);
        }
        List<String> expected = run(script, both.pg.port(), RealPostgres14.SUPERUSER);
        List<String> ours = run(script, both.f.server.port(), "tester");
        assertThat(expected).hasSize(10).noneMatch(l -> l.contains("'error'"));
        assertThat(ours).containsExactlyElementsOf(expected);
    }

    private static List<String> run(Path script, int port, String user) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON) || !hasPsycopg2()) {
            if ("1".equals(System.getenv("PGSTAT4J_SKIP_PSYCOPG2"))) {
                org.junit.jupiter.api.Assumptions.abort("psycopg2 is not installed and PGSTAT4J_SKIP_PSYCOPG2=1");
            }
            fail("python3-psycopg2 is not installed: run bin/install-test-deps.sh (or set PGSTAT4J_SKIP_PSYCOPG2=1)");
        }
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), script.toString(), "127.0.0.1",
                Integer.toString(port), "postgres", user);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().put("PGPASSWORD", SqlFixture.PASSWORD); // asked by pgstat4j; PostgreSQL trusts the test user
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("psycopg2 script did not finish within 60 s");
        }
        assertThat(p.exitValue()).as("psycopg2 script on port %d: %s", port, err.join()).isZero();
        return out.join().lines().toList();
    }

    private static boolean hasPsycopg2() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import psycopg2").start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
