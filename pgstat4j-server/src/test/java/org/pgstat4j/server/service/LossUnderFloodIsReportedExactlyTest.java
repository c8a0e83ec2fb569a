package org.pgstat4j.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.transport.SequencingSender;
import org.pgstat4j.transport.StatsSocket;
import org.pgstat4j.transport.unix.DatagramChannelFd;
import org.pgstat4j.transport.unix.DrainingReceiver;

/**
 * Invariant: no loss is silent. A flood into a statistics socket with a tiny receive buffer,
 * while the collector applies nothing, must lose datagrams; afterwards the figures the
 * collector and the server report — the kernel's drops, the sender's drops, and the gaps in
 * the sender's sequence numbers — each equal what was really lost: datagrams sent minus
 * datagrams applied, and counts sent minus counts seen in the statistics.
 */
class LossUnderFloodIsReportedExactlyTest {
    private static final int DATABASE = 5;
    private static final int FLOOD = DrainingReceiver.SLOTS * 4;
    private static final int TABLES = 8;

    @Test
    void kernelDropsSenderDropsAndSequenceGapsEqualWhatWasLost(@TempDir Path dir) throws Exception {
        try (StatsSocket socket = StatsSocket.open()) {
            assertThat(socket.isEnabled()).isTrue();
            socket.channel().setOption(StandardSocketOptions.SO_RCVBUF, 2048); // tiny: the flood overflows it
            StatsFiles files = new StatsFiles(dir.resolve("pg_stat"), dir.resolve("pg_stat_tmp"));
            Files.createDirectories(files.permanentDir());
            Files.createDirectories(files.tempDir());
            Collector collector = new Collector(files, PgTimestamps::now);
            SequencingSender sender = (SequencingSender) socket.sender();
            try (DrainingReceiver rx = new DrainingReceiver(DatagramChannelFd.duplicate(socket.channel()), 0,
                    System.getLogger(getClass().getName()))) {
                // the flood, with nobody applying: the ring fills, then the kernel buffer, then drops
                ByteBuffer b = Wire.newBuffer();
                for (int i = 0; i < FLOOD; i++) {
                    MessageCodec.encode(oneInsert(i % TABLES), b);
                    sender.send(b);
                }
                drain(collector, rx);
                // a loss at the very end of a flood shows when the sender's next datagram arrives
                MessageCodec.encode(oneInsert(0), b);
                assertThat(sender.send(b)).isTrue();
                drain(collector, rx);

                long sent = FLOOD + 1;
                long received = collector.counters().sequences().received();
                long lost = sent - received;
                assertThat(lost).as("the flood must lose datagrams for this test to mean anything").isPositive();
                assertThat(collector.counters().applied()).isEqualTo(received);

                assertThat(collector.counters().sequences().lost()).isEqualTo(lost);
                assertThat(collector.counters().sequences().lostBySender()).isEqualTo(Map.of(sender.senderId(), lost));
                long kernel = KernelDrops.of(socket.address());
                assertThat(kernel + sender.droppedCount()).isEqualTo(lost);

                DbEntry d = collector.store().database(DATABASE);
                long inserted = 0;
                for (int t = 0; t < TABLES; t++) {
                    inserted += d.tables.get(1000 + t).tuplesInserted;
                }
                assertThat(sent - inserted).as("counts lost").isEqualTo(lost);
            }
        }
    }

    /** Applies everything drained until the socket and the ring stay empty for a while. */
    private static void drain(Collector collector, DrainingReceiver rx) throws Exception {
        ByteBuffer buf = ByteBuffer.allocateDirect(Collector.RECEIVE_BUFFER_SIZE).order(Wire.ORDER);
        int quiet = 0;
        while (quiet < 20) {
            int n = rx.receive(buf);
            if (n < 0) {
                quiet++;
                rx.awaitReadable(25);
                continue;
            }
            quiet = 0;
            collector.process(buf, n);
        }
    }

    private static TabStatMessage oneInsert(int table) {
        TableEntry e = new TableEntry(1000 + table, 0, 0, 0, 1, 0, 0, 0, false, 1, 0, 1, 0, 0);
        return new TabStatMessage(DATABASE, 0, 0, 0, 0, 0, 0, 0, List.of(e));
    }
}
