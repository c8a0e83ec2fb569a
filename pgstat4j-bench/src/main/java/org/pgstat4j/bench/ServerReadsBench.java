package org.pgstat4j.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.postmaster.CollectorStatus;
import org.pgstat4j.postmaster.StatsClient;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.transport.StatsSender;

/**
 * Reads at N tables through psql against the pgstat4j server as deployed — the rounds of
 * {@link ReadsSqlBench}, but the server is the program people run ({@link DeployedServer}:
 * {@code ./pgstat4j server} with the launcher's JVM options, the collector a child JVM) and
 * the statistics come from another process, as backends' do. Steps:
 * <ol>
 * <li>a catalog directory in the server's CSV format ({@link Catalog#writeCsvDirectory}):
 *     database {@code postgres}, tables {@code public.t1..tN} with {@link ReadsBench}'s OIDs;</li>
 * <li>the server on a temporary data directory, SQL on 127.0.0.1 (a free port, trust);</li>
 * <li>N tables' TABSTAT datagrams, as {@link ReadsBench} sends them, through the supported way in
 *     ({@link StatsClient#attach}: the attach socket {@code DIR/.s.PGSTAT}), paced on the
 *     statistics socket's kernel queue ({@code /proc/net/udp}); done when the collector's status
 *     file counts them all applied;</li>
 * <li>a warm-up: WARMUP statements (the rounds' three reads, in turn) in one psql session;</li>
 * <li>ROUNDS rounds as in {@link ReadsSqlBench}: 100 tables get new counts, 0.7 s pass, a fresh
 *     psql session reads {@code sum(n_tup_ins)} twice, 0.7 s, another reads table N/2's counter;</li>
 * <li>the RSS of the server process and of the collector child, each named; a clean stop.</li>
 * </ol>
 *
 * <p>Invariant: every sum reported equals the counts sent (checked in psql's output), and no
 * datagram was lost (the kernel's drop counter and the collector's counters are checked), so
 * a time is never reported for a read that missed statistics.
 *
 * <pre>
 * ServerReadsBench N ROUNDS WARMUP LAUNCHER [PSQL]   (LAUNCHER: the repository's ./pgstat4j)
 * </pre>
 */
public final class ServerReadsBench {
    private static final String SUM = ReadsSqlBench.SUM;
    /** Load pacing: above this many bytes in the statistics socket's kernel queue, the sender waits. */
    private static final long QUEUE_LIMIT = 512 * 1024;
    private static final int PER = ReadsBench.PER_DATAGRAM;

    private final DeployedServer server;
    private final StatsSender sender;
    private final String psql;
    private final int n;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(Wire.MAX_MSG_SIZE).order(Wire.ORDER);
    private long sent;
    private long expected;
    private long drops0;

    private ServerReadsBench(DeployedServer server, StatsSender sender, String psql, int n) {
        this.server = server;
        this.sender = sender;
        this.psql = psql;
        this.n = n;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: ServerReadsBench N ROUNDS WARMUP LAUNCHER [PSQL]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        Path launcher = Path.of(args[3]).toAbsolutePath();
        String psql = args.length > 4 ? args[4] : "psql";
        Path tmp = Files.createTempDirectory("pgstat4j-server-reads-");
        try {
            long t0 = System.nanoTime();
            Path catalogDir = tmp.resolve("catalog");
            catalog(n).writeCsvDirectory(catalogDir);
            long t1 = System.nanoTime();
            try (DeployedServer server = DeployedServer.start(launcher, tmp.resolve("data"), catalogDir,
                    tmp.resolve("server.log"), Duration.ofMinutes(5));
                 StatsClient client = StatsClient.attach(tmp.resolve("data"))) {
                System.out.printf(Locale.ROOT, "tables=%d server: catalog written in %.0f ms, server ready in %.0f ms"
                                + " (PID %d, collector child PID %d, SQL on 127.0.0.1:%d, statistics socket port %d)%n",
                        n, (t1 - t0) / 1e6, (System.nanoTime() - t1) / 1e6, server.pid(), server.collectorPid(),
                        server.sqlPort(), server.statsPort());
                new ServerReadsBench(server, client.sender(), psql, n).run(rounds, warmup);
            }
        } finally {
            ReadsBench.deleteTree(tmp);
        }
    }

    static Catalog catalog(int n) {
        Catalog catalog = new Catalog();
        catalog.addDatabase(new PgDatabase(ReadsBench.DB, "postgres"));
        for (int i = 0; i < n; i++) {
            catalog.addRelation(PgClass.table(ReadsBench.FIRST_OID + i, "public", "t" + (i + 1)));
        }
        return catalog;
    }

    private void run(int rounds, int warmup) throws Exception {
        CollectorStatus start = server.collectorStatus();
        drops0 = StatsSocketQueue.of(server.statsPort()).drops();
        load();
        int oneOid = ReadsBench.FIRST_OID + n / 2;
        if (warmup > 0) {
            warmUp(warmup, oneOid);
        }
        double[] first = new double[rounds];
        double[] second = new double[rounds];
        double[] one = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            round(r, oneOid, first, second, one);
        }
        long drops = StatsSocketQueue.of(server.statsPort()).drops() - drops0;
        CollectorStatus end = server.collectorStatus();
        System.out.printf(Locale.ROOT, "tables=%d through psql, deployed server (warm-up %d statements): first read"
                        + " median %.2f ms %s, second read median %.2f ms, one-table first read median %.2f ms,"
                        + " rounds=%d%n", n, warmup, ReadsBench.median(first), ReadsSqlBench.list(first),
                ReadsBench.median(second), ReadsBench.median(one), rounds);
        System.out.printf(Locale.ROOT, "tables=%d server: %s; kernel drops %d, collector rejected %d,"
                        + " sequence_lost %d, load average %s%n", n, server.memoryLine(), drops,
                end.number("rejected") - start.number("rejected"), end.number("sequence_lost"),
                String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3)));
    }

    /** Every table gets one insert, {@link ReadsBench#PER_DATAGRAM} tables per datagram. */
    private void load() throws IOException, InterruptedException {
        long baseline = counted();
        long t0 = System.nanoTime();
        for (int oid = ReadsBench.FIRST_OID; oid < ReadsBench.FIRST_OID + n; oid += PER) {
            send(oid, Math.min(PER, ReadsBench.FIRST_OID + n - oid));
            if (sent % 64 == 0) {
                paceOnKernelQueue();
            }
        }
        expected = n;
        waitApplied(baseline, sent);
        System.out.printf(Locale.ROOT, "tables=%d server: loaded in %.0f ms (%d datagrams on the statistics socket"
                        + " handed over by the attach socket, counted applied by the collector); %s%n", n,
                (System.nanoTime() - t0) / 1e6, sent, server.memoryLine());
    }

    /** {@code count} statements in one psql session: the rounds' reads in turn, sums checked. */
    private void warmUp(int count, int oneOid) throws IOException, InterruptedException {
        long w = System.nanoTime();
        ReadsSqlBench.PsqlRun run = ReadsSqlBench.warmUp(psql, server.sqlPort(), count, oneOid, expected);
        System.out.printf(Locale.ROOT, "tables=%d server: warm-up of %d statements in one psql session in %.1f s"
                        + " (median %.2f ms); %s%n", n, count, (System.nanoTime() - w) / 1e9,
                ReadsBench.median(run.times().stream().mapToDouble(Double::doubleValue).toArray()),
                server.memoryLine());
    }

    /** Round {@code r}: new counts, 0.7 s, two sums in a fresh session, 0.7 s, one table in another. */
    private void round(int r, int oneOid, double[] first, double[] second, double[] one)
            throws IOException, InterruptedException {
        long baseline = counted();
        long before = sent;
        for (int i = 0; i < 100; i += PER) {
            // ReadsSqlBench's choice of tables
            send(ReadsBench.FIRST_OID + Math.floorMod(r * 977 + i * 31, Math.max(1, n - PER)), PER);
            expected += PER;
        }
        waitApplied(baseline, sent - before);
        Thread.sleep(700);
        ReadsSqlBench.PsqlRun sums = ReadsSqlBench.psql(psql, server.sqlPort(), 600, List.of(SUM, SUM));
        String want = Long.toString(expected);
        if (sums.times().size() != 2 || !sums.values().equals(List.of(want, want))) {
            throw new IllegalStateException("sums " + sums.values() + " times " + sums.times() + " != " + expected);
        }
        Thread.sleep(700);
        ReadsSqlBench.PsqlRun single = ReadsSqlBench.psql(psql, server.sqlPort(), 600,
                List.of("select pg_stat_get_tuples_inserted(" + oneOid + ")"));
        if (single.times().size() != 1 || single.values().isEmpty() || Long.parseLong(single.values().get(0)) < 1) {
            throw new IllegalStateException("one-table read " + single.values() + " " + single.times());
        }
        first[r] = sums.times().get(0);
        second[r] = sums.times().get(1);
        one[r] = single.times().get(0);
    }

    private void send(int firstOid, int count) {
        ReadsBench.send(sender, buf, ReadsBench.tabstat(firstOid, count, 1));
        sent++;
    }

    /** Waits while the kernel holds more than {@link #QUEUE_LIMIT} bytes for the collector. */
    private void paceOnKernelQueue() throws IOException, InterruptedException {
        while (true) {
            StatsSocketQueue q = StatsSocketQueue.of(server.statsPort());
            if (q.bytes() <= QUEUE_LIMIT) {
                return;
            }
            Thread.sleep(1);
        }
    }

    /**
     * What the collector counts (applied + rejected) in a status file written after now: every
     * datagram sent before, the server's inquiries of reads that have ended included.
     */
    private long counted() throws IOException, InterruptedException {
        Instant after = Instant.now();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            CollectorStatus s = server.collectorStatus();
            if (Instant.parse(s.get("updated_at")).isAfter(after)) {
                return s.number("applied") + s.number("rejected");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the collector's status was not rewritten for 30 s");
            }
            Thread.sleep(20);
        }
    }

    /**
     * Until the collector's status (rewritten every 2 s) counts {@code datagrams} more than
     * {@code baseline}: nothing but this benchmark sends between two reads, so these are ours.
     */
    private void waitApplied(long baseline, long datagrams) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            CollectorStatus s = server.collectorStatus();
            long done = s.number("applied") + s.number("rejected") - baseline;
            if (done >= datagrams) {
                return;
            }
            long drops = StatsSocketQueue.of(server.statsPort()).drops() - drops0;
            if (drops > 0 || System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("datagrams lost: the collector counts " + done + " of " + datagrams
                        + ", the kernel dropped " + drops);
            }
            Thread.sleep(20);
        }
    }
}
