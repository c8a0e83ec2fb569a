package org.pgstat4j.postmaster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.store.TabEntryView;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.snapshot.SnapshotReader;

/**
 * Readers racing the writer: {@value #DEFAULT_READS} snapshot reads (more with
 * {@code -Dpgstat4j.soak.reads=N}) from several threads, each demanding a file at most 10 ms
 * old (the autovacuum worker's rule), so the collector rewrites the files all the time, while
 * a sender keeps counting. Every datagram adds the same number to two tables of one database;
 * a torn read — a file seen half old, half new — would show them apart. Invariants: in every
 * snapshot the two tables agree, and no reader ever sees a count go down.
 */
class SnapshotRaceTest {
    static final int DEFAULT_READS = 10_000;
    private static final int DB = 5;
    private static final int A = 100;
    private static final int B = 200;
    private static final int READERS = 16;

    @TempDir
    Path dir;

    @Test
    void noSnapshotIsTornWhileTheCollectorKeepsWriting() throws Exception {
        int reads = Integer.getInteger("pgstat4j.soak.reads", DEFAULT_READS);
        try (EmbeddedStats s = EmbeddedStats.start(dir)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            Thread writer = Thread.ofPlatform().name("race-writer").start(() -> {
                ByteBuffer b = Wire.newBuffer();
                while (!stop.get()) {
                    b.clear();
                    MessageCodec.encode(new TabStatMessage(DB, 1, 0, 0, 0, 0, 0, 0, List.of(
                            new TableEntry(A, 0, 0, 0, 3, 0, 0, 0, false, 3, 0, 3, 0, 0),
                            new TableEntry(B, 0, 0, 0, 3, 0, 0, 0, false, 3, 0, 3, 0, 0))), b);
                    if (s.sender().send(b)) {
                        sent.incrementAndGet();
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
            });
            ExecutorService pool = Executors.newFixedThreadPool(READERS);
            Set<Long> distinct = ConcurrentHashMap.newKeySet();
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                int share = reads / READERS + (r < reads % READERS ? 1 : 0);
                done.add(pool.submit(() -> {
                    SnapshotReader reader = new SnapshotReader(s.files(), s.sender(), DB,
                            SnapshotReader.Mode.AUTOVACUUM_WORKER, PgTimestamps::now, Thread::sleep);
                    long last = 0;
                    for (int i = 0; i < share; i++) {
                        reader.clear();
                        Snapshot snap = reader.snapshot();
                        TabEntryView a = snap.table(A);
                        TabEntryView b = snap.table(B);
                        long ia = a == null ? 0 : a.tuplesInserted();
                        long ib = b == null ? 0 : b.tuplesInserted();
                        assertThat(ia).as("read %d: table %d and %d in one snapshot", i, A, B).isEqualTo(ib);
                        assertThat(ia).as("read %d: counts never go down", i).isGreaterThanOrEqualTo(last);
                        last = ia;
                        distinct.add(ia);
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> f : done) {
                    f.get(10, TimeUnit.MINUTES);
                }
            } finally {
                stop.set(true);
                writer.join();
                pool.shutdownNow();
            }
            assertThat(sent.get()).isPositive();
            assertThat(distinct).as("the readers saw the counts move while they read").hasSizeGreaterThan(10);
        }
    }
}
