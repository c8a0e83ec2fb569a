package org.pgstat4j.store;

/**
 * One replication slot's counters as readers see them: the getters of
 * {@link ReplSlotEntry}. Implemented by the mutable entry itself (no copy).
 *
 * <p>The one way to misuse it: casting it back to the mutable {@link ReplSlotEntry} and writing. The
 * object behind a reader's view belongs to a snapshot that other threads may be reading.
 */
public interface ReplSlotEntryView {
    String slotName();

    long spillTxns();

    long spillCount();

    long spillBytes();

    long streamTxns();

    long streamCount();

    long streamBytes();

    long totalTxns();

    long totalBytes();

    long statResetTimestamp();
}
