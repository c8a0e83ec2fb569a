package org.pgstat4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PostgreSQL's compile-time check that no message exceeds {@code PGSTAT_MAX_MSG_SIZE} (spec
 * §2.1 step 1, §3.1), as a test: the largest message of every type encodes to at most 1000
 * bytes, and a record that would be larger cannot even be built.
 */
class NoMessageExceeds1000BytesTest {
    private final RandomMessages random = new RandomMessages(new Random(1000));

    @ParameterizedTest
    @EnumSource(StatMsgType.class)
    void largestMessageOfEachTypeFitsInOneDatagram(StatMsgType t) {
        StatMessage largest = random.largest(t);
        byte[] bytes = MessageCodec.encode(largest);
        assertThat(bytes.length).isEqualTo(t.maxSize()).isEqualTo(largest.encodedSize()).isLessThanOrEqualTo(1000);
        assertThat(MessageCodec.validate(ByteBuffer.wrap(bytes).order(Wire.ORDER), bytes.length)).isNull();
    }

    @Test
    void variableTypesReachExactlyTheSpecMaxima() {
        assertThat(MessageCodec.encode(random.largest(StatMsgType.TABSTAT))).hasSize(960);
        assertThat(MessageCodec.encode(random.largest(StatMsgType.FUNCSTAT))).hasSize(976);
        assertThat(MessageCodec.encode(random.largest(StatMsgType.TABPURGE))).hasSize(1000);
        assertThat(MessageCodec.encode(random.largest(StatMsgType.FUNCPURGE))).hasSize(1000);
        assertThat(StatMsgType.TABSTAT.maxEntries()).isEqualTo(8);
        assertThat(StatMsgType.FUNCSTAT.maxEntries()).isEqualTo(30);
        assertThat(StatMsgType.TABPURGE.maxEntries()).isEqualTo(246);
        assertThat(StatMsgType.FUNCPURGE.maxEntries()).isEqualTo(246);
    }

    @Test
    void tabstatWithNineEntriesCannotBeBuilt() {
        TableEntry e = new TableEntry(1, 0, 0, 0, 0, 0, 0, 0, false, 0, 0, 0, 0, 0);
        List<TableEntry> nine = Collections.nCopies(9, e);
        assertThatThrownBy(() -> new TabStatMessage(1, 0, 0, 0, 0, 0, 0, 0, nine))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9");
    }

    @Test
    void funcstatWithThirtyOneEntriesCannotBeBuilt() {
        List<FunctionEntry> n31 = Collections.nCopies(31, new FunctionEntry(1, 1, 1, 1));
        assertThatThrownBy(() -> new FuncStatMessage(1, n31))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("31");
    }

    @Test
    void purgeWith247OidsCannotBeBuilt() {
        assertThatThrownBy(() -> new TabPurgeMessage(1, new int[247]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("247");
        assertThatThrownBy(() -> new FuncPurgeMessage(1, new int[247]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("247");
    }

    @Test
    void namesLongerThanTheirFieldCannotBeBuilt() {
        // NAMEDATALEN 64 and MAX_XFN_CHARS 40 leave room for the NUL
        assertThatThrownBy(() -> ReplSlotMessage.created("s".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ResetReplSlotCounterMessage("s".repeat(64), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiverMessage(false, "0".repeat(41), 0))
                .isInstanceOf(IllegalArgumentException.class);
        // 32 two-byte characters are 64 bytes: too long although only 32 chars
        assertThatThrownBy(() -> ReplSlotMessage.created("é".repeat(32)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
