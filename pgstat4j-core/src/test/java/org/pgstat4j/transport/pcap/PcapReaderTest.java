package org.pgstat4j.transport.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pgstat4j.transport.pcap.TestCaptures.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pgstat4j.catalog.Fixtures;

class PcapReaderTest {
    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5};

    private static List<UdpDatagram> readAll(byte[] capture) throws IOException {
        List<UdpDatagram> out = new ArrayList<>();
        try (PcapReader r = new PcapReader(new ByteArrayInputStream(capture))) {
            for (UdpDatagram d = r.next(); d != null; d = r.next()) {
                out.add(d);
            }
        }
        return out;
    }

    @Test
    void readsTheRealPostgreSQLCapture() throws IOException {
        try (PcapReader r = PcapReader.open(Fixtures.dir("pg14-mixed").resolve("pg14-mixed.pcap").toString())) {
            assertThat(r.linkType()).isEqualTo(1);
            assertThat(r.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            assertThat(r.nanosecondTimestamps()).isFalse();
            UdpDatagram first = r.next();
            assertThat(first.timestampMicros()).isEqualTo(1_795_617_351_732_761L);
            assertThat(first.source()).isEqualTo(InetAddress.getLoopbackAddress());
            assertThat(first.sourcePort()).isEqualTo(32809);
            assertThat(first.destinationPort()).isEqualTo(32809);
            assertThat(first.payload()).hasSize(88);
            assertThat(first.payload()[0]).as("m_type BGWRITER").isEqualTo((byte) 14);
            assertThat(first.recordOffset()).isEqualTo(24);
            int n = 1;
            while (r.next() != null) {
                n++;
            }
            assertThat(n).isEqualTo(519);
            assertThat(r.packetCount()).isEqualTo(519);
            assertThat(r.skippedCount()).isZero();
        }
    }

    @ParameterizedTest
    @CsvSource({"LITTLE_ENDIAN,false", "BIG_ENDIAN,false", "LITTLE_ENDIAN,true", "BIG_ENDIAN,true"})
    void bothByteOrdersAndBothTimestampResolutions(String order, boolean nanos) throws IOException {
        ByteOrder o = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] cap = TestCaptures.create(o, nanos, 65535, LINK_ETHERNET)
                .record(1_700_000_000L, nanos ? 123_456_789L : 123_456L, ethernet(0x0800, ipv4Udp(5000, PAYLOAD)))
                .bytes();
        UdpDatagram d = readAll(cap).getFirst();
        assertThat(d.timestampMicros()).isEqualTo(1_700_000_000_123_456L);
        assertThat(d.payload()).containsExactly(PAYLOAD);
    }

    @Test
    void everyLinkTypeYieldsTheSamePayload() throws IOException {
        byte[] v4 = ipv4Udp(7000, PAYLOAD);
        byte[] v6 = ipv6Udp(7000, 7000, PAYLOAD, false);
        List<byte[]> captures = List.of(
                TestCaptures.create(LINK_ETHERNET).record(1, 0, ethernet(0x0800, v4)).bytes(),
                TestCaptures.create(LINK_ETHERNET).record(1, 0, ethernet(0x86DD, v6, 10, 20)).bytes(),
                TestCaptures.create(LINK_SLL).record(1, 0, sll(0, 0x0800, v4)).bytes(),
                TestCaptures.create(LINK_SLL2).record(1, 0, sll2(0, 0x86DD, v6)).bytes(),
                TestCaptures.create(LINK_RAW).record(1, 0, v4).bytes(),
                TestCaptures.create(LINK_RAW).record(1, 0, v6).bytes(),
                TestCaptures.create(LINK_IPV4).record(1, 0, v4).bytes(),
                TestCaptures.create(LINK_IPV6).record(1, 0, v6).bytes(),
                TestCaptures.create(LINK_NULL).record(1, 0, bsdNull(2, v4)).bytes(),
                TestCaptures.create(LINK_NULL).record(1, 0, bsdNull(30, v6)).bytes());
        for (byte[] c : captures) {
            List<UdpDatagram> all = readAll(c);
            assertThat(all).hasSize(1);
            assertThat(all.getFirst().payload()).containsExactly(PAYLOAD);
            assertThat(all.getFirst().destinationPort()).isEqualTo(7000);
            assertThat(all.getFirst().outgoing()).isFalse();
        }
    }

    @Test
    void cookedCapturesMarkOutgoingCopies() throws IOException {
        byte[] v4 = ipv4Udp(7000, PAYLOAD);
        assertThat(readAll(TestCaptures.create(LINK_SLL).record(1, 0, sll(4, 0x0800, v4))
                .record(1, 1, sll(0, 0x0800, v4)).bytes()))
                .extracting(UdpDatagram::outgoing).containsExactly(true, false);
        assertThat(readAll(TestCaptures.create(LINK_SLL2).record(1, 0, sll2(4, 0x0800, v4)).bytes()))
                .extracting(UdpDatagram::outgoing).containsExactly(true);
    }

    @Test
    void headerLengthsComeFromIpNotFromTheFrame() throws IOException {
        byte[] lo = {127, 0, 0, 1};
        byte[] withOptions = ipv4(lo, lo, 17, udp(1, 2, PAYLOAD), 2, 0);
        byte[] padded = Arrays.copyOf(ethernet(0x0800, ipv4Udp(3, new byte[0])), 60);
        byte[] cap = TestCaptures.create(LINK_ETHERNET)
                .record(1, 0, ethernet(0x0800, withOptions))
                .record(1, 0, padded)
                .record(1, 0, ethernet(0x86DD, ipv6Udp(9, 9, PAYLOAD, true)))
                .bytes();
        List<UdpDatagram> all = readAll(cap);
        assertThat(all.get(0).payload()).containsExactly(PAYLOAD);
        assertThat(all.get(1).payload()).isEmpty();
        assertThat(all.get(2).payload()).containsExactly(PAYLOAD);
    }

    @Test
    void nonUdpFragmentsAndCutPacketsAreSkippedAndCounted() throws IOException {
        byte[] lo = {127, 0, 0, 1};
        byte[] tcp = ipv4(lo, lo, 6, new byte[20], 0, 0);
        byte[] firstFragment = ipv4(lo, lo, 17, udp(1, 1, PAYLOAD), 0, 0x2000);
        byte[] laterFragment = ipv4(lo, lo, 17, new byte[16], 0, 0x0002);
        byte[] cut = Arrays.copyOf(ethernet(0x0800, ipv4Udp(4, PAYLOAD)), 30);
        byte[] arp = ethernet(0x0806, new byte[28]);
        byte[] cap = TestCaptures.create(LINK_ETHERNET)
                .record(1, 0, ethernet(0x0800, tcp)).record(1, 0, ethernet(0x0800, firstFragment))
                .record(1, 0, ethernet(0x0800, laterFragment)).record(1, 0, cut).record(1, 0, arp)
                .record(2, 0, ethernet(0x0800, ipv4Udp(8, PAYLOAD))).bytes();
        try (PcapReader r = new PcapReader(new ByteArrayInputStream(cap))) {
            UdpDatagram d = r.next();
            assertThat(d.sourcePort()).isEqualTo(8);
            assertThat(r.next()).isNull();
            assertThat(r.packetCount()).isEqualTo(6);
            assertThat(r.skippedCount()).isEqualTo(5);
        }
    }

    @Test
    void badCapturesNameTheOffsetAndTheProblem() {
        byte[] good = TestCaptures.create(LINK_ETHERNET).record(1, 0, ethernet(0x0800, ipv4Udp(1, PAYLOAD)))
                .record(2, 0, ethernet(0x0800, ipv4Udp(1, PAYLOAD))).bytes();
        int firstRecordEnd = 24 + 16 + 14 + 20 + 8 + PAYLOAD.length;

        assertThatThrownBy(() -> readAll(new byte[0])).isInstanceOf(PcapFormatException.class)
                .hasMessage("pcap: empty capture: no pcap global header (at byte offset 0)");
        assertThatThrownBy(() -> readAll("not a capture at all, really".getBytes()))
                .hasMessage("pcap: bad magic number 0x6e6f7420: not a pcap capture (at byte offset 0)");
        assertThatThrownBy(() -> readAll(new byte[] {0x0A, 0x0D, 0x0D, 0x0A, 0, 0, 0, 0}))
                .hasMessageContaining("pcapng");
        assertThatThrownBy(() -> readAll(Arrays.copyOf(good, 10)))
                .hasMessage("pcap: truncated global header: 10 of 24 bytes (at byte offset 10)");
        assertThatThrownBy(() -> readAll(Arrays.copyOf(good, firstRecordEnd + 7)))
                .isInstanceOf(PcapFormatException.class)
                .hasMessage("pcap: truncated record header: 7 of 16 bytes (at byte offset " + firstRecordEnd + ")")
                .extracting(e -> ((PcapFormatException) e).offset()).isEqualTo((long) firstRecordEnd);
        assertThatThrownBy(() -> readAll(Arrays.copyOf(good, firstRecordEnd + 16 + 5)))
                .hasMessage("pcap: truncated record: 5 of 47 packet bytes present (at byte offset "
                        + (firstRecordEnd + 16) + ")");
        byte[] small = TestCaptures.create(ByteOrder.LITTLE_ENDIAN, false, 40, LINK_ETHERNET)
                .record(1, 0, ethernet(0x0800, ipv4Udp(1, PAYLOAD))).bytes();
        assertThatThrownBy(() -> readAll(small))
                .hasMessage("pcap: record length 47 exceeds the snapshot length 40 (at byte offset 32)");
        byte[] badFraction = TestCaptures.create(LINK_ETHERNET).record(1, 1_000_000, new byte[0]).bytes();
        assertThatThrownBy(() -> readAll(badFraction)).hasMessageContaining("timestamp fraction 1000000 µs");
        byte[] unknownLink = TestCaptures.create(ByteOrder.LITTLE_ENDIAN, false, 100, 147).bytes();
        assertThatThrownBy(() -> readAll(unknownLink)).hasMessageContaining("unsupported link type 147")
                .hasMessageContaining("(at byte offset 20)");
    }
}
