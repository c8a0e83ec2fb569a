package org.pgstat4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Datagrams that a real PostgreSQL 14.23 sent to its collector, copied byte for byte from the
 * {@code pg14-mixed} conformance capture (row numbers are those of its {@code datagrams.tsv},
 * whose decoded columns agree with the records below). Each must pass the gate and decode to
 * the record; encoding the record gives back the same bytes, except padding, which PostgreSQL
 * sends as whatever was in memory and we send as zeros.
 */
class CapturedDatagramsTest {

    /** {@code padding} lists [from, to) ranges that PostgreSQL filled with garbage. */
    record Captured(int row, String hex, StatMessage message, int... padding) {
        @Override
        public String toString() {
            return "row " + row + " " + message.type();
        }
    }

    static List<Captured> rows() {
        return List.of(
                new Captured(1, "180000000c000000ac320000", new ConnectMessage(12972)),
                new Captured(5, "060000000c00000001000000",
                        new ResetSharedCounterMessage(ResetSharedCounterMessage.TARGET_BGWRITER)),
                new Captured(8, "080000000c000000ffffffff", new ResetSlruCounterMessage(-1)),
                new Captured(9, "1900000010000000ac32000001000000",
                        new DisconnectMessage(12972, DisconnectMessage.NORMAL)),
                new Captured(11, "0200000040000000ac320000" + "00".repeat(52),
                        new TabStatMessage(12972, 0, 0, 0, 0, 0, 0, 0, List.of())),
                new Captured(17, "0e00000058000000" + "0000000000000000" + "0100000000000000"
                        + "0300000000000000" + "00".repeat(40) + "0200000000000000" + "0100000000000000",
                        new BgWriterMessage(0, 1, 3, 0, 0, 0, 0, 0, 2, 1)),
                new Captured(18, "0f00000048000000" + "0200000000000000" + "0000000000000000"
                        + "a800000000000000" + "0000000000000000" + "0200000000000000"
                        + "0200000000000000" + "00".repeat(16),
                        new WalMessage(2, 0, 168, 0, 2, 2, 0, 0)),
                new Captured(32, "1000000048000000" + "0600000000000000" + "0000000000000000"
                        + "0400000000000000" + "00".repeat(40),
                        new SlruMessage(6, 0, 4, 0, 0, 0, 0, 0)),
                new Captured(148, "110000009000000000400000040000003e400000fe7f0000d007000000000000"
                        + "55180000000000002a060000000000003c40000000000000d007000000000000"
                        + "d202000000000000d2020000000000003d40000077550000c409000000000000"
                        + "cb13000000000000cb130000000000003f400000000000000100000000000000"
                        + "1d000000000000001d00000000000000",
                        new FuncStatMessage(16384, List.of(
                                new FunctionEntry(16446, 2000, 6229, 1578),
                                new FunctionEntry(16444, 2000, 722, 722),
                                new FunctionEntry(16445, 2500, 5067, 5067),
                                new FunctionEntry(16447, 1, 29, 29))),
                        20, 24, 84, 88),
                new Captured(155, "140000001800000000400000775500000040420000000000",
                        new TempFileMessage(16384, 4_341_760), 12, 16),
                new Captured(171, "0b0000003000000000400000024000000000000000c0b2407a8abd8319040300"
                        + "c0120000000000000000000000000000",
                        new VacuumMessage(16384, 16386, false, 848932561062522L, 4800, 0), 17, 24),
                new Captured(174, "0c00000030000000004000000240000000013cba77550000f79dbd8319040300"
                        + "c0120000000000000000000000000000",
                        new AnalyzeMessage(16384, 16386, false, true, 848932561067511L, 4800, 0), 18, 24),
                new Captured(240, "030000001800000000400000020000005d4000002d400000",
                        new TabPurgeMessage(16384, new int[] {16477, 16429})),
                new Captured(241, "120000001400000000400000010000003f400000",
                        new FuncPurgeMessage(16384, new int[] {16447})),
                // the WAL file name's NUL is followed by stack garbage up to the timestamp
                new Captured(344, "0d0000004000000001303030303030303130303030303030303030303030303031"
                        + "003d71fe7f00002e836fa07755000000010000000000000b564d8419040300",
                        new ArchiverMessage(true, "000000010000000000000001", 848932570486283L), 34, 56));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void realPostgresqlDatagramDecodesToTheRecord(Captured c) {
        byte[] bytes = HexFormat.of().parseHex(c.hex());
        assertThat(bytes).hasSize(c.message().encodedSize());
        ByteBuffer b = ByteBuffer.allocate(1001).order(Wire.ORDER).put(0, bytes);
        assertThat(MessageCodec.validate(b, bytes.length)).isNull();
        assertThat(MessageCodec.decodeValidated(b)).isEqualTo(c.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void encodingTheRecordGivesTheRealBytesWithPaddingZeroed(Captured c) {
        byte[] expected = HexFormat.of().parseHex(c.hex());
        int[] pad = c.padding();
        for (int i = 0; i < pad.length; i += 2) {
            for (int j = pad[i]; j < pad[i + 1]; j++) {
                expected[j] = 0;
            }
        }
        assertThat(HexFormat.of().formatHex(MessageCodec.encode(c.message())))
                .isEqualTo(HexFormat.of().formatHex(expected));
    }
}
