package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/**
 * What one statement may cost: {@code statement_timeout} and the server's bound on it, the
 * memory budget of the running statements, a client that goes away, and the engine permits — and that
 * hitting a limit leaves the engine and other sessions as they were.
 */
class StatementLimitsTest {
    /** Endless work for the engine that it checks for cancellation on every row. */
    static final String ENDLESS = "select max(rand()) from system_range(1, 100000000000)";
    /** The statement that made the engine run out of memory and close its database. */
    static final String SORT_OF_A_TRILLION = "SELECT * FROM SYSTEM_RANGE(1,1000000000000) ORDER BY 1 DESC LIMIT 1";

    @TempDir
    Path dir;

    @Test
    void statementTimeoutCancelsWith57014() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir, PgWireConfig.defaults()); Connection c = f.connect()) {
            execute(c, "set statement_timeout = '1s'");
            assertThat(text(c, "show statement_timeout")).isEqualTo("1s");
            PSQLException e = catchThrowableOfType(PSQLException.class, () -> text(c, ENDLESS));
            assertThat(e.getSQLState()).isEqualTo("57014");
            assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("canceling statement due to statement timeout");
            assertThat(text(c, "select 42")).isEqualTo("42");
        }
    }

    @Test
    void theServersStatementTimeoutBoundsEverySession() throws Exception {
        PgWireConfig config = PgWireConfig.defaults().withStatementTimeout(Duration.ofSeconds(1));
        try (SqlFixture f = SqlFixture.start(dir, config); Connection c = f.connect()) {
            PSQLException e = catchThrowableOfType(PSQLException.class, () -> text(c, ENDLESS));
            assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("canceling statement due to statement timeout");
            // a session may lower the bound, not raise it
            execute(c, "set statement_timeout = '1h'");
            e = catchThrowableOfType(PSQLException.class, () -> text(c, ENDLESS));
            assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("canceling statement due to statement timeout");
            PSQLException bad = catchThrowableOfType(PSQLException.class,
                    () -> execute(c, "set statement_timeout = 'soon'"));
            assertThat(bad.getSQLState()).isEqualTo("22023");
        }
    }

    @Test
    void aStatementOverItsMemoryBudgetFailsWith53200AndTheEngineStays() throws Exception {
        PgWireConfig config = PgWireConfig.defaults().withEngineMemoryBytes(64L << 20);
        try (SqlFixture f = SqlFixture.start(dir, config); Connection c = f.connect(); Connection other = f.connect()) {
            EngineDatabase engine = f.server.currentEngine();
            f.insert(SqlFixture.ORDERS, 3);
            String orders = "select n_tup_ins from pg_stat_user_tables where relname = 'orders'";
            assertThat(SqlFixture.awaitLong(other, orders, 3)).isEqualTo(3);
            PSQLException e = catchThrowableOfType(PSQLException.class, () -> text(c, SORT_OF_A_TRILLION));
            assertThat(e.getSQLState()).isEqualTo("53200");
            assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("out of memory");
            assertThat(e.getServerErrorMessage().getDetail()).contains("64 MB");
            // the engine, its objects and both sessions are as they were
            assertThat(f.server.currentEngine()).isSameAs(engine);
            assertThat(engine.isOpen()).isTrue();
            assertThat(text(c, orders)).isEqualTo("3");
            assertThat(text(other, orders)).isEqualTo("3");
            assertThat(text(c, "select is_admin from information_schema.users")).isEqualTo("f");
        }
    }

    @Test
    void aClientThatGoesAwayStopsItsStatement() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir, PgWireConfig.defaults())) {
            RawClient r = new RawClient(f.server.port());
            r.startup("tester", SqlFixture.DBNAME);
            assertThat(r.readUntil('Z')).isNotNull();
            r.send('Q', (ENDLESS + "\0").getBytes(StandardCharsets.UTF_8));
            await(() -> f.server.limits().runningCount() == 1, "the statement runs");
            long closedAt = System.nanoTime();
            r.close();
            await(() -> f.server.limits().runningCount() == 0 && f.server.activeSessions() == 0,
                    "the statement of a client that went away stops and its session ends");
            System.out.printf("closed client -> statement stopped and session ended: %.1f ms%n",
                    (System.nanoTime() - closedAt) / 1e6);
        }
    }

    @Test
    void aCancelRequestStopsTheStatement() throws Exception {
        try (SqlFixture f = SqlFixture.start(dir, PgWireConfig.defaults());
             RawClient r = new RawClient(f.server.port())) {
            r.startup("tester", SqlFixture.DBNAME);
            java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(r.readUntil('K').body());
            int pid = key.getInt();
            int secret = key.getInt();
            assertThat(r.readUntil('Z')).isNotNull();
            r.send('Q', (ENDLESS + "\0").getBytes(StandardCharsets.UTF_8));
            await(() -> f.server.limits().runningCount() == 1, "the statement runs");
            long sentAt = System.nanoTime();
            try (RawClient cancel = new RawClient(f.server.port())) {
                cancel.out.writeInt(16);
                cancel.out.writeInt(StartupHandshake.CANCEL_REQUEST);
                cancel.out.writeInt(pid);
                cancel.out.writeInt(secret);
                cancel.out.flush();
            }
            RawClient.Msg e = r.readUntil('E');
            long stopped = System.nanoTime();
            assertThat(e.fields()).containsEntry('C', "57014")
                    .containsEntry('M', "canceling statement due to user request");
            System.out.printf("CancelRequest -> error at the client: %.1f ms%n", (stopped - sentAt) / 1e6);
            assertThat(r.readUntil('Z')).isNotNull();
        }
    }

    /**
     * Long statements (the ones that used to hold every carrier thread) leave room for new
     * sessions and for virtual threads, such as those of the HTTP endpoint, which answers.
     */
    @Test
    void longStatementsStarveNeitherNewSessionsNorVirtualThreads() throws Exception {
        PgWireConfig config = PgWireConfig.defaults().withStatementTimeout(Duration.ofSeconds(60));
        int longOnes = Runtime.getRuntime().availableProcessors() + 1;
        ExecutorService pool = Executors.newFixedThreadPool(longOnes);
        try (SqlFixture f = SqlFixture.start(dir, config);
             org.pgstat4j.server.http.HttpEndpoint http = org.pgstat4j.server.http.HttpEndpoint.start(f.service,
                     org.pgstat4j.server.http.HttpConfig.defaults().withPort(0))) {
            long warmAsked = System.nanoTime();
            assertThat(health(http).statusCode()).isEqualTo(200); // the endpoint's first request, before
            long warm = System.nanoTime();
            List<Connection> busy = new ArrayList<>();
            List<CompletableFuture<Object>> running = new ArrayList<>();
            try {
                for (int i = 0; i < longOnes; i++) {
                    Connection c = f.connect();
                    busy.add(c);
                    running.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return text(c, ENDLESS);
                        } catch (Exception e) {
                            return e;
                        }
                    }, pool));
                }
                await(() -> f.server.limits().runningCount() == longOnes, "the long statements run");
                // virtual threads still get a carrier
                Thread v = Thread.ofVirtual().start(() -> { });
                assertThat(v.join(Duration.ofSeconds(10))).as("a virtual thread ran").isTrue();
                // the HTTP endpoint answers
                long asked = System.nanoTime();
                assertThat(health(http).statusCode()).isEqualTo(200);
                long answered = System.nanoTime();
                // a new session logs in and is answered
                try (Connection c = f.connect()) {
                    assertThat(text(c, "select count(*) from pg_stat_user_tables")).isEqualTo("3");
                }
                System.out.printf("/api/v1/health in %.0f ms before, %.0f ms with %d long statements; a new"
                        + " session's login and query in %.0f ms%n", (warm - warmAsked) / 1e6,
                        (answered - asked) / 1e6, longOnes, (System.nanoTime() - answered) / 1e6);
                assertThat(running).noneMatch(CompletableFuture::isDone);
            } finally {
                for (Connection c : busy) {
                    c.abort(Runnable::run); // the client goes away: its statement stops
                }
                pool.shutdownNow();
                assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
            await(() -> f.server.limits().runningCount() == 0, "the long statements stop with their clients");
        }
    }

    private static java.net.http.HttpResponse<String> health(org.pgstat4j.server.http.HttpEndpoint http)
            throws Exception {
        return java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + http.port() + "/api/v1/health")).timeout(Duration.ofSeconds(20)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** With every engine permit taken, a statement waits — and its timeout and cancel still apply. */
    @Test
    void aStatementWaitingForTheEngineStillTimesOut() throws Exception {
        PgWireConfig config = PgWireConfig.defaults().withEngineThreads(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (SqlFixture f = SqlFixture.start(dir, config); Connection busy = f.connect(); Connection c = f.connect()) {
            CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return text(busy, ENDLESS);
                } catch (Exception e) {
                    return e;
                }
            }, pool);
            await(() -> f.server.limits().runningCount() == 1, "the long statement runs");
            execute(c, "set statement_timeout = '500ms'");
            PSQLException e = catchThrowableOfType(PSQLException.class, () -> text(c, "select 1"));
            assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("canceling statement due to statement timeout");
            assertThat(running).isNotDone();
            busy.abort(Runnable::run);
            await(() -> f.server.limits().runningCount() == 0, "the long statement stops with its client");
            execute(c, "set statement_timeout = 0");
            assertThat(text(c, "select 1")).isEqualTo("1");
        } finally {
            pool.shutdownNow();
        }
    }

    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    static String text(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    static void execute(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
