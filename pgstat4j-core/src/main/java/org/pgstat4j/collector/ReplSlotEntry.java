package org.pgstat4j.collector;

/**
 * One replication slot's counters ({@code PgStat_StatReplSlotEntry}), keyed by name.
 *
 * <p>The one way to misuse it: writing to a snapshot's copy. Its fields are public for speed;
 * a snapshot may be shared, and its entries are read-only by contract.
 */
public final class ReplSlotEntry {
    public final String slotName;
    public long spillTxns;
    public long spillCount;
    public long spillBytes;
    public long streamTxns;
    public long streamCount;
    public long streamBytes;
    public long totalTxns;
    public long totalBytes;
    public long statResetTimestamp;

    public ReplSlotEntry(String slotName) {
        this.slotName = slotName;
    }

    /** Zero the eight counters and stamp the reset time; the name stays. */
    public void reset(long ts) {
        spillTxns = 0;
        spillCount = 0;
        spillBytes = 0;
        streamTxns = 0;
        streamCount = 0;
        streamBytes = 0;
        totalTxns = 0;
        totalBytes = 0;
        statResetTimestamp = ts;
    }
}
