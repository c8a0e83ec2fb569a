package org.pgstat4j.server.sql.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.server.pg14.RealPostgres14;
import org.pgstat4j.server.sql.PgWireConfig;
import org.pgstat4j.server.sql.PgWireServer;

/**
 * Read costs of the SQL endpoint against PostgreSQL 14 in the same run, on the same statistics
 * (BENCHMARKS.md, "SQL read costs"). Not part of the normal build: it runs only when asked,
 * e.g. {@code -Dpgstat4j.readcost.tables=100000,1000000}.
 *
 * <p>For each size N: a PostgreSQL 14 cluster gets N tables in schema public, one row inserted
 * in each (so every table has statistics); pgstat4j then serves a copy of PostgreSQL's own
 * statistics files ({@link Pg14FilesService}) with the catalog exported by psql. Both sides are
 * asked the same three queries through pgjdbc: {@code count(*)}, {@code sum(n_tup_ins)} and
 * {@code WHERE relname = 'x'} over {@code pg_stat_user_tables} — each in a new transaction
 * (the snapshot is loaded again, as a monitoring scrape does) and repeated inside one
 * transaction (snapshot held). The figure is the median wall time seen by the client, after
 * three warm-up runs; with {@code -Dpgstat4j.readcost.rounds=R} that is repeated R times on
 * the same clusters (each round's load average recorded) and the median over the rounds given.
 * Invariant: both sides return the same values for the three queries (checked).
 */
@EnabledIfSystemProperty(named = "pgstat4j.readcost.tables", matches = "[0-9,]+")
class ReadCostBench {
    private static final List<String> QUERIES = List.of(
            "SELECT count(*) FROM pg_stat_user_tables",
            "SELECT sum(n_tup_ins) FROM pg_stat_user_tables",
            "SELECT relid, n_tup_ins FROM pg_stat_user_tables WHERE relname = 't500'");

    @Test
    void readCosts(@TempDir Path tmp) throws Exception {
        int reps = Integer.getInteger("pgstat4j.readcost.reps", 7);
        StringBuilder out = new StringBuilder("SQL read costs, " + LocalDate.now() + ", median of " + reps
                + " runs, milliseconds as seen by a pgjdbc client\n");
        out.append(String.format("%-9s %-58s %-10s %10s %10s%n", "tables", "query", "snapshot", "pg14", "pgstat4j"));
        for (String n : System.getProperty("pgstat4j.readcost.tables").split(",")) {
            int tables = Integer.parseInt(n.trim());
            measure(tables, reps, tmp.resolve("n" + tables), out);
            System.out.print(out);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "read-costs.txt"), out);
        }
    }

    private static void measure(int tables, int reps, Path dir, StringBuilder out) throws Exception {
        try (RealPostgres14 pg = RealPostgres14.start(Map.of("autovacuum", "off", "fsync", "off",
                "synchronous_commit", "off", "full_page_writes", "off", "max_wal_size", "4GB",
                "shared_buffers", "512MB"))) {
            long t0 = System.nanoTime();
            try (Connection c = pg.connect(RealPostgres14.SUPERUSER); Statement s = c.createStatement()) {
                for (int from = 0; from < tables; from += 1000) {
                    s.execute("DO $$ BEGIN FOR i IN " + from + " .. " + (Math.min(tables, from + 1000) - 1)
                            + " LOOP EXECUTE format('CREATE TABLE t%s (a int); INSERT INTO t%s VALUES (1)', i, i);"
                            + " END LOOP; END $$");
                    Thread.sleep(100); // PostgreSQL 14's collector drops datagrams of long bursts
                }
            }
            System.out.printf("created %d tables in %.0f s%n", tables, (System.nanoTime() - t0) / 1e9);
            try (Connection pgc = DriverManager.getConnection(DifferentialCorpusTest.url(pg.port(), RealPostgres14.SUPERUSER))) {
                System.out.printf("tables with statistics: %d of %d%n", awaitCount(pgc), tables);
                pgc.setAutoCommit(false);
                long snap;
                try (Statement s = pgc.createStatement(); ResultSet r = s.executeQuery(
                        "SELECT (extract(epoch FROM pg_stat_get_snapshot_timestamp()) * 1000000)::bigint")) {
                    r.next();
                    snap = org.pgstat4j.protocol.PgTimestamps.fromUnixMicros(r.getLong(1));
                }
                Pg14FilesService service = Pg14FilesService.copy(pg.pgStatTmpDir(), dir,
                        pg.catalog(RealPostgres14.SUPERUSER), pg.databaseOid(RealPostgres14.SUPERUSER));
                assertThat(service.statsTimestamp()).as("copied the files of the snapshot").isEqualTo(snap);
                pgc.rollback();
                try (PgWireServer ours = PgWireServer.start(service, DifferentialCorpusTest.endpointConfig());
                     Connection oc = DriverManager.getConnection(DifferentialCorpusTest.url(ours.port(), RealPostgres14.SUPERUSER))) {
                    oc.setAutoCommit(false);
                    for (String q : QUERIES) {
                        assertThat(rows(oc, q)).as(q).isEqualTo(rows(pgc, q));
                        pgc.commit();
                        oc.commit();
                    }
                    // rounds of every query on both sides; the figure is the median over the rounds
                    int rounds = Integer.getInteger("pgstat4j.readcost.rounds", 1);
                    double[][][] ms = new double[QUERIES.size() * 2][2][rounds];
                    for (int round = 0; round < rounds; round++) {
                        String load = Files.readString(Path.of("/proc/loadavg")).trim();
                        System.out.printf("%d tables, round %d of %d, load average %s%n", tables, round + 1, rounds, load);
                        out.append(String.format("# %d tables, round %d: load average %s%n", tables, round + 1, load));
                        for (int qi = 0; qi < QUERIES.size(); qi++) {
                            for (int fi = 0; fi < 2; fi++) {
                                boolean fresh = fi == 0;
                                ms[qi * 2 + fi][0][round] = median(pgc, QUERIES.get(qi), reps, fresh);
                                ms[qi * 2 + fi][1][round] = median(oc, QUERIES.get(qi), reps, fresh);
                            }
                        }
                    }
                    for (int qi = 0; qi < QUERIES.size(); qi++) {
                        for (int fi = 0; fi < 2; fi++) {
                            double[][] m = ms[qi * 2 + fi];
                            out.append(String.format("%-9d %-58s %-10s %10.1f %10.1f   rounds: pg14 %s pgstat4j %s%n",
                                    tables, QUERIES.get(qi), fi == 0 ? "new" : "held", middle(m[0]), middle(m[1]),
                                    Arrays.toString(m[0]), Arrays.toString(m[1])));
                        }
                    }
                }
            }
        }
    }

    private static double middle(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * Waits until PostgreSQL's collector has taken every message (the count of tables with an
     * insert no longer changes); returns that count. It may be less than the number of tables:
     * PostgreSQL 14's collector loses datagrams when its socket buffer overflows.
     */
    private static long awaitCount(Connection c) throws SQLException, InterruptedException {
        long last = -1;
        for (int i = 0; i < 600; i++) {
            long now = Long.parseLong(rows(c, "SELECT count(*) FROM pg_stat_user_tables WHERE n_tup_ins = 1").getFirst().getFirst());
            if (now == last) {
                return now;
            }
            last = now;
            Thread.sleep(3000);
        }
        throw new AssertionError("PostgreSQL's statistics kept changing for 30 minutes");
    }

    /** Median wall time of {@code reps} runs: each in a new transaction, or all in one (snapshot held). */
    private static double median(Connection c, String q, int reps, boolean fresh) throws SQLException {
        double[] ms = new double[reps];
        c.setAutoCommit(fresh);
        for (int i = 0; i < 3; i++) {
            rows(c, q); // warm-up (and, in a held snapshot, loads it)
        }
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            rows(c, q);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        if (!fresh) {
            c.commit();
        }
        c.setAutoCommit(false);
        Arrays.sort(ms);
        return ms[reps / 2];
    }

    private static List<List<String>> rows(Connection c, String q) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(q)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(r.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
