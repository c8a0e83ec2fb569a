package org.pgstat4j.postmaster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.transport.StatsSocket;

/** The real socket, the real collector thread and real files, end to end. */
class EmbeddedStatsTest {
    @TempDir
    Path dir;

    private static void insert(EmbeddedStats s, int db, int rel, long n) {
        ByteBuffer b = Wire.newBuffer();
        MessageCodec.encode(new TabStatMessage(db, 1, 0, 0, 0, 0, 0, 0,
                List.of(new TableEntry(rel, 0, 0, 0, n, 0, 0, 0, false, n, 0, n, 0, 0))), b);
        assertThat(s.sender().send(b)).isTrue();
    }

    @Test
    void countsTravelThroughTheSocketAndSurviveACleanRestart() throws Exception {
        try (EmbeddedStats s = EmbeddedStats.start(dir)) {
            assertThat(s.isEnabled()).isTrue();
            insert(s, 5, 100, 3);
            insert(s, 5, 100, 4);
            SnapshotReader r = s.newReader(5);
            Snapshot snap = r.snapshot();
            assertThat(r.lastLoadWasStale()).isFalse();
            assertThat(snap.table(100).tuplesInserted()).isEqualTo(7);
            assertThat(snap.database(5).xactCommit()).isEqualTo(2);
            assertThat(s.counters().applied()).isGreaterThanOrEqualTo(3); // 2 TABSTAT + inquiry
        }
        assertThat(dir.resolve("pg_stat/global.stat")).exists();
        assertThat(dir.resolve("pg_stat/db_5.stat")).exists();
        assertThat(dir.resolve("pg_stat_tmp/global.stat")).doesNotExist();

        try (EmbeddedStats s = EmbeddedStats.start(dir)) {
            // loaded and kept until a complete new set replaces it: a stop at any moment cannot lose it
            assertThat(dir.resolve("pg_stat/global.stat")).exists();
            insert(s, 5, 100, 1);
            Snapshot snap = s.newReader(5).snapshot();
            assertThat(snap.table(100).tuplesInserted()).isEqualTo(8);
        }
    }

    @Test
    void withoutAWorkingSocketStatisticsAreDisabledAndNothingFails() throws Exception {
        StatsSocket none = StatsSocket.open(host -> { throw new java.net.UnknownHostException("no such host"); },
                org.pgstat4j.transport.ChannelFactory.system(), System.getLogger("test"));
        try (EmbeddedStats s = EmbeddedStats.start(dir, none)) {
            assertThat(s.isEnabled()).isFalse();
            insert0(s);
            assertThat(s.sender().droppedCount()).isEqualTo(1);
            assertThat(s.counters()).isNull();
        }
    }

    private static void insert0(EmbeddedStats s) {
        ByteBuffer b = Wire.newBuffer();
        MessageCodec.encode(new TabStatMessage(5, 1, 0, 0, 0, 0, 0, 0, List.of()), b);
        assertThat(s.sender().send(b)).isFalse();
    }
}
