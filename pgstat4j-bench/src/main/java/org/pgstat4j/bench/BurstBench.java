package org.pgstat4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import org.pgstat4j.collector.CollectorCounters;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.server.service.KernelDrops;
import org.pgstat4j.server.workload.Cluster;
import org.pgstat4j.server.workload.Schema;
import org.pgstat4j.server.workload.Session;
import org.pgstat4j.server.workload.Table;
import org.pgstat4j.transport.StatsSocket;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Message loss under bursts: N simulated sessions, each transaction inserting one row into each
 * of P tables chosen at random among T, for S seconds, at a total rate of R transactions per
 * second (0: as fast as they go). Sessions flush as PostgreSQL's backends do (at idle points,
 * at most every 500 ms, and when they close). Then it waits until the collector has taken in
 * everything that arrived and compares the rows inserted with {@code sum(n_tup_ins)} of
 * {@code pg_stat_user_tables}: what is missing was lost, and the report says how much of it
 * the kernel's drop counter, the senders' drops and the sequence gaps account for.
 *
 */
@Command(name = "BurstBench", mixinStandardHelpOptions = true, description = "message loss under bursts")
public final class BurstBench implements Callable<Integer> {
    @Option(names = "--sessions", defaultValue = "32", description = "client sessions, one thread each")
    int sessions;
    @Option(names = "--tables", defaultValue = "2000", description = "tables in the database")
    int tables;
    @Option(names = "--per-xact", defaultValue = "200", description = "tables each transaction inserts into")
    int perXact;
    @Option(names = "--seconds", defaultValue = "15", description = "how long the sessions run")
    int seconds;
    @Option(names = "--tps", defaultValue = "258", description = "total transactions per second; 0: unthrottled")
    double tps;
    @Option(names = "--receive", defaultValue = "BATCHED", description = "BATCHED or SINGLE")
    EmbeddedStats.Receive receive;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BurstBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("pgstat4j-burst");
        try (EmbeddedStats stats = EmbeddedStats.start(dir, StatsSocket.open(), receive)) {
            Cluster cluster = new Cluster(stats);
            Schema db = cluster.createDatabase("burst");
            List<Table> all = new ArrayList<>();
            for (int i = 0; i < tables; i++) {
                all.add(db.createTable("t" + i));
            }
            LongAdder inserted = new LongAdder();
            LongAdder transactions = new LongAdder();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            double perSessionInterval = tps > 0 ? sessions / tps * 1e9 : 0;
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                long seed = 1000 + s;
                threads.add(Thread.ofPlatform().name("session-" + s).start(() -> {
                    Random r = new Random(seed);
                    try (Session session = db.connect()) {
                        long next = System.nanoTime();
                        while (System.nanoTime() < end) {
                            session.begin();
                            for (int i = 0; i < perXact; i++) {
                                session.insert(all.get(r.nextInt(all.size())), 1);
                            }
                            session.commit();
                            inserted.add(perXact);
                            transactions.increment();
                            if (perSessionInterval > 0) {
                                next += (long) perSessionInterval;
                                long wait = next - System.nanoTime();
                                if (wait > 0) {
                                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                                }
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            long t0 = System.nanoTime();
            for (Thread t : threads) {
                t.join();
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            CollectorCounters c = stats.counters();
            long last = -1;
            while (c.received() != last) { // until nothing more arrives for a second
                last = c.received();
                Thread.sleep(1000);
            }
            long seen = 0;
            for (Map<String, Object> row : db.observer().query("pg_stat_user_tables")) {
                seen += ((Number) row.get("n_tup_ins")).longValue();
            }
            long sent = inserted.sum();
            System.out.println(String.format(Locale.ROOT,
                    "receive=%s sessions=%d tables=%d per_xact=%d seconds=%.1f tps=%.0f datagrams_sent=%d "
                            + "datagrams_received=%d counts_sent=%d counts_seen=%d lost_pct=%.2f kernel_drops=%d "
                            + "sender_drops=%d sequence_lost=%d offered_per_s=%.0f load=%s",
                    receive.name().toLowerCase(Locale.ROOT), sessions, tables, perXact, elapsed,
                    transactions.sum() / elapsed, stats.sender().sentCount() + stats.sender().droppedCount(),
                    c.received(), sent, seen, 100.0 * (sent - seen) / sent, KernelDrops.of(stats.socket().address()),
                    stats.sender().droppedCount(), c.sequences().lost(),
                    (stats.sender().sentCount() + stats.sender().droppedCount()) / elapsed,
                    Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
        }
        return 0;
    }
}
