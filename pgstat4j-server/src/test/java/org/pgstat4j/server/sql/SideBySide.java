package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.pgstat4j.server.pg14.RealPostgres14;

/**
 * A real PostgreSQL 14 (the oracle) and pgstat4j's SQL endpoint over the fixture's statistics,
 * side by side, with the means to ask both the same query. A test class registers it as a static
 * extension: both servers start before the class's first test (and its {@code @BeforeAll}
 * methods) and stop after its last, with the temporary directory of the fixture's statistics
 * files; a failed start leaves neither running. The endpoint is asked as {@code tester} in the
 * database {@code postgres} (the fixture's catalog has a real cluster's databases unless
 * registered otherwise), PostgreSQL as its superuser in {@code postgres}.
 */
final class SideBySide implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    /** The session setting both servers are asked under unless a test says otherwise. */
    static final List<String> UTC = List.of("SET TimeZone = 'UTC'");

    private final PgWireConfig config;
    private final boolean cluster;
    private Path dir;
    RealPostgres14 pg;
    SqlFixture f;

    private SideBySide(PgWireConfig config, boolean cluster) {
        this.config = config;
        this.cluster = cluster;
    }

    /**
     * The endpoint with {@code trust} and a real cluster's databases: the raw protocol client of
     * {@link SimpleQueryAnswer} does not speak SCRAM, and answers, not logins, are under test.
     */
    static SideBySide trusting() {
        return new SideBySide(PgWireConfig.defaults().withTrust(true), true);
    }

    /** The endpoint with {@code config}, its catalog with a real cluster's databases if {@code cluster}. */
    static SideBySide of(PgWireConfig config, boolean cluster) {
        return new SideBySide(config, cluster);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        try {
            dir = Files.createTempDirectory("pgstat4j-side-by-side");
            pg = RealPostgres14.start();
            f = SqlFixture.start(dir, config, cluster);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** pgjdbc's URL of the endpoint, as {@code tester} in {@code postgres}. */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + f.server.port() + "/postgres?user=tester&password=" + SqlFixture.PASSWORD;
    }

    SimpleQueryAnswer postgres(List<String> setup, String sql) throws IOException {
        return SimpleQueryAnswer.ask(pg.port(), RealPostgres14.SUPERUSER, "postgres", setup, sql);
    }

    SimpleQueryAnswer pgstat4j(List<String> setup, String sql) throws IOException {
        return pgstat4j("postgres", setup, sql);
    }

    SimpleQueryAnswer pgstat4j(String database, List<String> setup, String sql) throws IOException {
        return SimpleQueryAnswer.ask(f.server.port(), "tester", database, setup, sql);
    }

    /** PostgreSQL 14 answers {@code sql} and the endpoint (in {@code database}) answers exactly the same. */
    void assertAnswersAlike(String database, List<String> setup, String sql) throws IOException {
        SimpleQueryAnswer expected = postgres(setup, sql);
        assertThat(expected.sqlState()).as("PostgreSQL 14 answers %s with %s: %s", sql, setup, expected.message())
                .isNull();
        assertThat(pgstat4j(database, setup, sql).comparable()).as("%s with %s", sql, setup)
                .isEqualTo(expected.comparable());
    }

    void assertAnswersAlike(List<String> setup, String sql) throws IOException {
        assertAnswersAlike("postgres", setup, sql);
    }

    /** PostgreSQL 14 answers {@code sql}, the endpoint refuses it with {@code 0A000}: its answer. */
    SimpleQueryAnswer assertRefused(List<String> setup, String sql) throws IOException {
        SimpleQueryAnswer real = postgres(setup, sql);
        assertThat(real.sqlState()).as("PostgreSQL 14 answers %s", sql).isNull();
        SimpleQueryAnswer ours = pgstat4j(setup, sql);
        assertThat(ours.sqlState()).as("%s gave %s", sql, ours).isEqualTo("0A000");
        return ours;
    }

    /** The endpoint fails {@code sql} with PostgreSQL's SQLSTATE at PostgreSQL's position. */
    void assertFailsAtTheSamePosition(SimpleQueryAnswer expected, List<String> setup, String sql) throws IOException {
        SimpleQueryAnswer ours = pgstat4j(setup, sql);
        assertThat(List.of(String.valueOf(ours.sqlState()), String.valueOf(ours.position())))
                .as("%s: %s", sql, ours.message())
                .isEqualTo(List.of(expected.sqlState(), String.valueOf(expected.position())));
    }

    @Override
    public void close() {
        try {
            if (f != null) {
                f.close();
            }
        } finally {
            try {
                if (pg != null) {
                    pg.close();
                }
            } finally {
                f = null;
                pg = null;
                deleteDir();
            }
        }
    }

    private void deleteDir() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot delete " + dir, e);
        } finally {
            dir = null;
        }
    }
}
