package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * One statistics collector message (spec §3.2). Each kind is one record, registered by its
 * {@link StatMsgType} row; exhaustiveness lives there (a {@code switch} over the rows is
 * checked by the compiler), so adding a kind edits no list here.
 *
 * <p>Records hold field values only; the header ({@code m_type}, {@code m_size}) is written by
 * {@link MessageCodec#encode} from {@link #type()} and {@link #encodedSize()}.
 *
 * <p>The one way to misuse it: sending a message built by hand where a {@code Backend} call
 * exists. The backend applies PostgreSQL's guards, transaction arithmetic and rate limit,
 * which the collector's counts rely on.
 *
 * <p>Not sealed, so that a new record needs no edit here: the records of this package are its
 * only implementations, each returned by the decoder of the row it names in {@link #type()}.
 */
public interface StatMessage {

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
