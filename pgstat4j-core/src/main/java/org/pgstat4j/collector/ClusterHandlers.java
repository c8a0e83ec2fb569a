package org.pgstat4j.collector;

import org.pgstat4j.protocol.ArchiverMessage;
import org.pgstat4j.protocol.BgWriterMessage;
import org.pgstat4j.protocol.ReplSlotMessage;
import org.pgstat4j.protocol.ResetReplSlotCounterMessage;
import org.pgstat4j.protocol.ResetSharedCounterMessage;
import org.pgstat4j.protocol.ResetSlruCounterMessage;
import org.pgstat4j.protocol.SlruMessage;
import org.pgstat4j.protocol.WalMessage;
import org.pgstat4j.store.ArchiverStats;
import org.pgstat4j.store.GlobalStats;
import org.pgstat4j.store.ReplSlotEntry;
import org.pgstat4j.store.SlruStats;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.store.WalStats;

/**
 * PostgreSQL 14's collector arithmetic for the cluster-wide statistics (spec §5.4): bgwriter,
 * archiver, WAL, SLRU and replication slots, and their resets. Every method mutates the live
 * {@link StatsStore}; {@code now} is the collector's clock (µs since 2000-01-01), used for
 * {@code stats_reset}. Owned by the collector thread, like the store; bound to message kinds
 * by {@link MessageHandlers}.
 */
final class ClusterHandlers {
    private final StatsStore store;

    ClusterHandlers(StatsStore store) {
        this.store = store;
    }

    void resetSharedCounter(ResetSharedCounterMessage m, long now) {
        switch (m.resetTarget()) {
            case ResetSharedCounterMessage.TARGET_BGWRITER -> store.global().reset(now);
            case ResetSharedCounterMessage.TARGET_ARCHIVER -> store.archiver().reset(now);
            case ResetSharedCounterMessage.TARGET_WAL -> store.wal().reset(now);
            default -> {
                // PostgreSQL 14 ignores unknown targets
            }
        }
    }

    void resetSlruCounter(ResetSlruCounterMessage m, long now) {
        for (int i = 0; i < store.slruCount(); i++) {
            if (m.index() == ResetSlruCounterMessage.ALL || m.index() == i) {
                store.slru(i).reset(now);
            }
        }
    }

    void resetReplSlotCounter(ResetReplSlotCounterMessage m, long now) {
        if (m.clearAll()) {
            store.replSlots().values().forEach(s -> s.reset(now));
        } else {
            ReplSlotEntry s = store.replSlots().get(m.slotName());
            if (s != null) {
                s.reset(now);
            }
        }
    }

    void archiver(ArchiverMessage m, long now) {
        ArchiverStats a = store.archiver();
        if (m.failed()) {
            a.failedCount++;
            a.lastFailedWal = m.xlog();
            a.lastFailedTimestamp = m.timestamp();
        } else {
            a.archivedCount++;
            a.lastArchivedWal = m.xlog();
            a.lastArchivedTimestamp = m.timestamp();
        }
    }

    void bgWriter(BgWriterMessage m, long now) {
        GlobalStats g = store.global();
        g.timedCheckpoints += m.timedCheckpoints();
        g.requestedCheckpoints += m.requestedCheckpoints();
        g.bufWrittenCheckpoints += m.bufWrittenCheckpoints();
        g.bufWrittenClean += m.bufWrittenClean();
        g.maxWrittenClean += m.maxWrittenClean();
        g.bufWrittenBackend += m.bufWrittenBackend();
        g.bufFsyncBackend += m.bufFsyncBackend();
        g.bufAlloc += m.bufAlloc();
        g.checkpointWriteTime += m.checkpointWriteTime();
        g.checkpointSyncTime += m.checkpointSyncTime();
    }

    void wal(WalMessage m, long now) {
        WalStats w = store.wal();
        w.walRecords += m.walRecords();
        w.walFpi += m.walFpi();
        w.walBytes += m.walBytes();
        w.walBuffersFull += m.walBuffersFull();
        w.walWrite += m.walWrite();
        w.walSync += m.walSync();
        w.walWriteTime += m.walWriteTime();
        w.walSyncTime += m.walSyncTime();
    }

    void slru(SlruMessage m, long now) {
        SlruStats s = store.slru((int) m.index());
        s.blocksZeroed += m.blocksZeroed();
        s.blocksHit += m.blocksHit();
        s.blocksRead += m.blocksRead();
        s.blocksWritten += m.blocksWritten();
        s.blocksExists += m.blocksExists();
        s.flush += m.flush();
        s.truncate += m.truncate();
    }

    void replSlot(ReplSlotMessage m, long now) {
        if (m.drop()) {
            store.replSlots().remove(m.slotName());
            return;
        }
        ReplSlotEntry s = store.replSlots().computeIfAbsent(m.slotName(), ReplSlotEntry::new);
        if (m.create()) {
            s.reset(0);
            return;
        }
        s.spillTxns += m.spillTxns();
        s.spillCount += m.spillCount();
        s.spillBytes += m.spillBytes();
        s.streamTxns += m.streamTxns();
        s.streamCount += m.streamCount();
        s.streamBytes += m.streamBytes();
        s.totalTxns += m.totalTxns();
        s.totalBytes += m.totalBytes();
    }
}
