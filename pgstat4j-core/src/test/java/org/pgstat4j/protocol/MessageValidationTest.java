package org.pgstat4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pgstat4j.protocol.LeBytes.datagram;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The collector's gate (spec §3.4, §10.3 item 20): PostgreSQL 14's own three checks, then our
 * hardening, which must never refuse a well-formed PostgreSQL 14 message. Datagrams are built
 * by hand with the spec's offsets; each test names the rule it guards.
 */
class MessageValidationTest {

    /** Validates {@code bytes} as a datagram received into a 1001-byte buffer, as the collector does. */
    private static RejectReason validate(byte[] bytes) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(bytes.length, 1001)).order(Wire.ORDER);
        b.put(0, bytes);
        return MessageCodec.validate(b, bytes.length);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 7})
    void datagramShorterThanTheHeaderIsRejected(int length) {
        byte[] bytes = LeBytes.raw(length).bytes();
        assertThat(validate(bytes)).isEqualTo(RejectReason.SHORT);
        assertThatThrownBy(() -> MessageCodec.decode(bytes))
                .isInstanceOfSatisfying(MalformedMessageException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.SHORT));
    }

    @Test
    void sizeFieldThatDisagreesWithTheReceivedLengthIsRejected() {
        // a DROPDB claiming 16 bytes but 12 received, and the reverse
        assertThat(validate(LeBytes.raw(12).i32(0, 4).i32(4, 16).bytes())).isEqualTo(RejectReason.SIZE_MISMATCH);
        assertThat(validate(LeBytes.raw(16).i32(0, 4).i32(4, 12).bytes())).isEqualTo(RejectReason.SIZE_MISMATCH);
        // header only, size 0
        assertThat(validate(LeBytes.raw(8).bytes())).isEqualTo(RejectReason.SIZE_MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(ints = {26, -1, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void unknownTypeIsRejected(int type) {
        byte[] bytes = datagram(type, 12).i32(8, 5).bytes();
        assertThat(validate(bytes)).isEqualTo(RejectReason.UNKNOWN_TYPE);
        assertThatThrownBy(() -> MessageCodec.decode(bytes)).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void datagramOver1000BytesIsRejected() {
        // a TABPURGE of 1001 bytes whose header agrees with its length: still too long
        byte[] bytes = datagram(3, 1001).i32(8, 5).i32(12, 246).bytes();
        assertThat(validate(bytes)).isEqualTo(RejectReason.TOO_LONG);
        // a 1000-byte one with 246 entries is PostgreSQL's largest and passes
        assertThat(validate(datagram(3, 1000).i32(8, 5).i32(12, 246).bytes())).isNull();
    }

    @Test
    void fixedSizeTypeWithAnotherLengthIsRejected() {
        assertThat(validate(datagram(4, 16).i32(8, 5).bytes())).isEqualTo(RejectReason.BAD_LENGTH);
        assertThat(validate(datagram(4, 8).bytes())).isEqualTo(RejectReason.BAD_LENGTH);
        assertThat(validate(datagram(1, 28).bytes())).isEqualTo(RejectReason.BAD_LENGTH);
        assertThat(validate(datagram(0, 12).bytes())).isEqualTo(RejectReason.BAD_LENGTH);
        assertThat(validate(datagram(23, 143).bytes())).isEqualTo(RejectReason.BAD_LENGTH);
    }

    @ParameterizedTest
    @EnumSource(StatMsgType.class)
    void everyFixedSizeTypeIsAcceptedOnlyAtItsExactSize(StatMsgType t) {
        if (t.isVariable()) {
            return;
        }
        for (int length = 8; length <= 200; length++) {
            byte[] bytes = datagram(t.code(), length).bytes();
            RejectReason expected = length == t.headerSize() ? null : RejectReason.BAD_LENGTH;
            assertThat(validate(bytes)).as("%s at %d bytes", t, length).isEqualTo(expected);
        }
    }

    @Test
    void variableTypeWithALengthBetweenEntriesIsRejected() {
        // 64 + 112 + 1: not a whole number of table entries
        assertThat(validate(datagram(2, 177).i32(12, 1).bytes())).isEqualTo(RejectReason.BAD_LENGTH);
        // shorter than TABSTAT's fixed part
        assertThat(validate(datagram(2, 60).bytes())).isEqualTo(RejectReason.BAD_LENGTH);
        assertThat(validate(datagram(17, 16 + 31).i32(12, 1).bytes())).isEqualTo(RejectReason.BAD_LENGTH);
        assertThat(validate(datagram(18, 18).i32(12, 0).bytes())).isEqualTo(RejectReason.BAD_LENGTH);
        assertThat(validate(datagram(3, 12).bytes())).isEqualTo(RejectReason.BAD_LENGTH);
    }

    @Test
    void tabstatWhoseEntryCountDisagreesWithItsLengthIsRejected() {
        // two entries' worth of bytes, but m_nentries says 3, 1, -1, 9
        for (int n : new int[] {3, 1, -1, 9, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            byte[] bytes = datagram(2, 64 + 2 * 112).i32(8, 5).i32(12, n).bytes();
            assertThat(validate(bytes)).as("m_nentries %d", n).isEqualTo(RejectReason.BAD_ENTRY_COUNT);
        }
        assertThat(validate(datagram(2, 64 + 2 * 112).i32(8, 5).i32(12, 2).bytes())).isNull();
    }

    @Test
    void purgeAndFuncstatWhoseEntryCountDisagreesWithTheirLengthAreRejected() {
        assertThat(validate(datagram(3, 20).i32(12, 2).bytes())).isEqualTo(RejectReason.BAD_ENTRY_COUNT);
        assertThat(validate(datagram(18, 20).i32(12, 0).bytes())).isEqualTo(RejectReason.BAD_ENTRY_COUNT);
        assertThat(validate(datagram(17, 48).i32(12, -1).bytes())).isEqualTo(RejectReason.BAD_ENTRY_COUNT);
        assertThat(validate(datagram(17, 16).i32(12, 30).bytes())).isEqualTo(RejectReason.BAD_ENTRY_COUNT);
    }

    @ParameterizedTest
    @ValueSource(longs = {8, -1, 9, Long.MAX_VALUE, Long.MIN_VALUE, 0x100000000L})
    void slruIndexOutsideTheEightSlotsIsRejected(long index) {
        byte[] bytes = datagram(16, 72).i64(8, index).bytes();
        assertThat(validate(bytes)).isEqualTo(RejectReason.BAD_SLRU_INDEX);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 6, 7})
    void slruIndexOfEachSlotIsAccepted(long index) {
        assertThat(validate(datagram(16, 72).i64(8, index).bytes())).isNull();
    }

    @Test
    void fullTabstatOf960BytesIsAccepted() {
        byte[] bytes = datagram(2, 960).i32(8, 5).i32(12, 8).bytes();
        assertThat(validate(bytes)).isNull();
        assertThat(((TabStatMessage) MessageCodec.decode(bytes)).entries()).hasSize(8);
    }

    @Test
    void fullFuncstatOf976BytesIsAccepted() {
        byte[] bytes = datagram(17, 976).i32(8, 5).i32(12, 30).bytes();
        assertThat(validate(bytes)).isNull();
        assertThat(((FuncStatMessage) MessageCodec.decode(bytes)).entries()).hasSize(30);
    }

    @Test
    void everyWellFormedMessageIsAccepted() {
        // the hardening must never refuse what PostgreSQL 14 itself sends
        long seed = new Random().nextLong();
        RandomMessages random = new RandomMessages(new Random(seed));
        for (StatMsgType t : StatMsgType.values()) {
            for (int n = 0; n <= t.maxEntries(); n++) {
                byte[] bytes = MessageCodec.encode(random.of(t, n));
                assertThat(validate(bytes)).as("seed %d: %s with %d entries", seed, t, n).isNull();
            }
        }
    }
}
