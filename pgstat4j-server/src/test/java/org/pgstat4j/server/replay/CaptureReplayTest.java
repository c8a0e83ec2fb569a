package org.pgstat4j.server.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.Fixtures;
import org.pgstat4j.store.DbEntryView;
import org.pgstat4j.protocol.ConnectMessage;
import org.pgstat4j.protocol.InquiryMessage;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.transport.pcap.TestCaptures;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

class CaptureReplayTest {
    private static final Path MIXED = Fixtures.dir("pg14-mixed");
    private static final Path CAPTURE = MIXED.resolve("pg14-mixed.pcap");
    private static final CaptureReplay.Options DEFAULT = new CaptureReplay.Options(null, null, false);

    private static byte[] connect(int db) {
        return MessageCodec.encode(new ConnectMessage(db));
    }

    private static byte[] inquiry(int db) {
        return MessageCodec.encode(new InquiryMessage(0, 0, db));
    }

    @Test
    void aStreamReplaysLikeTheFile() throws Exception {
        CaptureReplay.Result file = CaptureReplay.replay(CAPTURE, DEFAULT);
        CaptureReplay.Result stream;
        try (InputStream in = Files.newInputStream(CAPTURE)) {
            stream = CaptureReplay.replay(in, DEFAULT);
        }
        Catalog catalog = Catalog.loadCsvDirectory(MIXED.resolve("catalog"));
        ViewDefinition db = Views.byName("pg_stat_database").orElseThrow();
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        ReplayOutput.print(file, catalog, false, List.of(db), true, a);
        ReplayOutput.print(stream, catalog, false, List.of(db), true, b);
        assertThat(b.toString()).isEqualTo(a.toString());
        assertThat(stream.applied()).isEqualTo(509);
    }

    @Test
    void stopsAfterTheLastInquiryUnlessAllIsAsked() throws Exception {
        CaptureReplay.Result upTo = CaptureReplay.replay(CAPTURE, DEFAULT);
        assertThat(upTo.database()).isEqualTo(16384);
        assertThat(upTo.port()).isEqualTo(32809);
        assertThat(upTo.stopIndex()).isEqualTo(508);
        assertThat(upTo.applied()).isEqualTo(509);
        assertThat(upTo.collectorTotal()).isEqualTo(519);
        CaptureReplay.Result all = CaptureReplay.replay(CAPTURE, new CaptureReplay.Options(null, null, true));
        assertThat(all.stopIndex()).isEqualTo(-1);
        assertThat(all.applied()).isEqualTo(519);
        // the export session's exit flush comes after the INQUIRY: one more commit in fx
        DbEntryView before = upTo.snapshot().database(16384);
        DbEntryView after = all.snapshot().database(16384);
        assertThat(after.xactCommit()).isGreaterThan(before.xactCommit());
    }

    @Test
    void theCollectorClockIsTheCaptureTime() throws Exception {
        long t = 1_795_617_351_000_000L;
        byte[] cap = TestCaptures.create(TestCaptures.LINK_ETHERNET)
                .record(t / 1_000_000, 250_000, TestCaptures.ethernet(0x0800, TestCaptures.ipv4Udp(9, connect(5))))
                .record(t / 1_000_000 + 1, 0, TestCaptures.ethernet(0x0800, TestCaptures.ipv4Udp(9, inquiry(5))))
                .bytes();
        CaptureReplay.Result r = CaptureReplay.replay(new ByteArrayInputStream(cap), DEFAULT);
        assertThat(r.snapshot().database(5).statResetTimestamp())
                .as("a database entry created by the first datagram is stamped with its capture time")
                .isEqualTo(PgTimestamps.fromUnixMicros(t + 250_000));
        assertThat(r.snapshot().database(5).sessions()).isEqualTo(1);
    }

    @Test
    void onlyTheReceivedCopyOfACookedLoopbackPacketCounts() throws Exception {
        byte[] ip = TestCaptures.ipv4Udp(9, connect(5));
        byte[] cap = TestCaptures.create(TestCaptures.LINK_SLL2)
                .record(1_700_000_000L, 0, TestCaptures.sll2(4, 0x0800, ip))
                .record(1_700_000_000L, 1, TestCaptures.sll2(0, 0x0800, ip))
                .bytes();
        CaptureReplay.Result r = CaptureReplay.replay(new ByteArrayInputStream(cap),
                new CaptureReplay.Options(null, 5, false));
        assertThat(r.snapshot().database(5).sessions()).isEqualTo(1);
        assertThat(r.collectorTotal()).isEqualTo(1);
    }

    @Test
    void trafficThatIsNotSelfAddressedOrHasNoInquiryNeedsChoices() {
        byte[] lo = {127, 0, 0, 1};
        byte[] other = TestCaptures.ipv4(lo, lo, 17, TestCaptures.udp(1000, 2000, connect(5)), 0, 0);
        byte[] none = TestCaptures.create(TestCaptures.LINK_RAW).record(1, 0, other).bytes();
        assertThatThrownBy(() -> CaptureReplay.replay(new ByteArrayInputStream(none), DEFAULT))
                .isInstanceOf(ReplayException.class).hasMessageContaining("give the collector's port with --port");
        byte[] noInquiry = TestCaptures.create(TestCaptures.LINK_RAW).record(1, 0, TestCaptures.ipv4Udp(9, connect(5))).bytes();
        assertThatThrownBy(() -> CaptureReplay.replay(new ByteArrayInputStream(noInquiry), DEFAULT))
                .isInstanceOf(ReplayException.class).hasMessageContaining("choose one with --database");
    }

    @Test
    void malformedDatagramsAreCountedNotFatal() throws Exception {
        byte[] garbage = {1, 2, 3};
        byte[] cap = TestCaptures.create(TestCaptures.LINK_RAW)
                .record(1, 0, TestCaptures.ipv4Udp(9, garbage))
                .record(2, 0, TestCaptures.ipv4Udp(9, inquiry(5))).bytes();
        CaptureReplay.Result r = CaptureReplay.replay(new ByteArrayInputStream(cap), DEFAULT);
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(r.applied()).isEqualTo(1);
        assertThat(r.stopIndex()).isEqualTo(1);
    }
}
