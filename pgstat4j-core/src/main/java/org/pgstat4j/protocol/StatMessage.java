package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * One statistics collector message (spec §3.2). Each PostgreSQL 14 type is one record; the
 * sealed hierarchy lets the collector dispatch with an exhaustive {@code switch}.
 *
 * <p>Records hold field values only; the header ({@code m_type}, {@code m_size}) is written by
 * {@link MessageCodec#encode} from {@link #type()} and {@link #encodedSize()}.
 *
 * <p>The one way to misuse it: sending a message built by hand where a {@code Backend} call
 * exists. The backend applies PostgreSQL's guards, transaction arithmetic and rate limit,
 * which the collector's counts rely on.
 */
public sealed interface StatMessage permits DummyMessage, InquiryMessage, TabStatMessage,
        TabPurgeMessage, DropDbMessage, ResetCounterMessage, ResetSharedCounterMessage,
        ResetSingleCounterMessage, ResetSlruCounterMessage, ResetReplSlotCounterMessage,
        AutovacStartMessage, VacuumMessage, AnalyzeMessage, ArchiverMessage, BgWriterMessage,
        WalMessage, SlruMessage, FuncStatMessage, FuncPurgeMessage, RecoveryConflictMessage,
        TempFileMessage, DeadlockMessage, ChecksumFailureMessage, ReplSlotMessage,
        ConnectMessage, DisconnectMessage, SequencedMessage {

    StatMsgType type();

    /** The exact datagram length, header included. */
    default int encodedSize() {
        return type().headerSize();
    }

    /**
     * Writes the fields after the header at their absolute offsets. The buffer is zeroed over
     * {@code [0, encodedSize())} beforehand, so padding goes out as zero bytes.
     */
    void encodeBody(ByteBuffer dst);
}
