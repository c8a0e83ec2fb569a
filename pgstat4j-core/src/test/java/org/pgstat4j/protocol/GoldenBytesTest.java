package org.pgstat4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.protocol.LeBytes.datagram;
import static org.pgstat4j.protocol.LeBytes.hex;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every PostgreSQL 14 message type, byte for byte (spec §3.1–3.2, Appendix B): the expected
 * datagram is typed in from the spec's offset tables with literal offsets, and must equal what
 * {@link MessageCodec#encode} produces — padding included, which we always send as zero — and
 * must decode back to the same record.
 *
 * <p>Field values are distinct from each other and use high bits (OIDs above 2^31, negative
 * counters), so a swapped offset, a wrong width or a byte-order slip changes the bytes.
 */
class GoldenBytesTest {
    /** OIDs above 2^31 travel as negative ints; good values for unsigned handling. */
    private static final int DB = 0xDEADBEEF;
    private static final int REL = 0x80000001;

    record Golden(String name, StatMessage message, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Golden golden(String name, StatMessage m, LeBytes expected) {
        return new Golden(name, m, expected.bytes());
    }

    static List<Golden> cases() {
        String wal = "000000010000000000000001.00000028.backup"; // 40 chars: MAX_XFN_CHARS
        String longSlot = "s".repeat(63); // NAMEDATALEN - 1: the longest name, its NUL at 71
        return List.of(
                golden("DUMMY", new DummyMessage(), datagram(0, 8)),
                golden("INQUIRY", new InquiryMessage(0x0102030405060708L, -2L, DB),
                        datagram(1, 32).i64(8, 0x0102030405060708L).i64(16, -2L).i32(24, DB)),
                tabstatWithTwoEntries(),
                // the shape of a flush that carries only transaction counts and session times
                golden("TABSTAT without entries",
                        new TabStatMessage(12972, 1, 0, 0, 0, 1_500_000, 1_000, 10, List.of()),
                        datagram(2, 64).i32(8, 12972).i32(16, 1)
                                .i64(40, 1_500_000).i64(48, 1_000).i64(56, 10)),
                golden("TABPURGE", new TabPurgeMessage(DB, new int[] {16384, REL, 3}),
                        datagram(3, 16 + 3 * 4).i32(8, DB).i32(12, 3)
                                .i32(16, 16384).i32(20, REL).i32(24, 3)),
                golden("DROPDB", new DropDbMessage(DB), datagram(4, 12).i32(8, DB)),
                golden("RESETCOUNTER", new ResetCounterMessage(DB), datagram(5, 12).i32(8, DB)),
                golden("RESETSHAREDCOUNTER",
                        new ResetSharedCounterMessage(ResetSharedCounterMessage.TARGET_WAL),
                        datagram(6, 12).i32(8, 2)),
                golden("RESETSINGLECOUNTER",
                        new ResetSingleCounterMessage(DB, ResetSingleCounterMessage.RESET_FUNCTION, REL),
                        datagram(7, 20).i32(8, DB).i32(12, 1).i32(16, REL)),
                golden("RESETSLRUCOUNTER", new ResetSlruCounterMessage(ResetSlruCounterMessage.ALL),
                        datagram(8, 12).i32(8, -1)),
                golden("RESETREPLSLOTCOUNTER one slot",
                        new ResetReplSlotCounterMessage("regression_slot", false),
                        datagram(9, 76).str(8, "regression_slot").u8(72, 0)),
                golden("RESETREPLSLOTCOUNTER all slots", new ResetReplSlotCounterMessage("", true),
                        datagram(9, 76).u8(72, 1)),
                golden("AUTOVAC_START", new AutovacStartMessage(DB, 0x0A0B0C0D0E0F1011L),
                        datagram(10, 24).i32(8, DB).i64(16, 0x0A0B0C0D0E0F1011L)),
                golden("VACUUM", new VacuumMessage(DB, REL, true, 0x1234567890L, 1001, 1002),
                        datagram(11, 48).i32(8, DB).i32(12, REL).u8(16, 1)
                                .i64(24, 0x1234567890L).i64(32, 1001).i64(40, 1002)),
                golden("ANALYZE", new AnalyzeMessage(DB, REL, false, true, 0x1234567890L, 2001, 2002),
                        datagram(12, 48).i32(8, DB).i32(12, REL).u8(16, 0).u8(17, 1)
                                .i64(24, 0x1234567890L).i64(32, 2001).i64(40, 2002)),
                golden("ARCHIVER", new ArchiverMessage(true, wal, -3L),
                        datagram(13, 64).u8(8, 1).str(9, wal).i64(56, -3L)),
                golden("BGWRITER", new BgWriterMessage(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
                        datagram(14, 88).i64(8, 1).i64(16, 2).i64(24, 3).i64(32, 4).i64(40, 5)
                                .i64(48, 6).i64(56, 7).i64(64, 8).i64(72, 9).i64(80, 10)),
                // wal_bytes is unsigned: -1 stands for 2^64-1 bytes
                golden("WAL", new WalMessage(1, 2, -1L, 4, 5, 6, 7, 8),
                        datagram(15, 72).i64(8, 1).i64(16, 2).i64(24, -1L).i64(32, 4).i64(40, 5)
                                .i64(48, 6).i64(56, 7).i64(64, 8)),
                golden("SLRU", new SlruMessage(7, 2, 3, 4, 5, 6, 7, 8),
                        datagram(16, 72).i64(8, 7).i64(16, 2).i64(24, 3).i64(32, 4).i64(40, 5)
                                .i64(48, 6).i64(56, 7).i64(64, 8)),
                golden("FUNCSTAT", new FuncStatMessage(DB, List.of(
                                new FunctionEntry(REL, 5, 6000, 4000),
                                new FunctionEntry(16400, 7, -1, 0x100000000L))),
                        datagram(17, 16 + 2 * 32).i32(8, DB).i32(12, 2)
                                .i32(16, REL).i64(24, 5).i64(32, 6000).i64(40, 4000)
                                .i32(48, 16400).i64(56, 7).i64(64, -1).i64(72, 0x100000000L)),
                golden("FUNCPURGE", new FuncPurgeMessage(DB, new int[] {REL}),
                        datagram(18, 20).i32(8, DB).i32(12, 1).i32(16, REL)),
                golden("RECOVERYCONFLICT",
                        new RecoveryConflictMessage(DB, RecoveryConflictMessage.REASON_SNAPSHOT),
                        datagram(19, 16).i32(8, DB).i32(12, 9)),
                // m_filesize is size_t: the high bit must survive
                golden("TEMPFILE", new TempFileMessage(DB, 0x8000000000000010L),
                        datagram(20, 24).i32(8, DB).i64(16, 0x8000000000000010L)),
                golden("DEADLOCK", new DeadlockMessage(DB), datagram(21, 12).i32(8, DB)),
                golden("CHECKSUMFAILURE", new ChecksumFailureMessage(DB, 3, 0x0102030405060708L),
                        datagram(22, 24).i32(8, DB).i32(12, 3).i64(16, 0x0102030405060708L)),
                golden("REPLSLOT counters",
                        new ReplSlotMessage(longSlot, false, false, 1, 2, 3, 4, 5, 6, 7, 8),
                        datagram(23, 144).str(8, longSlot).u8(72, 0).u8(73, 0)
                                .i64(80, 1).i64(88, 2).i64(96, 3).i64(104, 4).i64(112, 5)
                                .i64(120, 6).i64(128, 7).i64(136, 8)),
                golden("REPLSLOT create", ReplSlotMessage.created("regression_slot"),
                        datagram(23, 144).str(8, "regression_slot").u8(72, 1)),
                golden("REPLSLOT drop", ReplSlotMessage.dropped("regression_slot"),
                        datagram(23, 144).str(8, "regression_slot").u8(73, 1)),
                golden("CONNECT", new ConnectMessage(DB), datagram(24, 12).i32(8, DB)),
                golden("DISCONNECT", new DisconnectMessage(DB, DisconnectMessage.KILLED),
                        datagram(25, 16).i32(8, DB).i32(12, 4)),
                // pgstat4j's own: a DEADLOCK behind sender 0x80000002's sequence number 2^32-1
                golden("SEQUENCED", new SequencedMessage(0x80000002, -1,
                                datagram(21, 12).i32(8, DB).bytes()),
                        datagram(100, 16 + 12).i32(8, 0x80000002).i32(12, -1)
                                .i32(16, 21).i32(20, 12).i32(24, DB)));
    }

    private static Golden tabstatWithTwoEntries() {
        TableEntry e1 = new TableEntry(REL, 11, 12, 13, 14, 15, 16, 17, true, -18, -19, 20, 21, 22);
        TableEntry e2 = new TableEntry(16384, Long.MAX_VALUE, 32, 33, 34, 35, 36, 37, false,
                38, 39, 40, 41, Long.MIN_VALUE);
        TabStatMessage m = new TabStatMessage(DB, 3, 4, 0x1111L, 0x2222L, 0x3333L, 0x4444L, 0x5555L,
                List.of(e1, e2));
        LeBytes b = datagram(2, 64 + 2 * 112)
                .i32(8, DB).i32(12, 2).i32(16, 3).i32(20, 4)
                .i64(24, 0x1111L).i64(32, 0x2222L).i64(40, 0x3333L).i64(48, 0x4444L).i64(56, 0x5555L);
        int at = 64;
        b.i32(at, REL).i64(at + 8, 11).i64(at + 16, 12).i64(at + 24, 13).i64(at + 32, 14)
                .i64(at + 40, 15).i64(at + 48, 16).i64(at + 56, 17).u8(at + 64, 1)
                .i64(at + 72, -18).i64(at + 80, -19).i64(at + 88, 20).i64(at + 96, 21).i64(at + 104, 22);
        at = 64 + 112;
        b.i32(at, 16384).i64(at + 8, Long.MAX_VALUE).i64(at + 16, 32).i64(at + 24, 33)
                .i64(at + 32, 34).i64(at + 40, 35).i64(at + 48, 36).i64(at + 56, 37).u8(at + 64, 0)
                .i64(at + 72, 38).i64(at + 80, 39).i64(at + 88, 40).i64(at + 96, 41)
                .i64(at + 104, Long.MIN_VALUE);
        return golden("TABSTAT with two entries", m, b);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encodesToTheSpecBytesAndDecodesBack(Golden g) {
        byte[] encoded = MessageCodec.encode(g.message());
        assertThat(hex(encoded)).as("encoding of %s", g.message()).isEqualTo(hex(g.bytes()));
        assertThat(MessageCodec.decode(g.bytes())).isEqualTo(g.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void paddingIsZeroEvenInAReusedDirtyBuffer(Golden g) {
        ByteBuffer dirty = Wire.newBuffer();
        for (int i = 0; i < dirty.capacity(); i++) {
            dirty.put(i, (byte) 0xA5);
        }
        int n = MessageCodec.encode(g.message(), dirty);
        byte[] sent = new byte[n];
        dirty.get(0, sent);
        assertThat(hex(sent)).isEqualTo(hex(g.bytes()));
        assertThat(dirty.position()).isZero();
        assertThat(dirty.limit()).isEqualTo(g.bytes().length);
    }

    @Test
    void everyTypeHasAGoldenCase() {
        Set<StatMsgType> covered = EnumSet.noneOf(StatMsgType.class);
        for (Golden g : cases()) {
            covered.add(g.message().type());
        }
        assertThat(covered).containsExactlyInAnyOrder(StatMsgType.values());
    }

    @Test
    void replslotCreateIgnoresTheUninitialisedCountersPostgresqlSends() {
        // PostgreSQL leaves the counters of a create/drop message uninitialised (spec §3.2)
        byte[] fromPostgres = datagram(23, 144).str(8, "slot").u8(72, 1)
                .i64(80, 0x5A5A5A5A5A5A5A5AL).i64(136, -1).bytes();
        assertThat(MessageCodec.decode(fromPostgres)).isEqualTo(ReplSlotMessage.created("slot"));
    }

    @Test
    void resetreplslotcounterForAllIgnoresTheUninitialisedName() {
        byte[] fromPostgres = datagram(9, 76).str(8, "garbage").u8(72, 1).bytes();
        assertThat(MessageCodec.decode(fromPostgres)).isEqualTo(new ResetReplSlotCounterMessage("", true));
    }

    @Test
    void nameBytesThatAreNotUtf8DecodeWithoutThrowing() {
        // U+FFFD takes 3 bytes: 40 bad bytes must not become a 120-byte WAL file name that the
        // record then refuses (found by CodecFuzzTest)
        LeBytes archiver = datagram(13, 64).u8(8, 1);
        for (int i = 0; i < 40; i++) {
            archiver.u8(9 + i, 0x80);
        }
        assertThat(MessageCodec.decode(archiver.bytes()))
                .isEqualTo(new ArchiverMessage(true, "?".repeat(40), 0));
        LeBytes slot = datagram(23, 144).u8(72, 1).str(8, "ok");
        for (int i = 2; i < 63; i++) {
            slot.u8(8 + i, 0xFF);
        }
        assertThat(MessageCodec.decode(slot.bytes()))
                .isEqualTo(ReplSlotMessage.created("ok" + "?".repeat(61)));
    }

    @Test
    void paddingSentByPostgresqlIsIgnored() {
        // PostgreSQL sends its padding bytes as whatever was in memory (spec §3.1)
        byte[] vacuum = datagram(11, 48).i32(8, 5).i32(12, 16384).u8(16, 1)
                .u8(17, 0x7F).i32(20, -1).i64(24, 100).i64(32, 2).i64(40, 3).bytes();
        assertThat(MessageCodec.decode(vacuum)).isEqualTo(new VacuumMessage(5, 16384, true, 100, 2, 3));
        byte[] entry = datagram(17, 48).i32(8, 5).i32(12, 1).i32(16, 700).i32(20, 0x55555555)
                .i64(24, 1).i64(32, 2).i64(40, 3).bytes();
        assertThat(MessageCodec.decode(entry))
                .isEqualTo(new FuncStatMessage(5, List.of(new FunctionEntry(700, 1, 2, 3))));
    }

    @Test
    void typeCodesAndSizesAreAppendixB() {
        String[] names = {"DUMMY", "INQUIRY", "TABSTAT", "TABPURGE", "DROPDB", "RESETCOUNTER",
            "RESETSHAREDCOUNTER", "RESETSINGLECOUNTER", "RESETSLRUCOUNTER", "RESETREPLSLOTCOUNTER",
            "AUTOVAC_START", "VACUUM", "ANALYZE", "ARCHIVER", "BGWRITER", "WAL", "SLRU", "FUNCSTAT",
            "FUNCPURGE", "RECOVERYCONFLICT", "TEMPFILE", "DEADLOCK", "CHECKSUMFAILURE", "REPLSLOT",
            "CONNECT", "DISCONNECT"};
        // "size sent" column of spec table 3.2; for variable types the size with no entries
        int[] sizes = {8, 32, 64, 16, 12, 12, 12, 20, 12, 76, 24, 48, 48, 64, 88, 72, 72, 16, 16,
            16, 24, 12, 24, 144, 12, 16};
        assertThat(StatMsgType.values()).filteredOn(StatMsgType::isPostgreSql).hasSize(26);
        for (int code = 0; code < 26; code++) {
            StatMsgType t = StatMsgType.fromCode(code);
            assertThat(t).as("code %d", code).isNotNull();
            assertThat(t.name()).as("code %d", code).isEqualTo(names[code]);
            assertThat(t.code()).isEqualTo(code);
            assertThat(t.headerSize()).as("%s", t).isEqualTo(sizes[code]);
        }
        assertThat(StatMsgType.fromCode(26)).isNull();
        assertThat(StatMsgType.fromCode(99)).isNull();
        assertThat(StatMsgType.fromCode(100)).isEqualTo(StatMsgType.SEQUENCED);
        assertThat(StatMsgType.fromCode(101)).isNull();
        assertThat(StatMsgType.fromCode(-1)).isNull();
        assertThat(StatMsgType.TABSTAT.entrySize()).isEqualTo(112);
        assertThat(StatMsgType.TABPURGE.entrySize()).isEqualTo(4);
        assertThat(StatMsgType.FUNCSTAT.entrySize()).isEqualTo(32);
        assertThat(StatMsgType.FUNCPURGE.entrySize()).isEqualTo(4);
    }
}
