package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.pgstat4j.server.sql.SqlFixture.CUSTOMERS;
import static org.pgstat4j.server.sql.SqlFixture.ORDERS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code psql} as a real process, over TCP and over the Unix-domain socket, against a real
 * statistics system. psql must be installed ({@code bin/install-test-deps.sh}); without it
 * these tests fail, unless {@code PGSTAT4J_SKIP_PSQL=1} says to skip them.
 */
class PsqlTest {
    @TempDir
    static Path dir;
    static SqlFixture f;
    static Path socketDir;

    /** What a psql run printed and how it ended. */
    record Run(int exit, String stdout, String stderr) { }

    @BeforeAll
    static void start() throws Exception {
        socketDir = Files.createDirectories(dir.resolve("sock"));
        f = SqlFixture.start(dir, PgWireConfig.defaults().withUnixSocketDirectory(socketDir)
                .withSuperusers(java.util.Set.of("x")));
        f.insert(ORDERS, 5);
        f.insert(CUSTOMERS, 3);
        try (Connection c = f.connect()) {
            assertThat(SqlFixture.awaitLong(c, "select sum(n_tup_ins) from pg_stat_user_tables", 8)).isEqualTo(8);
        }
    }

    @AfterAll
    static void stop() {
        if (f != null) {
            f.close();
        }
    }

    static String psql() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, "psql");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        if ("1".equals(System.getenv("PGSTAT4J_SKIP_PSQL"))) {
            org.junit.jupiter.api.Assumptions.abort("psql is not installed and PGSTAT4J_SKIP_PSQL=1");
        }
        return fail("psql is not installed: run bin/install-test-deps.sh (or set PGSTAT4J_SKIP_PSQL=1 to skip)");
    }

    static Run psql(String host, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return psql(host, Integer.toString(f.server.port()), env, args);
    }

    static Run psql(String host, String port, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        return psql(host, port, SqlFixture.DBNAME, "x", env, args);
    }

    /** psql (without a psqlrc, stdin empty) as {@code user} in {@code database}, given 60 s. */
    static Run psql(String host, String port, String database, String user, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(psql(), "-X", "-h", host, "-p", port,
                "-d", database, "-U", user));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().put("PGPASSWORD", SqlFixture.PASSWORD);
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("psql did not finish within 60 s: " + cmd);
        }
        return new Run(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final String QUERY = "select relname, n_tup_ins from pg_stat_user_tables order by 1";
    private static final String EXPECTED = "relname,n_tup_ins\nEvents,0\ncustomers,3\norders,5\n";

    @Test
    void csvOverTcp() throws Exception {
        Run r = psql("127.0.0.1", Map.of(), "--csv", "-c", QUERY);
        assertThat(r.stderr()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo(EXPECTED);
    }

    @Test
    void csvOverTheUnixSocket() throws Exception {
        assertThat(socketDir.resolve(".s.PGSQL." + f.server.port())).exists();
        Run r = psql(socketDir.toString(), Map.of(), "--csv", "-c", QUERY);
        assertThat(r.stderr()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo(EXPECTED);
    }

    @Test
    void alignedOutputOfFunctionsAndSettings() throws Exception {
        Run r = psql("127.0.0.1", Map.of(), "-c",
                "select pg_stat_get_tuples_inserted('orders'::regclass) as ins, current_setting('TimeZone') as tz");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).isEqualTo(" ins | tz  \n-----+-----\n   5 | UTC\n(1 row)\n\n");
    }

    @Test
    void anErrorExitsWithOneAndPrintsTheMessage() throws Exception {
        Run r = psql("127.0.0.1", Map.of(), "--csv", "-c", "select * from nosuch");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        // as psql prints it for PostgreSQL 14: the error's position shown under the line
        assertThat(r.stderr()).isEqualTo("ERROR:  relation \"nosuch\" does not exist\n"
                + "LINE 1: select * from nosuch\n"
                + "                      ^\n");

        r = psql("127.0.0.1", Map.of(), "-c", "select pg_stat_reset_shared('nope')");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("ERROR:  unrecognized reset target: \"nope\"\n"
                + "HINT:  Target must be \"archiver\", \"bgwriter\", or \"wal\".\n");
    }

    @Test
    void aTransactionBlockInOneCommandString() throws Exception {
        Run r = psql("127.0.0.1", Map.of(), "--csv", "-c",
                "begin; select count(*) from pg_stat_user_tables; commit;");
        assertThat(r.exit()).isZero();
        // psql 15 prints every statement's result, command tags included
        assertThat(r.stdout()).isEqualTo("BEGIN\ncount\n3\nCOMMIT\n");
    }

    @Test
    void scramPasswordFromTheEnvironment() throws Exception {
        try (SqlFixture secured = SqlFixture.start(dir.resolve("secured"), PgWireConfig.defaults().withPassword("pw1"))) {
            String port = Integer.toString(secured.server.port());
            Run ok = psql("127.0.0.1", port, Map.of("PGPASSWORD", "pw1"), "-tA", "-c", "select current_user");
            assertThat(ok.stderr()).isEmpty();
            assertThat(ok.stdout()).isEqualTo("x\n");
            Run bad = psql("127.0.0.1", port, Map.of("PGPASSWORD", "nope"), "-c", "select 1");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.stderr()).contains("FATAL:  password authentication failed for user \"x\"");
        }
    }
}
