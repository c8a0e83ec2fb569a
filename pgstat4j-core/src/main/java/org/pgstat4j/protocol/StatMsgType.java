package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * The 26 message types of PostgreSQL 14's statistics collector protocol (spec §3.2,
 * Appendix B), as data: the wire code, the size rule and the decoder of each.
 *
 * <p>A fixed-size type has {@code entrySize == 0} and is valid only at exactly
 * {@link #headerSize()} bytes; a variable type is valid at {@code headerSize + entrySize * n}
 * for {@code 0 <= n <= maxEntries}. Codes are the C enum ordinals and must never change:
 * they are what real PostgreSQL 14 sends. Our own additions would take codes above 25.
 *
 * <p>The one way to misuse it: renumbering or reordering the types. The codes are what
 * PostgreSQL 14 sends; additions take codes above 25.
 */
public enum StatMsgType {
    DUMMY(0, 8, DummyMessage::decode),
    INQUIRY(1, 32, InquiryMessage::decode),
    TABSTAT(2, 64, 112, 8, TabStatMessage::decode),
    TABPURGE(3, 16, 4, 246, TabPurgeMessage::decode),
    DROPDB(4, 12, DropDbMessage::decode),
    RESETCOUNTER(5, 12, ResetCounterMessage::decode),
    RESETSHAREDCOUNTER(6, 12, ResetSharedCounterMessage::decode),
    RESETSINGLECOUNTER(7, 20, ResetSingleCounterMessage::decode),
    RESETSLRUCOUNTER(8, 12, ResetSlruCounterMessage::decode),
    RESETREPLSLOTCOUNTER(9, 76, ResetReplSlotCounterMessage::decode),
    AUTOVAC_START(10, 24, AutovacStartMessage::decode),
    VACUUM(11, 48, VacuumMessage::decode),
    ANALYZE(12, 48, AnalyzeMessage::decode),
    ARCHIVER(13, 64, ArchiverMessage::decode),
    BGWRITER(14, 88, BgWriterMessage::decode),
    WAL(15, 72, WalMessage::decode),
    SLRU(16, 72, SlruMessage::decode),
    FUNCSTAT(17, 16, 32, 30, FuncStatMessage::decode),
    FUNCPURGE(18, 16, 4, 246, FuncPurgeMessage::decode),
    RECOVERYCONFLICT(19, 16, RecoveryConflictMessage::decode),
    TEMPFILE(20, 24, TempFileMessage::decode),
    DEADLOCK(21, 12, DeadlockMessage::decode),
    CHECKSUMFAILURE(22, 24, ChecksumFailureMessage::decode),
    REPLSLOT(23, 144, ReplSlotMessage::decode),
    CONNECT(24, 12, ConnectMessage::decode),
    DISCONNECT(25, 16, DisconnectMessage::decode);

    private static final StatMsgType[] BY_CODE = values();

    private final int code;
    private final int headerSize;
    private final int entrySize;
    private final int maxEntries;
    private final Function<ByteBuffer, StatMessage> decoder;

    StatMsgType(int code, int size, Function<ByteBuffer, StatMessage> decoder) {
        this(code, size, 0, 0, decoder);
    }

    StatMsgType(int code, int headerSize, int entrySize, int maxEntries,
                Function<ByteBuffer, StatMessage> decoder) {
        this.code = code;
        this.headerSize = headerSize;
        this.entrySize = entrySize;
        this.maxEntries = maxEntries;
        this.decoder = decoder;
    }

    /** The wire value of {@code m_type}. */
    public int code() {
        return code;
    }

    /** Size of a fixed message, or of the part before the entry array of a variable one. */
    public int headerSize() {
        return headerSize;
    }

    /** Size of one array entry; 0 for fixed-size types. */
    public int entrySize() {
        return entrySize;
    }

    /** Largest entry count that fits in {@link Wire#MAX_MSG_SIZE}; 0 for fixed-size types. */
    public int maxEntries() {
        return maxEntries;
    }

    public boolean isVariable() {
        return entrySize > 0;
    }

    /** Exact datagram length for a message of this type carrying {@code entries} entries. */
    public int sizeFor(int entries) {
        return headerSize + entrySize * entries;
    }

    /** Largest datagram this type can produce. */
    public int maxSize() {
        return sizeFor(maxEntries);
    }

    /** The type for a wire code, or {@code null} if PostgreSQL 14 has no such type. */
    public static StatMsgType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    StatMessage decodeBody(ByteBuffer datagram) {
        return decoder.apply(datagram);
    }
}
