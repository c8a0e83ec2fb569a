package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.StatsPersistence;
import org.pgstat4j.store.StatsStore;

/**
 * What a message kind's handler may touch when it applies a datagram (spec §5.4): the live
 * statistics model and the few services of the collector that some kinds use. Each kind's
 * handler sits in its record, next to the layout it reads, and is named by its
 * {@link StatMsgType} row; the collector implements this interface once and knows no kind.
 * Nothing here names a kind: a method is a service, usable by any kind that needs it.
 *
 * <p>Confinement: the collector thread owns everything reached from here; a handler runs on
 * it and keeps nothing it was given beyond the call.
 *
 * <p>The one way to misuse it: calling a handler with a datagram that
 * {@link MessageCodec#validate} has not accepted. Handlers read at the offsets their layout
 * names and trust the lengths validation checked.
 */
public interface ApplyContext {
    /** The live statistics, which handlers mutate with PostgreSQL 14's arithmetic. */
    StatsStore store();

    /** Where stats files go: a handler removes a file that its change makes stale. */
    StatsPersistence persistence();

    /** Counts one reader's request for files (the collector's inquiry counter). */
    void countInquiry();

    /** True if the files of {@code databaseId} are already due to be written. */
    boolean writeRequested(int databaseId);

    /** Asks for the files of {@code databaseId} to be written before the next datagram. */
    void requestWrite(int databaseId);

    /** Notes that {@code senderId} numbered a datagram {@code sequence} (gaps are lost datagrams). */
    void senderSequence(int senderId, int sequence);

    /**
     * Validates and applies a whole datagram carried inside the one being applied, at
     * {@code offset} of {@code datagram} and {@code length} bytes long, as if it had come bare.
     * A refusal is counted by the collector as a rejected datagram.
     */
    void applyEnclosed(ByteBuffer datagram, int offset, int length, long now);
}
