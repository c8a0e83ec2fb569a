package org.pgstat4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sizes derived from the records' layouts are the spec's (§3.2): fixed kinds at their
 * struct size; variable kinds as header + entry × n with the spec's maximum n. A field
 * declared out of order or with the wrong width shifts these sizes and fails here.
 */
class MessageLayoutTest {
    /** Spec §3.2: size of each fixed kind, or header size of each variable kind. */
    private static final Map<StatMsgType, Integer> SPEC_SIZE = Map.ofEntries(
            Map.entry(StatMsgType.DUMMY, 8), Map.entry(StatMsgType.INQUIRY, 32),
            Map.entry(StatMsgType.TABSTAT, 64), Map.entry(StatMsgType.TABPURGE, 16),
            Map.entry(StatMsgType.DROPDB, 12), Map.entry(StatMsgType.RESETCOUNTER, 12),
            Map.entry(StatMsgType.RESETSHAREDCOUNTER, 12), Map.entry(StatMsgType.RESETSINGLECOUNTER, 20),
            Map.entry(StatMsgType.RESETSLRUCOUNTER, 12), Map.entry(StatMsgType.RESETREPLSLOTCOUNTER, 76),
            Map.entry(StatMsgType.AUTOVAC_START, 24), Map.entry(StatMsgType.VACUUM, 48),
            Map.entry(StatMsgType.ANALYZE, 48), Map.entry(StatMsgType.ARCHIVER, 64),
            Map.entry(StatMsgType.BGWRITER, 88), Map.entry(StatMsgType.WAL, 72),
            Map.entry(StatMsgType.SLRU, 72), Map.entry(StatMsgType.FUNCSTAT, 16),
            Map.entry(StatMsgType.FUNCPURGE, 16), Map.entry(StatMsgType.RECOVERYCONFLICT, 16),
            Map.entry(StatMsgType.TEMPFILE, 24), Map.entry(StatMsgType.DEADLOCK, 12),
            Map.entry(StatMsgType.CHECKSUMFAILURE, 24), Map.entry(StatMsgType.REPLSLOT, 144),
            Map.entry(StatMsgType.CONNECT, 12), Map.entry(StatMsgType.DISCONNECT, 16));

    @Test
    void everyKindHasTheSpecSize() {
        assertThat(SPEC_SIZE.keySet()).containsExactlyInAnyOrder(
                Arrays.stream(StatMsgType.values()).filter(StatMsgType::isPostgreSql).toArray(StatMsgType[]::new));
        for (StatMsgType t : SPEC_SIZE.keySet()) {
            assertThat(t.headerSize()).as("%s", t).isEqualTo(SPEC_SIZE.get(t));
            assertThat(t.code()).as("%s", t).isEqualTo(t.ordinal());
        }
    }

    @Test
    void variableKindsHaveTheSpecEntrySizesAndCounts() {
        assertThat(TableEntry.SIZE).isEqualTo(112);
        assertThat(FunctionEntry.SIZE).isEqualTo(32);
        assertThat(StatMsgType.TABSTAT.maxEntries()).isEqualTo(8);
        assertThat(StatMsgType.FUNCSTAT.maxEntries()).isEqualTo(30);
        assertThat(StatMsgType.TABPURGE.maxEntries()).isEqualTo(246);
        assertThat(StatMsgType.FUNCPURGE.maxEntries()).isEqualTo(246);
        for (StatMsgType t : SPEC_SIZE.keySet()) {
            if (t.isVariable()) {
                assertThat(t.entryCountOffset()).as("%s m_nentries", t).isEqualTo(12);
            } else {
                assertThat(t.entryCountOffset()).as("%s", t).isEqualTo(-1);
            }
        }
    }

    @Test
    void theSequencedEnvelopeIs16BytesAndCarriesAnyPostgresqlKindThatFitsIn984() {
        assertThat(SequencedMessage.CODE).isGreaterThan(StatMsgType.DISCONNECT.code());
        assertThat(SequencedMessage.SENDER).isEqualTo(8);
        assertThat(SequencedMessage.SEQUENCE).isEqualTo(12);
        assertThat(StatMsgType.SEQUENCED.headerSize()).isEqualTo(16);
        assertThat(StatMsgType.SEQUENCED.entryCountOffset()).as("the payload's own m_size").isEqualTo(20);
        assertThat(SequencedMessage.MAX_PAYLOAD).isEqualTo(984);
        assertThat(StatMsgType.SEQUENCED.maxSize()).isEqualTo(Wire.MAX_MSG_SIZE);
        // TABSTAT and FUNCSTAT keep PostgreSQL's counts; the purge lists lose 4 OIDs
        assertThat(StatMsgType.TABSTAT.maxEntriesWithin(984)).isEqualTo(8);
        assertThat(StatMsgType.FUNCSTAT.maxEntriesWithin(984)).isEqualTo(30);
        assertThat(StatMsgType.TABPURGE.maxEntriesWithin(984)).isEqualTo(242);
        assertThat(StatMsgType.FUNCPURGE.maxEntriesWithin(984)).isEqualTo(242);
    }

    @Test
    void layoutAlignsEachFieldToItsOwnSizeAndPadsTheStruct() {
        Layout l = Layout.message();
        assertThat(l.bool()).isEqualTo(8);
        assertThat(l.chars(41)).isEqualTo(9);
        assertThat(l.int64()).as("after 50 bytes, an 8-byte field aligns to 56").isEqualTo(56);
        assertThat(l.size()).isEqualTo(64);

        Layout r = Layout.message();
        assertThat(r.chars(64)).isEqualTo(8);
        assertThat(r.bool()).isEqualTo(72);
        assertThat(r.size()).as("4-byte header alignment only: 73 pads to 76").isEqualTo(76);

        Layout e = Layout.struct();
        assertThat(e.int32()).isZero();
        assertThat(e.int64()).isEqualTo(8);
        assertThat(e.flexibleArray(8)).isEqualTo(16);
    }
}
