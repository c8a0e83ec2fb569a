package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * The 26 message kinds of PostgreSQL 14's statistics collector protocol (spec §3.2,
 * Appendix B), and pgstat4j's own kinds numbered above them ({@link #SEQUENCED}), as data: one row per kind with its wire code, its size rule, its decoder and
 * any check beyond the size rule. Everything else about a kind lives in its record (fields,
 * layout, encoding, decoding); the collector binds each kind to the handler that applies it.
 * {@link MessageCodec} knows no kind by name.
 *
 * <p>Size rules come from the records' layouts, never written here: a fixed-size kind is valid
 * only at exactly {@link #headerSize()} bytes; a variable kind is valid at
 * {@code headerSize + entrySize * n} for {@code 0 <= n <= maxEntries}, with {@code n} stored at
 * {@link #entryCountOffset()}. Codes are the C enum ordinals and must never change: they are
 * what real PostgreSQL 14 sends. Our own kinds never change a PostgreSQL layout.
 *
 * <p>The one way to misuse it: renumbering or reordering the types. The codes are what
 * PostgreSQL 14 sends; additions take codes above 25.
 */
public enum StatMsgType {
    DUMMY(0, DummyMessage.SIZE, DummyMessage::decode),
    INQUIRY(1, InquiryMessage.SIZE, InquiryMessage::decode),
    TABSTAT(2, TabStatMessage.ENTRIES, TableEntry.SIZE, TabStatMessage.MAX_ENTRIES,
            TabStatMessage.NENTRIES, TabStatMessage::decode),
    TABPURGE(3, OidList.ENTRIES, OidList.OID_SIZE, OidList.MAX_ENTRIES, OidList.NENTRIES,
            TabPurgeMessage::decode),
    DROPDB(4, DropDbMessage.SIZE, DropDbMessage::decode),
    RESETCOUNTER(5, ResetCounterMessage.SIZE, ResetCounterMessage::decode),
    RESETSHAREDCOUNTER(6, ResetSharedCounterMessage.SIZE, ResetSharedCounterMessage::decode),
    RESETSINGLECOUNTER(7, ResetSingleCounterMessage.SIZE, ResetSingleCounterMessage::decode),
    RESETSLRUCOUNTER(8, ResetSlruCounterMessage.SIZE, ResetSlruCounterMessage::decode),
    RESETREPLSLOTCOUNTER(9, ResetReplSlotCounterMessage.SIZE, ResetReplSlotCounterMessage::decode),
    AUTOVAC_START(10, AutovacStartMessage.SIZE, AutovacStartMessage::decode),
    VACUUM(11, VacuumMessage.SIZE, VacuumMessage::decode),
    ANALYZE(12, AnalyzeMessage.SIZE, AnalyzeMessage::decode),
    ARCHIVER(13, ArchiverMessage.SIZE, ArchiverMessage::decode),
    BGWRITER(14, BgWriterMessage.SIZE, BgWriterMessage::decode),
    WAL(15, WalMessage.SIZE, WalMessage::decode),
    SLRU(16, SlruMessage.SIZE, SlruMessage::decode, SlruMessage::check),
    FUNCSTAT(17, FuncStatMessage.ENTRIES, FunctionEntry.SIZE, FuncStatMessage.MAX_ENTRIES,
            FuncStatMessage.NENTRIES, FuncStatMessage::decode),
    FUNCPURGE(18, OidList.ENTRIES, OidList.OID_SIZE, OidList.MAX_ENTRIES, OidList.NENTRIES,
            FuncPurgeMessage::decode),
    RECOVERYCONFLICT(19, RecoveryConflictMessage.SIZE, RecoveryConflictMessage::decode),
    TEMPFILE(20, TempFileMessage.SIZE, TempFileMessage::decode),
    DEADLOCK(21, DeadlockMessage.SIZE, DeadlockMessage::decode),
    CHECKSUMFAILURE(22, ChecksumFailureMessage.SIZE, ChecksumFailureMessage::decode),
    REPLSLOT(23, ReplSlotMessage.SIZE, ReplSlotMessage::decode),
    CONNECT(24, ConnectMessage.SIZE, ConnectMessage::decode),
    DISCONNECT(25, DisconnectMessage.SIZE, DisconnectMessage::decode),
    /** pgstat4j's own: a PostgreSQL message behind its sender's sequence number. */
    SEQUENCED(SequencedMessage.CODE, SequencedMessage.PAYLOAD, 1, SequencedMessage.MAX_PAYLOAD,
            SequencedMessage.PAYLOAD_SIZE, SequencedMessage::decode, SequencedMessage::check);

    /** A check of a kind's field values, run on a datagram whose length already passed. */
    @FunctionalInterface
    interface FieldCheck {
        /** Shared by every kind without a field check, so the check's call site stays bimorphic. */
        FieldCheck NONE = b -> null;

        /** Why the datagram is rejected, or {@code null} if it is acceptable. */
        RejectReason check(ByteBuffer datagram);
    }

    private static final StatMsgType[] BY_CODE = byCode();

    private static StatMsgType[] byCode() {
        int max = 0;
        for (StatMsgType t : values()) {
            max = Math.max(max, t.code);
        }
        StatMsgType[] table = new StatMsgType[max + 1];
        for (StatMsgType t : values()) {
            table[t.code] = t;
        }
        return table;
    }

    private final int code;
    private final int headerSize;
    private final int entrySize;
    private final int maxEntries;
    private final int entryCountOffset;
    private final Function<ByteBuffer, StatMessage> decoder;
    private final FieldCheck fieldCheck;

    StatMsgType(int code, int size, Function<ByteBuffer, StatMessage> decoder) {
        this(code, size, decoder, FieldCheck.NONE);
    }

    StatMsgType(int code, int size, Function<ByteBuffer, StatMessage> decoder, FieldCheck fieldCheck) {
        this(code, size, 0, 0, -1, decoder, fieldCheck);
    }

    StatMsgType(int code, int headerSize, int entrySize, int maxEntries, int entryCountOffset,
                Function<ByteBuffer, StatMessage> decoder) {
        this(code, headerSize, entrySize, maxEntries, entryCountOffset, decoder, FieldCheck.NONE);
    }

    StatMsgType(int code, int headerSize, int entrySize, int maxEntries, int entryCountOffset,
                Function<ByteBuffer, StatMessage> decoder, FieldCheck fieldCheck) {
        this.code = code;
        this.headerSize = headerSize;
        this.entrySize = entrySize;
        this.maxEntries = maxEntries;
        this.entryCountOffset = entryCountOffset;
        this.decoder = decoder;
        this.fieldCheck = fieldCheck;
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

    /** Where a variable kind keeps its entry count ({@code m_nentries}); -1 for fixed kinds. */
    public int entryCountOffset() {
        return entryCountOffset;
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

    /**
     * How many entries a variable kind may carry in a datagram of at most {@code bytes} bytes
     * (at most {@link #maxEntries()}); 0 for fixed-size kinds.
     */
    public int maxEntriesWithin(int bytes) {
        return isVariable() ? Math.max(0, Math.min(maxEntries, (bytes - headerSize) / entrySize)) : 0;
    }

    /** True for PostgreSQL 14's own kinds, false for pgstat4j's additions. */
    public boolean isPostgreSql() {
        return code <= DISCONNECT.code;
    }

    /** The type for a wire code, or {@code null} if neither PostgreSQL 14 nor pgstat4j has such a type. */
    public static StatMsgType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    RejectReason checkFields(ByteBuffer datagram) {
        return fieldCheck.check(datagram);
    }

    StatMessage decodeBody(ByteBuffer datagram) {
        return decoder.apply(datagram);
    }
}
