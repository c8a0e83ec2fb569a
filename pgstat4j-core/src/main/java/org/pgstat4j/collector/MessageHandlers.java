package org.pgstat4j.collector;

import java.nio.ByteBuffer;
import org.pgstat4j.protocol.AnalyzeMessage;
import org.pgstat4j.protocol.ArchiverMessage;
import org.pgstat4j.protocol.AutovacStartMessage;
import org.pgstat4j.protocol.BgWriterMessage;
import org.pgstat4j.protocol.ChecksumFailureMessage;
import org.pgstat4j.protocol.ConnectMessage;
import org.pgstat4j.protocol.DeadlockMessage;
import org.pgstat4j.protocol.DisconnectMessage;
import org.pgstat4j.protocol.DropDbMessage;
import org.pgstat4j.protocol.FuncPurgeMessage;
import org.pgstat4j.protocol.FuncStatMessage;
import org.pgstat4j.protocol.FunctionEntry;
import org.pgstat4j.protocol.RecoveryConflictMessage;
import org.pgstat4j.protocol.ReplSlotMessage;
import org.pgstat4j.protocol.ResetCounterMessage;
import org.pgstat4j.protocol.ResetReplSlotCounterMessage;
import org.pgstat4j.protocol.ResetSharedCounterMessage;
import org.pgstat4j.protocol.ResetSingleCounterMessage;
import org.pgstat4j.protocol.ResetSlruCounterMessage;
import org.pgstat4j.protocol.SlruMessage;
import org.pgstat4j.protocol.TabPurgeMessage;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.TempFileMessage;
import org.pgstat4j.protocol.VacuumMessage;
import org.pgstat4j.protocol.WalMessage;
import org.pgstat4j.store.ArchiverStats;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.FuncEntry;
import org.pgstat4j.store.GlobalStats;
import org.pgstat4j.store.ReplSlotEntry;
import org.pgstat4j.store.SlruStats;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.store.TabEntry;
import org.pgstat4j.store.WalStats;

/**
 * PostgreSQL 14's collector arithmetic, one method per message type (spec §5.4). Every
 * method mutates the live {@link StatsStore}; {@code now} is the collector's clock (µs since
 * 2000-01-01) for the fields PostgreSQL stamps at processing time ({@code stats_reset}).
 *
 * <p>INQUIRY is not here: it changes no statistic, only the write-request list
 * ({@link WriteRequests}). DUMMY does nothing.
 */
final class MessageHandlers {
    private final StatsStore store;

    MessageHandlers(StatsStore store) {
        this.store = store;
    }

    /**
     * TABSTAT, applied straight from the datagram (validated: the entry count agrees with the
     * length): the most frequent message, so it is read field by field without decoding into
     * records, and applying it allocates nothing once the table entries exist.
     */
    void tabStat(ByteBuffer b, long now) {
        DbEntry d = store.databaseOrCreate(b.getInt(TabStatMessage.DATABASE_ID), now);
        d.xactCommit += b.getInt(TabStatMessage.XACT_COMMIT);
        d.xactRollback += b.getInt(TabStatMessage.XACT_ROLLBACK);
        d.blockReadTime += b.getLong(TabStatMessage.BLOCK_READ_TIME);
        d.blockWriteTime += b.getLong(TabStatMessage.BLOCK_WRITE_TIME);
        d.totalSessionTime += b.getLong(TabStatMessage.SESSION_TIME);
        d.totalActiveTime += b.getLong(TabStatMessage.ACTIVE_TIME);
        d.totalIdleInXactTime += b.getLong(TabStatMessage.IDLE_IN_XACT_TIME);
        int n = b.getInt(TabStatMessage.NENTRIES);
        for (int i = 0, at = TabStatMessage.ENTRIES; i < n; i++, at += TableEntry.SIZE) {
            int oid = b.getInt(at + TableEntry.T_ID);
            long numScans = b.getLong(at + TableEntry.NUMSCANS);
            long returned = b.getLong(at + TableEntry.TUPLES_RETURNED);
            long fetched = b.getLong(at + TableEntry.TUPLES_FETCHED);
            long inserted = b.getLong(at + TableEntry.TUPLES_INSERTED);
            long updated = b.getLong(at + TableEntry.TUPLES_UPDATED);
            long deleted = b.getLong(at + TableEntry.TUPLES_DELETED);
            long hotUpdated = b.getLong(at + TableEntry.TUPLES_HOT_UPDATED);
            boolean truncated = b.get(at + TableEntry.TRUNCATED) != 0;
            long deltaLive = b.getLong(at + TableEntry.DELTA_LIVE_TUPLES);
            long deltaDead = b.getLong(at + TableEntry.DELTA_DEAD_TUPLES);
            long changed = b.getLong(at + TableEntry.CHANGED_TUPLES);
            long blocksFetched = b.getLong(at + TableEntry.BLOCKS_FETCHED);
            long blocksHit = b.getLong(at + TableEntry.BLOCKS_HIT);
            TabEntry t = d.tables.get(oid);
            if (t == null) {
                t = new TabEntry(oid);
                d.tables.put(oid, t);
                // a new entry starts from the message's values; t_truncated is irrelevant
                truncated = false;
            }
            t.numScans += numScans;
            t.tuplesReturned += returned;
            t.tuplesFetched += fetched;
            t.tuplesInserted += inserted;
            t.tuplesUpdated += updated;
            t.tuplesDeleted += deleted;
            t.tuplesHotUpdated += hotUpdated;
            if (truncated) {
                t.nLiveTuples = 0;
                t.nDeadTuples = 0;
                t.insertsSinceVacuum = 0;
            }
            t.nLiveTuples = Math.max(t.nLiveTuples + deltaLive, 0);
            t.nDeadTuples = Math.max(t.nDeadTuples + deltaDead, 0);
            t.changesSinceAnalyze += changed;
            t.insertsSinceVacuum += inserted;
            t.blocksFetched += blocksFetched;
            t.blocksHit += blocksHit;
            d.tuplesReturned += returned;
            d.tuplesFetched += fetched;
            d.tuplesInserted += inserted;
            d.tuplesUpdated += updated;
            d.tuplesDeleted += deleted;
            d.blocksFetched += blocksFetched;
            d.blocksHit += blocksHit;
        }
    }

    void tabPurge(TabPurgeMessage m) {
        DbEntry d = store.database(m.databaseId());
        if (d == null || d.tables == null) {
            return;
        }
        for (int oid : m.tableIds()) {
            d.tables.remove(oid);
        }
    }

    void funcPurge(FuncPurgeMessage m) {
        DbEntry d = store.database(m.databaseId());
        if (d == null || d.functions == null) {
            return;
        }
        for (int oid : m.functionIds()) {
            d.functions.remove(oid);
        }
    }

    /** Returns whether an entry was removed (the caller deletes its temporary file). */
    boolean dropDb(DropDbMessage m) {
        return store.removeDatabase(m.databaseId()) != null;
    }

    void resetCounter(ResetCounterMessage m, long now) {
        if (store.database(m.databaseId()) == null) {
            return;
        }
        store.removeDatabase(m.databaseId());
        store.databaseOrCreate(m.databaseId(), now);
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

    void resetSingleCounter(ResetSingleCounterMessage m, long now) {
        DbEntry d = store.database(m.databaseId());
        if (d == null) {
            return;
        }
        d.statResetTimestamp = now;
        if (m.resetType() == ResetSingleCounterMessage.RESET_TABLE) {
            d.tables.remove(m.objectId());
        } else if (m.resetType() == ResetSingleCounterMessage.RESET_FUNCTION) {
            d.functions.remove(m.objectId());
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

    void autovacStart(AutovacStartMessage m, long now) {
        store.databaseOrCreate(m.databaseId(), now).lastAutovacTime = m.startTime();
    }

    void vacuum(VacuumMessage m, long now) {
        TabEntry t = tableOrCreate(m.databaseId(), m.tableOid(), now);
        t.nLiveTuples = m.liveTuples();
        t.nDeadTuples = m.deadTuples();
        t.insertsSinceVacuum = 0;
        if (m.autovacuum()) {
            t.autovacVacuumTimestamp = m.vacuumTime();
            t.autovacVacuumCount++;
        } else {
            t.vacuumTimestamp = m.vacuumTime();
            t.vacuumCount++;
        }
    }

    void analyze(AnalyzeMessage m, long now) {
        TabEntry t = tableOrCreate(m.databaseId(), m.tableOid(), now);
        t.nLiveTuples = m.liveTuples();
        t.nDeadTuples = m.deadTuples();
        if (m.resetCounter()) {
            t.changesSinceAnalyze = 0;
        }
        if (m.autovacuum()) {
            t.autovacAnalyzeTimestamp = m.analyzeTime();
            t.autovacAnalyzeCount++;
        } else {
            t.analyzeTimestamp = m.analyzeTime();
            t.analyzeCount++;
        }
    }

    private TabEntry tableOrCreate(int databaseId, int tableOid, long now) {
        DbEntry d = store.databaseOrCreate(databaseId, now);
        TabEntry t = d.tables.get(tableOid);
        if (t == null) {
            t = new TabEntry(tableOid);
            d.tables.put(tableOid, t);
        }
        return t;
    }

    void archiver(ArchiverMessage m) {
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

    void bgWriter(BgWriterMessage m) {
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

    void wal(WalMessage m) {
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

    void slru(SlruMessage m) {
        SlruStats s = store.slru((int) m.index());
        s.blocksZeroed += m.blocksZeroed();
        s.blocksHit += m.blocksHit();
        s.blocksRead += m.blocksRead();
        s.blocksWritten += m.blocksWritten();
        s.blocksExists += m.blocksExists();
        s.flush += m.flush();
        s.truncate += m.truncate();
    }

    void funcStat(FuncStatMessage m, long now) {
        DbEntry d = store.databaseOrCreate(m.databaseId(), now);
        for (FunctionEntry e : m.entries()) {
            FuncEntry f = d.functions.get(e.functionId());
            if (f == null) {
                f = new FuncEntry(e.functionId());
                d.functions.put(e.functionId(), f);
            }
            f.numCalls += e.numCalls();
            f.totalTime += e.totalTime();
            f.selfTime += e.selfTime();
        }
    }

    void recoveryConflict(RecoveryConflictMessage m, long now) {
        DbEntry d = store.databaseOrCreate(m.databaseId(), now);
        switch (m.reason()) {
            case RecoveryConflictMessage.REASON_TABLESPACE -> d.conflictTablespace++;
            case RecoveryConflictMessage.REASON_LOCK -> d.conflictLock++;
            case RecoveryConflictMessage.REASON_SNAPSHOT -> d.conflictSnapshot++;
            case RecoveryConflictMessage.REASON_BUFFERPIN -> d.conflictBufferpin++;
            case RecoveryConflictMessage.REASON_STARTUP_DEADLOCK -> d.conflictStartupDeadlock++;
            default -> {
                // DATABASE: the database is going away anyway; other values: ignored
            }
        }
    }

    void deadlock(DeadlockMessage m, long now) {
        store.databaseOrCreate(m.databaseId(), now).deadlocks++;
    }

    void checksumFailure(ChecksumFailureMessage m, long now) {
        DbEntry d = store.databaseOrCreate(m.databaseId(), now);
        d.checksumFailures += m.failureCount();
        d.lastChecksumFailure = m.failureTime();
    }

    void tempFile(TempFileMessage m, long now) {
        DbEntry d = store.databaseOrCreate(m.databaseId(), now);
        d.tempBytes += m.fileSize();
        d.tempFiles++;
    }

    void replSlot(ReplSlotMessage m) {
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

    void connect(ConnectMessage m, long now) {
        store.databaseOrCreate(m.databaseId(), now).sessions++;
    }

    void disconnect(DisconnectMessage m, long now) {
        DbEntry d = store.databaseOrCreate(m.databaseId(), now);
        switch (m.cause()) {
            case DisconnectMessage.CLIENT_EOF -> d.sessionsAbandoned++;
            case DisconnectMessage.FATAL -> d.sessionsFatal++;
            case DisconnectMessage.KILLED -> d.sessionsKilled++;
            default -> {
                // NOT_YET, NORMAL: nothing to count
            }
        }
    }
}
