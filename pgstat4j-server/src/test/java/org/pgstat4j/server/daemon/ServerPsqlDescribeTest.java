package org.pgstat4j.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.catalog.Fixtures;
import org.pgstat4j.server.pg14.RealPostgres14;

/**
 * {@code psql -c '\d pg_stat_user_tables'} — the real psql — against a real
 * {@code pgstat4j server --sql-port}, whose catalog (a PostgreSQL 14 export without views)
 * does not name the view: it prints the view's columns with PostgreSQL's types exactly as it
 * does against a real PostgreSQL 14.
 */
class ServerPsqlDescribeTest {
    @TempDir
    Path tmp;

    @Test
    void describePgStatUserTablesAgainstTheServerPrintsWhatPostgres14Prints() throws Exception {
        Path password = Files.writeString(tmp.resolve("sql-password"), "*:pw-d\n");
        String expected;
        try (RealPostgres14 pg = RealPostgres14.start()) {
            Run r = psql(List.of("-h", pg.socketDir().toString(), "-p", Integer.toString(pg.port()), "-U",
                    RealPostgres14.SUPERUSER, "-d", "postgres"), null);
            assertThat(r.exit()).as(r.stderr()).isZero();
            expected = r.stdout();
        }
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), tmp.resolve("server.log"),
                "--embedded-collector", "--sql-port", "0", "--sql-password-file", password.toString(),
                "--catalog", Fixtures.dir("pg14-mixed").resolve("catalog").toString(), "--database", "fx")) {
            server.awaitReady();
            server.awaitLog("JDBC:       jdbc:postgresql://127.0.0.1:");
            Matcher m = Pattern.compile("jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/fx").matcher(server.log());
            assertThat(m.find()).isTrue();
            Run r = psql(List.of("-h", "127.0.0.1", "-p", m.group(1), "-U", "me", "-d", "fx"), "pw-d");
            assertThat(r.stderr()).isEmpty();
            assertThat(r.exit()).isZero();
            assertThat(r.stdout()).contains("View \"pg_catalog.pg_stat_user_tables\"")
                    .contains(" n_tup_ins           | bigint                   |")
                    .isEqualTo(expected);
        }
    }

    private record Run(int exit, String stdout, String stderr) { }

    private static Run psql(List<String> connection, String password) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(psqlBinary(), "-X"));
        cmd.addAll(connection);
        cmd.addAll(List.of("-c", "\\d pg_stat_user_tables"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        if (password != null) {
            pb.environment().put("PGPASSWORD", password);
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("psql did not finish within 60 s");
        }
        return new Run(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String psqlBinary() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, "psql");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if ("1".equals(System.getenv("PGSTAT4J_SKIP_PSQL"))) {
            org.junit.jupiter.api.Assumptions.abort("psql is not installed and PGSTAT4J_SKIP_PSQL=1");
        }
        throw new AssertionError("psql is not installed: run bin/install-test-deps.sh (or set PGSTAT4J_SKIP_PSQL=1)");
    }
}
