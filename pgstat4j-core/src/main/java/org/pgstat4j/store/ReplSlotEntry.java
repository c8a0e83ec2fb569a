package org.pgstat4j.store;

/**
 * One replication slot's counters ({@code PgStat_StatReplSlotEntry}), keyed by name.
 *
 * <p>The one way to misuse it: handing the entry itself to a reader. Readers get
 * {@link ReplSlotEntryView}; only the collector's handlers write, on the collector's thread.
 */
public final class ReplSlotEntry implements ReplSlotEntryView {
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

    @Override
    public String slotName() {
        return slotName;
    }

    @Override
    public long spillTxns() {
        return spillTxns;
    }

    @Override
    public long spillCount() {
        return spillCount;
    }

    @Override
    public long spillBytes() {
        return spillBytes;
    }

    @Override
    public long streamTxns() {
        return streamTxns;
    }

    @Override
    public long streamCount() {
        return streamCount;
    }

    @Override
    public long streamBytes() {
        return streamBytes;
    }

    @Override
    public long totalTxns() {
        return totalTxns;
    }

    @Override
    public long totalBytes() {
        return totalBytes;
    }

    @Override
    public long statResetTimestamp() {
        return statResetTimestamp;
    }
}
