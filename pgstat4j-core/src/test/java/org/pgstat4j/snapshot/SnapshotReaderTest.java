package org.pgstat4j.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.protocol.InquiryMessage;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.StatMessage;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.StatsSender;

class SnapshotReaderTest {
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(10_000_000_000L);
    private final AtomicInteger inquiries = new AtomicInteger();

    /** Delivers each datagram straight to the collector, which then serves write requests. */
    private StatsSender direct(Collector c, boolean collectorAlive) {
        return new StatsSender() {
            public boolean send(ByteBuffer d) {
                byte[] b = new byte[d.remaining()];
                d.duplicate().get(b);
                StatMessage m = MessageCodec.decode(b);
                if (m instanceof InquiryMessage) {
                    inquiries.incrementAndGet();
                }
                if (collectorAlive) {
                    c.process(b);
                    c.writePendingFiles();
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

    private static byte[] insert(int db, int rel, long n) {
        return MessageCodec.encode(new TabStatMessage(db, 1, 0, 0, 0, 0, 0, 0,
                List.of(new TableEntry(rel, 0, 0, 0, n, 0, 0, 0, false, n, 0, n, 0, 0))));
    }

    @Test
    void firstReadSendsAnInquiryAndLoadsTheFreshFile() {
        StatsFiles files = new StatsFiles(dir.resolve("pg_stat"), dir.resolve("pg_stat_tmp"));
        Collector c = new Collector(files, clock::get);
        c.process(insert(5, 100, 3));
        SnapshotReader r = new SnapshotReader(files, direct(c, true), 5, SnapshotReader.Mode.BACKEND,
                clock::get, ms -> clock.addAndGet(ms * 1000));
        long writtenAt = clock.get(); // the inquiry is answered before the first 10 ms sleep
        Snapshot s = r.snapshot();
        assertThat(inquiries.get()).isEqualTo(1);
        assertThat(r.lastLoadWasStale()).isFalse();
        assertThat(s.table(100).tuplesInserted()).isEqualTo(3);
        assertThat(s.snapshotTimestamp()).isEqualTo(writtenAt);

        // one snapshot per transaction: new counts are invisible until clear()
        c.process(insert(5, 100, 4));
        clock.addAndGet(1_000_000);
        assertThat(r.snapshot().table(100).tuplesInserted()).isEqualTo(3);
        assertThat(r.snapshot()).isSameAs(s);
        r.clear();
        assertThat(r.snapshot().table(100).tuplesInserted()).isEqualTo(7);
        assertThat(inquiries.get()).isEqualTo(2);
    }

    @Test
    void fileYoungerThan500msIsReusedWithoutAWrite() {
        StatsFiles files = new StatsFiles(dir.resolve("pg_stat"), dir.resolve("pg_stat_tmp"));
        Collector c = new Collector(files, clock::get);
        c.process(insert(5, 100, 3));
        SnapshotReader r = new SnapshotReader(files, direct(c, true), 5, SnapshotReader.Mode.BACKEND,
                clock::get, ms -> clock.addAndGet(ms * 1000));
        r.snapshot();
        long writes = c.counters().fileWrites();
        r.clear();
        clock.addAndGet(400_000);
        r.snapshot();
        assertThat(c.counters().fileWrites()).isEqualTo(writes);
        assertThat(inquiries.get()).isEqualTo(1);
    }

    @Test
    void unresponsiveCollectorGivesStaleStatisticsAfterTenSeconds() {
        StatsFiles files = new StatsFiles(dir.resolve("pg_stat"), dir.resolve("pg_stat_tmp"));
        Collector c = new Collector(files, clock::get);
        c.process(insert(5, 100, 3));
        SnapshotReader first = new SnapshotReader(files, direct(c, true), 5, SnapshotReader.Mode.BACKEND,
                clock::get, ms -> clock.addAndGet(ms * 1000));
        first.snapshot();
        clock.addAndGet(5_000_000);
        inquiries.set(0);
        long start = clock.get();
        SnapshotReader r = new SnapshotReader(files, direct(c, false), 5, SnapshotReader.Mode.BACKEND,
                clock::get, ms -> clock.addAndGet(ms * 1000));
        Snapshot s = r.snapshot();
        assertThat(r.lastLoadWasStale()).isTrue();
        assertThat(clock.get() - start).isEqualTo(SnapshotReader.MAX_WAIT_MS * 1000);
        assertThat(inquiries.get()).isEqualTo((SnapshotReader.POLL_LOOP_COUNT + 63) / 64);
        assertThat(s.table(100).tuplesInserted()).isEqualTo(3); // the previous file's values
    }

    @Test
    void noFileAtAllYieldsEmptyStatistics() {
        StatsFiles files = new StatsFiles(dir.resolve("pg_stat"), dir.resolve("pg_stat_tmp"));
        SnapshotReader r = new SnapshotReader(files, StatsSender.disabled(), 5, SnapshotReader.Mode.BACKEND,
                clock::get, ms -> clock.addAndGet(ms * 1000));
        Snapshot s = r.snapshot();
        assertThat(r.lastLoadWasStale()).isTrue();
        assertThat(s.database(5)).isNull();
        assertThat(s.table(1)).isNull();
        assertThat(s.bgwriter().statResetTimestamp()).isEqualTo(clock.get());
    }

    @Test
    void autovacuumWorkerDemandsAFileAtMost10msOld() {
        StatsFiles files = new StatsFiles(dir.resolve("pg_stat"), dir.resolve("pg_stat_tmp"));
        Collector c = new Collector(files, clock::get);
        SnapshotReader backend = new SnapshotReader(files, direct(c, true), 5, SnapshotReader.Mode.BACKEND,
                clock::get, ms -> clock.addAndGet(ms * 1000));
        backend.snapshot();
        clock.addAndGet(50_000);
        SnapshotReader worker = new SnapshotReader(files, direct(c, true), 5,
                SnapshotReader.Mode.AUTOVACUUM_WORKER, clock::get, ms -> clock.addAndGet(ms * 1000));
        worker.snapshot();
        assertThat(inquiries.get()).isEqualTo(2); // 50 ms old is fine for a backend, not for a worker
    }
}
