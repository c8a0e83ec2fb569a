package org.pgstat4j.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.daemon.DaemonTestSupport.insertedNow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.postmaster.CollectorStatus;
import org.pgstat4j.postmaster.DataDirectory;
import org.pgstat4j.postmaster.StatsClient;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.Wire;

/**
 * kill -9 of the collector, again and again, under a steady workload (one datagram every
 * 2 ms, a reader every 200 ms): each time a new collector is receiving without PostgreSQL's
 * 60 s pause, starts from the newest files, and no count a reader has seen is ever lost.
 * {@value #DEFAULT_KILLS} kills in CI, {@code -Dpgstat4j.soak.kills=100} for the figures of
 * docs/RELIABILITY.md, which it prints (and writes to {@code target/reliability-kill-loop.txt}):
 * time from the kill until the new collector is receiving, median and maximum, and the counts
 * lost (sent and accepted by the kernel, never counted).
 */
class CollectorKillLoopTest {
    static final int DEFAULT_KILLS = 3;

    @TempDir
    Path tmp;

    @RegisterExtension
    final ServerFixture servers = new ServerFixture();

    @Test
    void aKilledCollectorComesBackAtOnceAndNoCountAReaderSawIsLost() throws Exception {
        int kills = Integer.getInteger("pgstat4j.soak.kills", DEFAULT_KILLS);
        Path data = tmp.resolve("data");
        ServerProcess server = servers.startReady(data, tmp.resolve("server.log"));
        DataDirectory dir = new DataDirectory(data);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sent = new AtomicLong();
        List<Long> restartMillis = new ArrayList<>();
        try (StatsClient client = StatsClient.attach(data)) {
            Thread workload = Thread.ofPlatform().name("steady-workload").start(() -> {
                ByteBuffer b = Wire.newBuffer();
                while (!stop.get()) {
                    b.clear();
                    MessageCodec.encode(new TabStatMessage(DaemonTestSupport.DB, 1, 0, 0, 0, 0, 0, 0, List.of(
                            new TableEntry(DaemonTestSupport.REL, 0, 0, 0, 1, 0, 0, 0, false, 1, 0, 1, 0, 0))), b);
                    if (client.sender().send(b)) {
                        sent.incrementAndGet();
                    }
                    LockSupport.parkNanos(2_000_000);
                }
            });
            try {
                server.await("the workload counted", () -> {
                    try {
                        return insertedNow(data) > 0;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
                long seen = 0;
                for (int k = 0; k < kills; k++) {
                    long collector = server.readPidFile().orElseThrow().collectorPid();
                    server.remember(collector);
                    // a steady stretch with readers (each read makes the collector write its files)
                    for (int r = 0; r < 8; r++) {
                        long now = insertedNow(data);
                        assertThat(now).as("kill %d: counts never go down", k).isGreaterThanOrEqualTo(seen);
                        seen = now;
                        Thread.sleep(200);
                    }
                    long killedAt = System.nanoTime();
                    ProcessHandle.of(collector).orElseThrow().destroyForcibly();
                    server.await("a new collector receiving", () -> ServerProcess.status(dir)
                            .map(s -> s.pid() != collector && CollectorStatus.RUNNING.equals(s.state()))
                            .orElse(false));
                    restartMillis.add((System.nanoTime() - killedAt) / 1_000_000);
                    server.await("the new collector in the lock file", () -> server.readPidFile()
                            .map(pf -> pf.collectorPid() != 0 && pf.collectorPid() != collector).orElse(false));
                    long after = insertedNow(data);
                    assertThat(after).as("kill %d: what a reader saw before the kill survives it (log:%n%s)",
                            k, server.log()).isGreaterThanOrEqualTo(seen);
                    seen = after;
                }
            } finally {
                stop.set(true);
                workload.join();
            }
        }
        Thread.sleep(500); // the last datagrams reach the collector
        long counted = insertedNow(data);
        long total = sent.get();
        assertThat(counted).isLessThanOrEqualTo(total);
        assertThat(server.log()).contains("restarting the statistics collector at once");
        assertThat(server.log().split("after a delay of 0 ms", -1)).hasSize(kills + 1);

        List<Long> sorted = restartMillis.stream().sorted().toList();
        String figures = String.format("kill -9 x%d under ~500 datagrams/s: kill to receiving again median %d ms,"
                        + " max %d ms; %d of %d counts lost (%.2f %%)", kills, sorted.get(sorted.size() / 2),
                sorted.getLast(), total - counted, total, 100.0 * (total - counted) / total);
        System.out.println(figures);
        Files.writeString(Path.of("target", "reliability-kill-loop.txt"), figures + "\n", StandardCharsets.UTF_8);
    }
}
