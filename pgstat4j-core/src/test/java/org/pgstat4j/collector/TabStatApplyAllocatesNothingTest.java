package org.pgstat4j.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.store.StatsPersistence;

/**
 * Guards the collector's hot path: validating and applying a full TABSTAT datagram to tables
 * that already have entries allocates nothing (it is read in place, never decoded into records).
 */
class TabStatApplyAllocatesNothingTest {
    @Test
    void applyingTabstatToExistingTablesAllocatesNothing() {
        Collector c = new Collector(StatsPersistence.NONE, () -> 1_000_000L);
        List<TableEntry> entries = new ArrayList<>();
        for (int i = 0; i < TabStatMessage.MAX_ENTRIES; i++) {
            entries.add(new TableEntry(16384 + i, 1, 2, 3, 4, 5, 6, 7, false, 8, 9, 10, 11, 12));
        }
        ByteBuffer b = ByteBuffer.allocateDirect(Wire.MAX_MSG_SIZE).order(Wire.ORDER);
        int length = MessageCodec.encode(new TabStatMessage(5, 1, 0, 0, 0, 0, 0, 0, entries), b);
        assertThat(c.process(b, length)).isNull(); // creates the database and table entries

        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int rounds = 2_000;
        long allocated = 0;
        for (int i = 0; i < rounds; i++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            c.process(b, length);
            allocated += mx.getCurrentThreadAllocatedBytes() - before;
        }
        assertThat(c.counters().applied()).isEqualTo(rounds + 1);
        // any object per datagram would be at least 16 bytes each time
        assertThat(allocated).as("bytes allocated by %d TABSTAT datagrams", rounds).isLessThan(rounds * 8L);
        assertThat(c.store().database(5).table(16384).tuplesInserted).isEqualTo(4L * (rounds + 1));
    }
}
