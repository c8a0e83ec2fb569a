package org.pgstat4j.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.server.service.EmbeddedStatsService;
import org.pgstat4j.server.sql.PgWireConfig;
import org.pgstat4j.server.sql.PgWireServer;
import org.pgstat4j.transport.StatsSender;

/**
 * Reads at N tables through the SQL endpoint and psql, the way PostgreSQL 14 is measured in
 * {@code bin/reads-side-by-side.sh}: the N tables are loaded into a live collector exactly as
 * {@link ReadsBench} loads them, named in a {@link Catalog} (database {@code postgres}, tables
 * {@code public.t1..tN}) and served by a {@link PgWireServer} over an
 * {@link EmbeddedStatsService} on 127.0.0.1 (a free port, trust: loopback only). Per round 100
 * tables get new counts and 0.7 s pass; then a fresh psql session runs {@code \timing on} and
 * {@code select sum(n_tup_ins) from pg_stat_user_tables} twice ("first read", "second read"),
 * and after another 0.7 s a fresh session runs {@code select pg_stat_get_tuples_inserted(OID)}
 * for table N/2 ("one-table first read"). The times are psql's {@code Time:} lines, so
 * psql, the connection and SQL are paid as on PostgreSQL's side.
 *
 * <p>Invariant: every measured sum equals the counts sent (checked in psql's output), so a
 * time is never reported for a read that missed statistics.
 *
 * <pre>
 * ReadsSqlBench N ROUNDS [PSQL]     (PSQL defaults to "psql" on the PATH; WARMUP=statements, default 200)
 * </pre>
 */
public final class ReadsSqlBench {
    private static final String DBNAME = "postgres";
    private static final int DEFAULT_WARMUP = 200;
    static final String SUM = "select sum(n_tup_ins) from pg_stat_user_tables";

    private ReadsSqlBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String psql = args.length > 2 ? args[2] : "psql";
        Path dir = Files.createTempDirectory("pgstat4j-reads-sql-");
        try (EmbeddedStats stats = EmbeddedStats.start(dir)) {
            Catalog catalog = new Catalog();
            catalog.addDatabase(new PgDatabase(ReadsBench.DB, DBNAME));
            for (int i = 0; i < n; i++) {
                catalog.addRelation(PgClass.table(ReadsBench.FIRST_OID + i, "public", "t" + (i + 1)));
            }
            EmbeddedStatsService service = new EmbeddedStatsService(stats, catalog, ReadsBench.DB);
            PgWireConfig config = PgWireConfig.defaults().withHost("127.0.0.1").withPort(0).withTrust(true);
            try (PgWireServer sql = PgWireServer.start(service, config)) {
                run(stats, sql.port(), n, rounds, psql);
            }
        } finally {
            ReadsBench.deleteTree(dir);
        }
    }

    private static void run(EmbeddedStats stats, int port, int n, int rounds, String psql) throws Exception {
        StatsSender sender = stats.sender();
        ByteBuffer b = ByteBuffer.allocateDirect(Wire.MAX_MSG_SIZE).order(Wire.ORDER);
        int per = ReadsBench.PER_DATAGRAM;
        long sent = 0;
        long t0 = System.nanoTime();
        for (int oid = ReadsBench.FIRST_OID; oid < ReadsBench.FIRST_OID + n; oid += per) {
            ReadsBench.send(sender, b, ReadsBench.tabstat(oid, Math.min(per, ReadsBench.FIRST_OID + n - oid), 1));
            sent++;
            if (sent % 20 == 0) {
                ReadsBench.waitApplied(stats.counters(), sent - 20); // never overrun the socket buffer
            }
        }
        ReadsBench.waitApplied(stats.counters(), sent);
        System.out.printf(Locale.ROOT, "tables=%d loaded in %.0f ms (%d datagrams), SQL on 127.0.0.1:%d%n", n,
                (System.nanoTime() - t0) / 1e6, sent, port);
        int oneOid = ReadsBench.FIRST_OID + n / 2;
        long expected = n;
        String env = System.getenv("WARMUP");
        int warmup = env == null || env.isBlank() ? DEFAULT_WARMUP : Integer.parseInt(env.strip());
        long w = System.nanoTime();
        warmUp(psql, port, warmup, oneOid, expected);
        System.out.printf(Locale.ROOT, "tables=%d warm-up: %d statements in one session before the rounds, %.1f s%n",
                n, warmup, (System.nanoTime() - w) / 1e9);
        double[] first = new double[rounds];
        double[] second = new double[rounds];
        double[] one = new double[rounds];
        for (int r = -1; r < rounds; r++) {
            for (int i = 0; i < 100; i += per) {
                // ReadsBench's choice of tables, kept inside the catalog in the warm-up round too
                int from = ReadsBench.FIRST_OID + Math.floorMod(r * 977 + i * 31, Math.max(1, n - per));
                ReadsBench.send(sender, b, ReadsBench.tabstat(from, per, 1));
                sent++;
                expected += per;
            }
            ReadsBench.waitApplied(stats.counters(), sent);
            Thread.sleep(700);
            PsqlRun sums = psql(psql, port, SUM, SUM);
            String want = Long.toString(expected);
            if (sums.times.size() != 2 || !sums.values.equals(List.of(want, want))) {
                throw new IllegalStateException("sums " + sums.values + " times " + sums.times + " != " + expected);
            }
            Thread.sleep(700);
            PsqlRun single = psql(psql, port, "select pg_stat_get_tuples_inserted(" + oneOid + ")");
            if (single.times.size() != 1 || single.values.isEmpty() || Long.parseLong(single.values.get(0)) < 1) {
                throw new IllegalStateException("one-table read " + single.values + " " + single.times);
            }
            if (r >= 0) { // round -1 warms the JVM and is not counted (ReadsBench reports it as "cold")
                first[r] = sums.times.get(0);
                second[r] = sums.times.get(1);
                one[r] = single.times.get(0);
            }
        }
        System.out.printf(Locale.ROOT, "tables=%d through psql: first read median %.2f ms %s, second read median %.2f ms,"
                        + " one-table first read median %.2f ms, rounds=%d%n",
                n, ReadsBench.median(first), list(first), ReadsBench.median(second), ReadsBench.median(one), rounds);
        System.gc();
        System.out.printf(Locale.ROOT, "tables=%d through psql: process RSS %d MB, heap used after GC %d MB%n", n,
                ReadsBench.rssKb() / 1024, (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }

    /**
     * {@code count} statements in one psql session on 127.0.0.1:{@code port}, the rounds' reads
     * in turn (two sums, then table {@code oneOid}'s counter), every sum checked against
     * {@code expected}: the JIT compiles the SQL path as in a server that has answered some
     * statements since it started (a PostgreSQL backend runs compiled code from its first
     * statement). What the session printed.
     */
    static PsqlRun warmUp(String psql, int port, int count, int oneOid, long expected)
            throws IOException, InterruptedException {
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statements.add(i % 3 == 2 ? "select pg_stat_get_tuples_inserted(" + oneOid + ")" : SUM);
        }
        PsqlRun run = psql(psql, port, 60L + 30L * count, statements);
        for (int i = 0; i < count; i++) {
            if (SUM.equals(statements.get(i)) && !Long.toString(expected).equals(run.values().get(i))) {
                throw new IllegalStateException("warm-up sum " + run.values().get(i) + " != " + expected);
            }
        }
        return run;
    }

    /** What one psql session printed: its {@code Time:} figures in ms and its result values, in order. */
    record PsqlRun(List<Double> times, List<String> values) {
    }

    static PsqlRun psql(String psql, int port, String... queries) throws IOException, InterruptedException {
        return psql(psql, port, 60, List.of(queries));
    }

    /** One fresh psql session on 127.0.0.1:{@code port} running {@code queries} in order, with {@code \timing on}. */
    static PsqlRun psql(String psql, int port, long timeoutSeconds, List<String> queries)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-U", DBNAME, "-d", DBNAME, "-c", "\\timing on"));
        for (String q : queries) {
            cmd.add("-c");
            cmd.add(q);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
        // aligned output: a header, a rule of dashes, the value, "(1 row)", then "Time: x ms"
        List<Double> times = new ArrayList<>();
        List<String> values = new ArrayList<>();
        String[] lines = out.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("Time: ")) {
                times.add(Double.parseDouble(line.substring(6).split(" ")[0]));
            } else if (line.startsWith("---") && i + 1 < lines.length) {
                values.add(lines[i + 1].strip());
            }
        }
        return new PsqlRun(times, values);
    }

    static String list(double[] v) {
        StringBuilder s = new StringBuilder("[");
        for (double x : v) {
            s.append(s.length() > 1 ? " " : "").append(String.format(Locale.ROOT, "%.3f", x));
        }
        return s.append(']').toString();
    }
}
