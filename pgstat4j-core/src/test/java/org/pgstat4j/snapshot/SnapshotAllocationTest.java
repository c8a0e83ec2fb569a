package org.pgstat4j.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.StatsSender;

/**
 * A new snapshot of a database with many tables, asked for one table, allocates what changed
 * and a fixed amount, never something per table: the file is not reread, the tables are not
 * copied.
 */
class SnapshotAllocationTest {
    private static final int DB = 5;
    private static final int TABLES = 100_000;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(10_000_000_000L);

    private static byte[] tabstat(int first, int n) {
        List<TableEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(new TableEntry(first + i, 1, 0, 0, 1, 0, 0, 0, false, 1, 0, 1, 0, 0));
        }
        return MessageCodec.encode(new TabStatMessage(DB, 1, 0, 0, 0, 0, 0, 0, entries));
    }

    private static StatsSender direct(Collector c) {
        return new StatsSender() {
            public boolean send(ByteBuffer d) {
                byte[] b = new byte[d.remaining()];
                d.duplicate().get(b);
                c.process(b);
                c.writePendingFiles();
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

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** The most bytes one fresh one-table read allocated (write round included) at {@code tables}. */
    private long worstOneTableRead(Path at, int tables) {
        StatsFiles files = new StatsFiles(at.resolve("pg_stat"), at.resolve("pg_stat_tmp"));
        Collector c = new Collector(files, clock::get);
        for (int oid = 20000; oid < 20000 + tables; oid += 8) {
            c.process(tabstat(oid, 8));
        }
        SnapshotReader warm = new SnapshotReader(files, direct(c), DB, SnapshotReader.Mode.BACKEND,
                clock::get, ms -> clock.addAndGet(ms * 1000));
        assertThat(warm.snapshot().database(DB).tableCount()).isEqualTo(tables); // the replica is loaded
        long worst = 0;
        for (int round = 0; round < 5; round++) {
            int oid = 20000 + round * 8 * (tables / 64);
            c.process(tabstat(oid, 8)); // a few tables change
            clock.addAndGet(1_000_000); // the file is older than 500 ms: an inquiry, a write round
            SnapshotReader session = new SnapshotReader(files, direct(c), DB, SnapshotReader.Mode.BACKEND,
                    clock::get, ms -> clock.addAndGet(ms * 1000));
            long before = allocated();
            long inserted = session.snapshot().table(oid).tuplesInserted();
            long bytes = allocated() - before;
            assertThat(inserted).isEqualTo(2);
            worst = Math.max(worst, bytes);
        }
        return worst;
    }

    @Test
    void aNewSnapshotAskedForOneTableAllocatesNothingPerTable() {
        worstOneTableRead(dir.resolve("warm-up"), 1000); // class loading and first-use allocations
        long small = worstOneTableRead(dir.resolve("small"), 1000);
        long large = worstOneTableRead(dir.resolve("large"), TABLES);
        // 99,000 more tables may cost their segment references and the changed segments, not a
        // byte per table (an array of every OID alone would be 400,000 bytes)
        assertThat(large - small).as("extra bytes per fresh read at %d tables (%d B at 1000)", TABLES, small)
                .isLessThan(TABLES - 1000);
    }
}
