package org.pgstat4j.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.collector.CollectorCounters;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.store.DbEntryView;
import org.pgstat4j.store.StatsPersistence;
import org.pgstat4j.transport.StatsSender;

/**
 * Reads and memory at N tables, measured through the real path: a collector thread on a
 * loopback statistics socket ({@link EmbeddedStats}), stats files in a data directory, and one
 * {@link SnapshotReader} per "session".
 *
 * <pre>
 * reads  N ROUNDS [WARMUP]: before each round 100 tables get new counts and the files are left
 *                  to go stale (700 ms, past the 500 ms rule), then a fresh reader (a new session)
 *                  takes its first snapshot and sums n_tup_ins over the database's tables
 *                  ("first read"), clears it and does it again ("second read"), and a third
 *                  fresh reader reads one table only; medians in ms, plus process RSS.
 *                  WARMUP (default 0) first runs that many inquiry rounds with an autovacuum
 *                  worker's 10 ms rule (a few tables changed, 12 ms apart), so that the rounds
 *                  measure JIT-compiled code, as in a server that has been reading for a while.
 * memory N:        a collector with N tables applied in memory; live heap per table after GC.
 * </pre>
 */
public final class ReadsBench {
    static final int DB = 16384;
    static final int FIRST_OID = 16385;
    static final int PER_DATAGRAM = 8;

    private ReadsBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "reads";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        if (mode.equals("memory")) {
            memory(n);
        } else {
            reads(n, rounds, warmup);
        }
    }

    static byte[] tabstat(int firstOid, int count, long inserted) {
        List<TableEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(new TableEntry(firstOid + i, 1, 0, 0, inserted, 0, 0, 0, false, inserted, 0, inserted, 0, 0));
        }
        return MessageCodec.encode(new TabStatMessage(DB, 1, 0, 0, 0, 0, 0, 0, entries));
    }

    static void send(StatsSender s, ByteBuffer b, byte[] datagram) {
        b.clear();
        b.put(datagram).flip();
        while (!s.send(b)) {
            Thread.onSpinWait();
            b.rewind();
        }
    }

    static void waitApplied(CollectorCounters c, long target) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (c.applied() + c.rejected() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("datagrams lost: applied " + c.applied() + " of " + target);
            }
            Thread.sleep(1);
        }
    }

    private static void reads(int n, int rounds, int warmup) throws Exception {
        Path dir = Files.createTempDirectory("pgstat4j-reads-");
        try (EmbeddedStats stats = EmbeddedStats.start(dir)) {
            StatsSender sender = stats.sender();
            ByteBuffer b = ByteBuffer.allocateDirect(Wire.MAX_MSG_SIZE).order(Wire.ORDER);
            long sent = 0;
            long t0 = System.nanoTime();
            for (int oid = FIRST_OID; oid < FIRST_OID + n; oid += PER_DATAGRAM) {
                send(sender, b, tabstat(oid, Math.min(PER_DATAGRAM, FIRST_OID + n - oid), 1));
                sent++;
                if (sent % 20 == 0) {
                    waitApplied(stats.counters(), sent - 20); // never overrun the socket buffer (~90 datagrams)
                }
            }
            waitApplied(stats.counters(), sent);
            System.out.printf(Locale.ROOT, "tables=%d loaded in %.0f ms (%d datagrams)%n", n,
                    (System.nanoTime() - t0) / 1e6, sent);
            for (int w = 0; w < warmup; w++) {
                send(sender, b, tabstat(FIRST_OID + (w * 13) % Math.max(1, n - PER_DATAGRAM), PER_DATAGRAM, 0));
                sent++;
                Thread.sleep(12);
                SnapshotReader worker = new SnapshotReader(stats.files(), sender, DB,
                        SnapshotReader.Mode.AUTOVACUUM_WORKER, PgTimestamps::now, Thread::sleep);
                sum(worker.snapshot());
            }
            if (warmup > 0) {
                waitApplied(stats.counters(), sent);
                System.out.printf(Locale.ROOT, "tables=%d warm-up: %d inquiry rounds%n", n, warmup);
            }
            double[] cold = new double[1];
            double[] first = new double[rounds];
            double[] second = new double[rounds];
            double[] one = new double[rounds];
            long expected = n;
            for (int r = -1; r < rounds; r++) {
                for (int i = 0; i < 100; i += PER_DATAGRAM) {
                    send(sender, b, tabstat(FIRST_OID + (r * 977 + i * 31) % Math.max(1, n - PER_DATAGRAM), PER_DATAGRAM, 1));
                    sent++;
                    expected += PER_DATAGRAM;
                }
                waitApplied(stats.counters(), sent);
                Thread.sleep(700);
                SnapshotReader session = stats.newReader(DB);
                long a = System.nanoTime();
                long sum = sum(session.snapshot());
                long bb = System.nanoTime();
                session.clear();
                long sum2 = sum(session.snapshot());
                long c = System.nanoTime();
                if (sum != expected || sum2 != expected) {
                    throw new IllegalStateException("sum " + sum + "/" + sum2 + " != " + expected);
                }
                Thread.sleep(700);
                SnapshotReader other = stats.newReader(DB);
                long d = System.nanoTime();
                long v = other.snapshot().table(FIRST_OID + n / 2).tuplesInserted();
                long e = System.nanoTime();
                if (v < 1) {
                    throw new IllegalStateException("table not found");
                }
                if (r < 0) {
                    cold[0] = (bb - a) / 1e6;
                } else {
                    first[r] = (bb - a) / 1e6;
                    second[r] = (c - bb) / 1e6;
                    one[r] = (e - d) / 1e6;
                }
            }
            System.out.printf(Locale.ROOT, "tables=%d cold first read (replica empty) %.2f ms%n", n, cold[0]);
            System.out.printf(Locale.ROOT, "tables=%d first read median %.2f ms (min %.2f max %.2f), second read median %.2f ms,"
                            + " one-table first read median %.2f ms, rounds=%d%n",
                    n, median(first), min(first), max(first), median(second), median(one), rounds);
            System.gc();
            System.out.printf(Locale.ROOT, "tables=%d process RSS %d MB, heap used after GC %d MB%n", n,
                    rssKb() / 1024, (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        } finally {
            deleteTree(dir);
        }
    }

    private static long sum(Snapshot s) {
        DbEntryView d = s.database(DB);
        long[] total = {0};
        d.forEachTable(t -> total[0] += t.tuplesInserted());
        return total[0];
    }

    private static void memory(int n) throws Exception {
        System.gc();
        long before = used();
        Collector c = new Collector(StatsPersistence.NONE, PgTimestamps::now);
        // one full datagram, its table OIDs rewritten in place: the loop itself makes no garbage,
        // so the heap grows by what the collector keeps
        byte[] template = tabstat(FIRST_OID, PER_DATAGRAM, 1);
        ByteBuffer b = ByteBuffer.allocate(template.length).order(Wire.ORDER);
        b.put(0, template);
        int full = n / PER_DATAGRAM * PER_DATAGRAM;
        for (int oid = FIRST_OID; oid < FIRST_OID + full; oid += PER_DATAGRAM) {
            for (int i = 0; i < PER_DATAGRAM; i++) {
                b.putInt(TabStatMessage.ENTRIES + i * TableEntry.SIZE + TableEntry.T_ID, oid + i);
            }
            c.process(b, template.length);
        }
        if (full < n) {
            c.process(tabstat(FIRST_OID + full, n - full, 1));
        }
        System.gc();
        System.gc();
        long after = used();
        System.out.printf(Locale.ROOT, "tables=%d collector live heap %.1f MB = %.0f B per table, process RSS %d MB%n",
                n, (after - before) / 1048576.0, (after - before) / (double) n, rssKb() / 1024);
        if (c.store().tableEntryCount() != n) {
            throw new IllegalStateException("entries: " + c.store().tableEntryCount());
        }
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
