package org.pgstat4j.store;

/**
 * One replication slot's counters as readers see them: the getters of
 * {@link ReplSlotEntry}. Implemented by the mutable entry itself (no copy).
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
