package org.pgstat4j.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.collector.DatagramSource;
import org.pgstat4j.protocol.InquiryMessage;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.StatsSender;

/**
 * A reader in the collector's JVM makes the collector receive its inquiry at once
 * ({@link Collector#receiveNow()}) and is woken by the write round; a reader elsewhere (its
 * own {@link StatsFiles} on the same directories) still gets the fresh file by polling.
 *
 * <p>The collector here runs on a receive side that, like the batched receiver letting a
 * burst gather, does not hand queued datagrams over by itself: it waits until it is woken. A
 * reader that did not wake it would wait PostgreSQL's 10 s and fall back to stale statistics.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReaderInCollectorJvmTest {
    private static final int DB = 5;
    /** Long enough for a file to be older than PostgreSQL's 500 ms freshness rule. */
    private static final long PAST_500_MS_RULE = Wire.STAT_INTERVAL_MS + 100;

    @TempDir
    Path dir;

    private final HeldBackSource source = new HeldBackSource();
    private Collector collector;
    private Thread thread;

    /** Datagrams wait in a queue until the collector is woken ({@link #wakeup()}). */
    private static final class HeldBackSource implements DatagramSource {
        final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        final AtomicInteger inquiries = new AtomicInteger();
        private boolean woken;

        @Override
        public int receive(ByteBuffer buf) {
            byte[] d = queue.poll();
            buf.clear();
            if (d == null) {
                buf.limit(0);
                return -1;
            }
            buf.put(d).flip();
            return d.length;
        }

        @Override
        public synchronized void awaitReadable() {
            while (!woken) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            woken = false;
        }

        @Override
        public synchronized void wakeup() {
            woken = true;
            notifyAll();
        }

        /** A sender into the queue; {@code wakes}: as a socket that becomes readable would. */
        StatsSender sender(boolean wakes) {
            return new StatsSender() {
                public boolean send(ByteBuffer d) {
                    byte[] b = new byte[d.remaining()];
                    d.duplicate().get(b);
                    if (MessageCodec.decode(b) instanceof InquiryMessage) {
                        inquiries.incrementAndGet();
                    }
                    queue.add(b);
                    if (wakes) {
                        wakeup();
                    }
                    return true;
                }

                public long sentCount() {
                    return 0;
                }

                public long droppedCount() {
                    return 0;
                }
            };
        }
    }

    private StatsFiles startCollector() {
        StatsFiles files = new StatsFiles(dir.resolve("pg_stat"), dir.resolve("pg_stat_tmp"));
        collector = new Collector(files, PgTimestamps::now);
        thread = Thread.ofPlatform().name("test-collector").start(() -> collector.run(source));
        return files;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (collector != null) {
            collector.requestShutdown();
            thread.join(10_000);
        }
    }

    private static ByteBuffer insert(int rel, long n) {
        return ByteBuffer.wrap(MessageCodec.encode(new TabStatMessage(DB, 1, 0, 0, 0, 0, 0, 0,
                List.of(new TableEntry(rel, 0, 0, 0, n, 0, 0, 0, false, n, 0, n, 0, 0)))));
    }

    @Test
    void anInquiryIsServedAtOnceThoughTheReceiveSideHoldsDatagramsBack() {
        StatsFiles files = startCollector();
        StatsSender sender = source.sender(false);
        sender.send(insert(100, 3)); // queued, not handed over: the receive side is gathering

        SnapshotReader reader = new SnapshotReader(files, sender, DB, collector::receiveNow);
        Snapshot s = reader.snapshot();

        assertThat(reader.lastLoadWasStale()).isFalse();
        assertThat(s.table(100).tuplesInserted()).isEqualTo(3); // sent before the inquiry, so applied before the write
        assertThat(source.inquiries.get()).isEqualTo(1);
        assertThat(files.writeRounds()).isEqualTo(1);
    }

    @Test
    void aSecondSnapshotAfterTheFileAgedAsksAgainAndSeesTheNewCounts() throws InterruptedException {
        StatsFiles files = startCollector();
        StatsSender sender = source.sender(false);
        sender.send(insert(100, 3));
        SnapshotReader reader = new SnapshotReader(files, sender, DB, collector::receiveNow);
        assertThat(reader.snapshot().table(100).tuplesInserted()).isEqualTo(3);

        sender.send(insert(100, 4));
        Thread.sleep(PAST_500_MS_RULE); // the file is now older than the 500 ms rule
        reader.clear();
        Snapshot s = reader.snapshot();

        assertThat(reader.lastLoadWasStale()).isFalse();
        assertThat(s.table(100).tuplesInserted()).isEqualTo(7);
        assertThat(source.inquiries.get()).isEqualTo(2);
    }

    @Test
    void aReaderElsewhereGetsTheFreshFileByPolling() {
        startCollector();
        StatsSender sender = source.sender(true); // a real socket wakes the collector by itself
        sender.send(insert(100, 3));
        // another process: its own files object on the same directories, no hook into the collector
        StatsFiles elsewhere = new StatsFiles(dir.resolve("pg_stat"), dir.resolve("pg_stat_tmp"));

        SnapshotReader reader = new SnapshotReader(elsewhere, sender, DB);
        Snapshot s = reader.snapshot();

        assertThat(reader.lastLoadWasStale()).isFalse();
        assertThat(s.table(100).tuplesInserted()).isEqualTo(3);
        assertThat(elsewhere.writeRounds()).isZero(); // never woken: it found the file by looking
    }
}
