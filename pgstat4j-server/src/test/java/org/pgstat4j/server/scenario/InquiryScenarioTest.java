package org.pgstat4j.server.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.collector.CollectorCounters;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.protocol.InquiryMessage;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.protocol.StatMessage;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.storage.StatsFiles;

/**
 * Spec §10.3 item 21, the collector's inquiry logic, end to end: inquiries go through the
 * real socket and the answer is read from the real stats files. The one case a real clock
 * cannot produce — the collector's own clock behind the last write — is pinned by the unit
 * test {@code CollectorTest.delayedInquiryIsIgnoredButClockGoingBackwardsForcesAWrite}.
 */
class InquiryScenarioTest {
    private static final long SECOND = 1_000_000;

    @TempDir
    Path dir;

    private static void send(EmbeddedStats stats, StatMessage m) {
        ByteBuffer b = Wire.newBuffer();
        MessageCodec.encode(m, b);
        assertThat(stats.sender().send(b)).isTrue();
        CollectorCounters c = stats.counters();
        long sent = stats.sender().sentCount();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (c.applied() + c.rejected() < sent) {
            assertThat(System.nanoTime()).as("collector processed the datagram").isLessThan(deadline);
            Thread.onSpinWait();
        }
        // the write a processed inquiry asks for happens before the next datagram is read:
        // a dummy round trip guarantees it is done
        if (!(m instanceof TabStatMessage)) {
            ByteBuffer dummy = Wire.newBuffer();
            MessageCodec.encode(new TabStatMessage(0, 0, 0, 0, 0, 0, 0, 0, List.of()), dummy);
            stats.sender().send(dummy);
            long after = stats.sender().sentCount();
            while (c.applied() + c.rejected() < after) {
                assertThat(System.nanoTime()).as("collector processed the marker").isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
    }

    @Test
    @DisplayName("§10.3 #21 inquiries: an old enough file is kept, a newer cutoff writes, unknown databases rewrite the "
            + "global file, identical inquiries cause one write, a delayed inquiry is ignored")
    void inquiryLogic() throws Exception {
        try (EmbeddedStats stats = EmbeddedStats.start(dir)) {
            StatsFiles files = stats.files();
            CollectorCounters c = stats.counters();
            send(stats, new TabStatMessage(5, 1, 0, 0, 0, 0, 0, 0,
                    List.of(new TableEntry(100, 0, 0, 0, 1, 0, 0, 0, false, 1, 0, 1, 0, 0))));
            send(stats, new InquiryMessage(PgTimestamps.now(), PgTimestamps.now(), 5));
            long t = files.readDatabaseTimestamp(5);
            long writes = c.fileWrites();

            send(stats, new InquiryMessage(t + SECOND, t - SECOND / 2, 5));
            assertThat(files.readDatabaseTimestamp(5)).as("cutoff before the file: no write").isEqualTo(t);
            assertThat(c.fileWrites()).isEqualTo(writes);

            send(stats, new InquiryMessage(t - SECOND, t - 2 * SECOND, 5));
            assertThat(c.fileWrites()).as("requester's clock behind the file: ignored").isEqualTo(writes);

            send(stats, new InquiryMessage(t + SECOND, t + SECOND / 2, 5));
            assertThat(files.readDatabaseTimestamp(5)).as("cutoff after the file: written").isGreaterThan(t);
            assertThat(c.fileWrites()).isEqualTo(writes + 1);

            long global = files.readDatabaseTimestamp(42); // no entry: the global file's timestamp
            long now = PgTimestamps.now();
            send(stats, new InquiryMessage(now, now, 42));
            assertThat(files.readDatabaseTimestamp(42)).as("unknown database: global file rewritten").isGreaterThan(global);
            assertThat(c.fileWrites()).isEqualTo(writes + 2);

            // two readers ask at once; the first answer (written at or after "now") satisfies both
            now = PgTimestamps.now();
            ByteBuffer inquiry = Wire.newBuffer();
            MessageCodec.encode(new InquiryMessage(now, now, 5), inquiry);
            stats.sender().send(inquiry.duplicate());
            send(stats, new InquiryMessage(now, now, 5));
            assertThat(c.fileWrites()).as("two identical inquiries, one write").isEqualTo(writes + 3);
        }
    }
}
