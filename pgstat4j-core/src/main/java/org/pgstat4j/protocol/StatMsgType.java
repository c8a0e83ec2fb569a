package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * The 26 message kinds of PostgreSQL 14's statistics collector protocol (spec §3.2,
 * Appendix B), and pgstat4j's own kinds numbered above them ({@link #SEQUENCED}), as data:
 * one row per kind, its descriptor — wire code, size rule, decoder, the handler that applies
 * it, and any check beyond the size rule. The row is the one registration of a kind; what it
 * names lives in the kind's record (fields, layout, encoding, decoding, field check, handler).
 * {@link MessageCodec} and the collector know no kind by name: they validate, decode and
 * apply through the row found by {@link #fromCode}.
 *
 * <p>A handler is written on the decoded record ({@code WalMessage::apply}); a kind whose
 * datagrams are too frequent to decode into records reads them in place instead
 * ({@code inPlace(TabStatMessage::apply)}), through the record's one reader of its layout.
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
    DUMMY(0, DummyMessage.SIZE, DummyMessage::decode, DummyMessage::apply),
    INQUIRY(1, InquiryMessage.SIZE, InquiryMessage::decode, InquiryMessage::apply),
    TABSTAT(2, TabStatMessage.ENTRIES, TableEntry.SIZE, TabStatMessage.MAX_ENTRIES,
            TabStatMessage.NENTRIES, TabStatMessage::decode, inPlace(TabStatMessage::apply)),
    TABPURGE(3, OidList.ENTRIES, OidList.OID_SIZE, OidList.MAX_ENTRIES, OidList.NENTRIES,
            TabPurgeMessage::decode, TabPurgeMessage::apply),
    DROPDB(4, DropDbMessage.SIZE, DropDbMessage::decode, DropDbMessage::apply),
    RESETCOUNTER(5, ResetCounterMessage.SIZE, ResetCounterMessage::decode, ResetCounterMessage::apply),
    RESETSHAREDCOUNTER(6, ResetSharedCounterMessage.SIZE, ResetSharedCounterMessage::decode,
            ResetSharedCounterMessage::apply),
    RESETSINGLECOUNTER(7, ResetSingleCounterMessage.SIZE, ResetSingleCounterMessage::decode,
            ResetSingleCounterMessage::apply),
    RESETSLRUCOUNTER(8, ResetSlruCounterMessage.SIZE, ResetSlruCounterMessage::decode,
            ResetSlruCounterMessage::apply),
    RESETREPLSLOTCOUNTER(9, ResetReplSlotCounterMessage.SIZE, ResetReplSlotCounterMessage::decode,
            ResetReplSlotCounterMessage::apply),
    AUTOVAC_START(10, AutovacStartMessage.SIZE, AutovacStartMessage::decode, AutovacStartMessage::apply),
    VACUUM(11, VacuumMessage.SIZE, VacuumMessage::decode, VacuumMessage::apply),
    ANALYZE(12, AnalyzeMessage.SIZE, AnalyzeMessage::decode, AnalyzeMessage::apply),
    ARCHIVER(13, ArchiverMessage.SIZE, ArchiverMessage::decode, ArchiverMessage::apply),
    BGWRITER(14, BgWriterMessage.SIZE, BgWriterMessage::decode, BgWriterMessage::apply),
    WAL(15, WalMessage.SIZE, WalMessage::decode, WalMessage::apply),
    SLRU(16, SlruMessage.SIZE, SlruMessage::decode, SlruMessage::apply, SlruMessage::check),
    FUNCSTAT(17, FuncStatMessage.ENTRIES, FunctionEntry.SIZE, FuncStatMessage.MAX_ENTRIES,
            FuncStatMessage.NENTRIES, FuncStatMessage::decode, FuncStatMessage::apply),
    FUNCPURGE(18, OidList.ENTRIES, OidList.OID_SIZE, OidList.MAX_ENTRIES, OidList.NENTRIES,
            FuncPurgeMessage::decode, FuncPurgeMessage::apply),
    RECOVERYCONFLICT(19, RecoveryConflictMessage.SIZE, RecoveryConflictMessage::decode,
            RecoveryConflictMessage::apply),
    TEMPFILE(20, TempFileMessage.SIZE, TempFileMessage::decode, TempFileMessage::apply),
    DEADLOCK(21, DeadlockMessage.SIZE, DeadlockMessage::decode, DeadlockMessage::apply),
    CHECKSUMFAILURE(22, ChecksumFailureMessage.SIZE, ChecksumFailureMessage::decode,
            ChecksumFailureMessage::apply),
    REPLSLOT(23, ReplSlotMessage.SIZE, ReplSlotMessage::decode, ReplSlotMessage::apply),
    CONNECT(24, ConnectMessage.SIZE, ConnectMessage::decode, ConnectMessage::apply),
    DISCONNECT(25, DisconnectMessage.SIZE, DisconnectMessage::decode, DisconnectMessage::apply),
    /** pgstat4j's own: a PostgreSQL message behind its sender's sequence number. */
    SEQUENCED(SequencedMessage.CODE, SequencedMessage.PAYLOAD, 1, SequencedMessage.MAX_PAYLOAD,
            SequencedMessage.PAYLOAD_SIZE, SequencedMessage::decode, inPlace(SequencedMessage::apply),
            SequencedMessage::check);

    /** A check of a kind's field values, run on a datagram whose length already passed. */
    @FunctionalInterface
    interface FieldCheck {
        /** Shared by every kind without a field check, so the check's call site stays bimorphic. */
        FieldCheck NONE = b -> null;

        /** Why the datagram is rejected, or {@code null} if it is acceptable. */
        RejectReason check(ByteBuffer datagram);
    }

    /** A kind's handler: applies one validated datagram of that kind (spec §5.4). */
    @FunctionalInterface
    interface Handler {
        void apply(ByteBuffer datagram, ApplyContext context, long now);
    }

    /** A handler written on the decoded record: the row decodes, then calls it. */
    @FunctionalInterface
    interface Apply<M extends StatMessage> {
        void apply(M message, ApplyContext context, long now);
    }

    /** A handler that reads the datagram in place, without decoding it into a record. */
    record InPlace(Handler handler) {
    }

    private static InPlace inPlace(Handler handler) {
        return new InPlace(handler);
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
    private final Function<ByteBuffer, ? extends StatMessage> decoder;
    private final Handler handler;
    private final FieldCheck fieldCheck;

    <M extends StatMessage> StatMsgType(int code, int size, Function<ByteBuffer, M> decoder, Apply<M> apply) {
        this(code, size, decoder, apply, FieldCheck.NONE);
    }

    <M extends StatMessage> StatMsgType(int code, int size, Function<ByteBuffer, M> decoder, Apply<M> apply,
                                        FieldCheck fieldCheck) {
        this(code, size, 0, 0, -1, decoder, decoded(decoder, apply), fieldCheck);
    }

    <M extends StatMessage> StatMsgType(int code, int headerSize, int entrySize, int maxEntries,
                                        int entryCountOffset, Function<ByteBuffer, M> decoder, Apply<M> apply) {
        this(code, headerSize, entrySize, maxEntries, entryCountOffset, decoder, decoded(decoder, apply),
                FieldCheck.NONE);
    }

    StatMsgType(int code, int headerSize, int entrySize, int maxEntries, int entryCountOffset,
                Function<ByteBuffer, ? extends StatMessage> decoder, InPlace handler) {
        this(code, headerSize, entrySize, maxEntries, entryCountOffset, decoder, handler.handler(), FieldCheck.NONE);
    }

    StatMsgType(int code, int headerSize, int entrySize, int maxEntries, int entryCountOffset,
                Function<ByteBuffer, ? extends StatMessage> decoder, InPlace handler, FieldCheck fieldCheck) {
        this(code, headerSize, entrySize, maxEntries, entryCountOffset, decoder, handler.handler(), fieldCheck);
    }

    StatMsgType(int code, int headerSize, int entrySize, int maxEntries, int entryCountOffset,
                Function<ByteBuffer, ? extends StatMessage> decoder, Handler handler, FieldCheck fieldCheck) {
        this.code = code;
        this.headerSize = headerSize;
        this.entrySize = entrySize;
        this.maxEntries = maxEntries;
        this.entryCountOffset = entryCountOffset;
        this.decoder = decoder;
        this.handler = handler;
        this.fieldCheck = fieldCheck;
    }

    /** The handler of a kind applied from its decoded record. */
    private static <M extends StatMessage> Handler decoded(Function<ByteBuffer, M> decoder, Apply<M> apply) {
        return (b, context, now) -> apply.apply(decoder.apply(b), context, now);
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

    /**
     * Applies a datagram of this kind that {@link MessageCodec#validate} accepted, with the
     * kind's handler, to what {@code context} holds; {@code now} is the collector's clock
     * (µs since 2000-01-01) for the fields PostgreSQL stamps at processing time.
     */
    public void apply(ByteBuffer validated, ApplyContext context, long now) {
        handler.apply(validated, context, now);
    }
}
