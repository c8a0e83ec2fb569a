package org.pgstat4j.storage;

import static org.pgstat4j.storage.StatsFileFormat.*;

import java.io.IOException;
import org.pgstat4j.store.ArchiverStats;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.FuncEntry;
import org.pgstat4j.store.GlobalStats;
import org.pgstat4j.store.ReplSlotEntry;
import org.pgstat4j.store.SlruStats;
import org.pgstat4j.store.TabEntry;
import org.pgstat4j.store.WalStats;

/**
 * Field-by-field images of the stored structs, in the order of spec §6.6. Each write
 * method emits exactly the struct's size; each read method consumes exactly that.
 */
final class StatsRecords {
    private StatsRecords() {
    }

    static void writeGlobal(LittleEndianOutput o, GlobalStats g) throws IOException {
        o.writeLong(g.statsTimestamp);
        o.writeLong(g.timedCheckpoints);
        o.writeLong(g.requestedCheckpoints);
        o.writeLong(g.checkpointWriteTime);
        o.writeLong(g.checkpointSyncTime);
        o.writeLong(g.bufWrittenCheckpoints);
        o.writeLong(g.bufWrittenClean);
        o.writeLong(g.maxWrittenClean);
        o.writeLong(g.bufWrittenBackend);
        o.writeLong(g.bufFsyncBackend);
        o.writeLong(g.bufAlloc);
        o.writeLong(g.statResetTimestamp);
    }

    static void readGlobal(LittleEndianInput in, GlobalStats g) throws IOException {
        g.statsTimestamp = in.readLong();
        g.timedCheckpoints = in.readLong();
        g.requestedCheckpoints = in.readLong();
        g.checkpointWriteTime = in.readLong();
        g.checkpointSyncTime = in.readLong();
        g.bufWrittenCheckpoints = in.readLong();
        g.bufWrittenClean = in.readLong();
        g.maxWrittenClean = in.readLong();
        g.bufWrittenBackend = in.readLong();
        g.bufFsyncBackend = in.readLong();
        g.bufAlloc = in.readLong();
        g.statResetTimestamp = in.readLong();
    }

    static void writeArchiver(LittleEndianOutput o, ArchiverStats a) throws IOException {
        o.writeLong(a.archivedCount);
        o.writeCString(a.lastArchivedWal, XLOG_NAME_LEN);
        o.pad(ARCH_LAST_ARCHIVED_TS - ARCH_LAST_ARCHIVED_WAL - XLOG_NAME_LEN);
        o.writeLong(a.lastArchivedTimestamp);
        o.writeLong(a.failedCount);
        o.writeCString(a.lastFailedWal, XLOG_NAME_LEN);
        o.pad(ARCH_LAST_FAILED_TS - ARCH_LAST_FAILED_WAL - XLOG_NAME_LEN);
        o.writeLong(a.lastFailedTimestamp);
        o.writeLong(a.statResetTimestamp);
    }

    static void readArchiver(LittleEndianInput in, ArchiverStats a) throws IOException {
        a.archivedCount = in.readLong();
        a.lastArchivedWal = in.readCString(XLOG_NAME_LEN);
        in.skip(ARCH_LAST_ARCHIVED_TS - ARCH_LAST_ARCHIVED_WAL - XLOG_NAME_LEN);
        a.lastArchivedTimestamp = in.readLong();
        a.failedCount = in.readLong();
        a.lastFailedWal = in.readCString(XLOG_NAME_LEN);
        in.skip(ARCH_LAST_FAILED_TS - ARCH_LAST_FAILED_WAL - XLOG_NAME_LEN);
        a.lastFailedTimestamp = in.readLong();
        a.statResetTimestamp = in.readLong();
    }

    static void writeWal(LittleEndianOutput o, WalStats w) throws IOException {
        o.writeLong(w.walRecords);
        o.writeLong(w.walFpi);
        o.writeLong(w.walBytes);
        o.writeLong(w.walBuffersFull);
        o.writeLong(w.walWrite);
        o.writeLong(w.walSync);
        o.writeLong(w.walWriteTime);
        o.writeLong(w.walSyncTime);
        o.writeLong(w.statResetTimestamp);
    }

    static void readWal(LittleEndianInput in, WalStats w) throws IOException {
        w.walRecords = in.readLong();
        w.walFpi = in.readLong();
        w.walBytes = in.readLong();
        w.walBuffersFull = in.readLong();
        w.walWrite = in.readLong();
        w.walSync = in.readLong();
        w.walWriteTime = in.readLong();
        w.walSyncTime = in.readLong();
        w.statResetTimestamp = in.readLong();
    }

    static void writeSlru(LittleEndianOutput o, SlruStats s) throws IOException {
        o.writeLong(s.blocksZeroed);
        o.writeLong(s.blocksHit);
        o.writeLong(s.blocksRead);
        o.writeLong(s.blocksWritten);
        o.writeLong(s.blocksExists);
        o.writeLong(s.flush);
        o.writeLong(s.truncate);
        o.writeLong(s.statResetTimestamp);
    }

    static void readSlru(LittleEndianInput in, SlruStats s) throws IOException {
        s.blocksZeroed = in.readLong();
        s.blocksHit = in.readLong();
        s.blocksRead = in.readLong();
        s.blocksWritten = in.readLong();
        s.blocksExists = in.readLong();
        s.flush = in.readLong();
        s.truncate = in.readLong();
        s.statResetTimestamp = in.readLong();
    }

    static void writeDb(LittleEndianOutput o, DbEntry d) throws IOException {
        o.writeInt(d.databaseId);
        o.pad(4);
        o.writeLong(d.xactCommit);
        o.writeLong(d.xactRollback);
        o.writeLong(d.blocksFetched);
        o.writeLong(d.blocksHit);
        o.writeLong(d.tuplesReturned);
        o.writeLong(d.tuplesFetched);
        o.writeLong(d.tuplesInserted);
        o.writeLong(d.tuplesUpdated);
        o.writeLong(d.tuplesDeleted);
        o.writeLong(d.lastAutovacTime);
        o.writeLong(d.conflictTablespace);
        o.writeLong(d.conflictLock);
        o.writeLong(d.conflictSnapshot);
        o.writeLong(d.conflictBufferpin);
        o.writeLong(d.conflictStartupDeadlock);
        o.writeLong(d.tempFiles);
        o.writeLong(d.tempBytes);
        o.writeLong(d.deadlocks);
        o.writeLong(d.checksumFailures);
        o.writeLong(d.lastChecksumFailure);
        o.writeLong(d.blockReadTime);
        o.writeLong(d.blockWriteTime);
        o.writeLong(d.sessions);
        o.writeLong(d.totalSessionTime);
        o.writeLong(d.totalActiveTime);
        o.writeLong(d.totalIdleInXactTime);
        o.writeLong(d.sessionsAbandoned);
        o.writeLong(d.sessionsFatal);
        o.writeLong(d.sessionsKilled);
        o.writeLong(d.statResetTimestamp);
        o.writeLong(d.statsTimestamp);
    }

    static DbEntry readDb(LittleEndianInput in) throws IOException {
        DbEntry d = new DbEntry(in.readInt());
        in.skip(4);
        d.xactCommit = in.readLong();
        d.xactRollback = in.readLong();
        d.blocksFetched = in.readLong();
        d.blocksHit = in.readLong();
        d.tuplesReturned = in.readLong();
        d.tuplesFetched = in.readLong();
        d.tuplesInserted = in.readLong();
        d.tuplesUpdated = in.readLong();
        d.tuplesDeleted = in.readLong();
        d.lastAutovacTime = in.readLong();
        d.conflictTablespace = in.readLong();
        d.conflictLock = in.readLong();
        d.conflictSnapshot = in.readLong();
        d.conflictBufferpin = in.readLong();
        d.conflictStartupDeadlock = in.readLong();
        d.tempFiles = in.readLong();
        d.tempBytes = in.readLong();
        d.deadlocks = in.readLong();
        d.checksumFailures = in.readLong();
        d.lastChecksumFailure = in.readLong();
        d.blockReadTime = in.readLong();
        d.blockWriteTime = in.readLong();
        d.sessions = in.readLong();
        d.totalSessionTime = in.readLong();
        d.totalActiveTime = in.readLong();
        d.totalIdleInXactTime = in.readLong();
        d.sessionsAbandoned = in.readLong();
        d.sessionsFatal = in.readLong();
        d.sessionsKilled = in.readLong();
        d.statResetTimestamp = in.readLong();
        d.statsTimestamp = in.readLong();
        return d;
    }

    static void writeReplSlot(LittleEndianOutput o, ReplSlotEntry s) throws IOException {
        o.writeCString(s.slotName, NAMEDATALEN);
        o.writeLong(s.spillTxns);
        o.writeLong(s.spillCount);
        o.writeLong(s.spillBytes);
        o.writeLong(s.streamTxns);
        o.writeLong(s.streamCount);
        o.writeLong(s.streamBytes);
        o.writeLong(s.totalTxns);
        o.writeLong(s.totalBytes);
        o.writeLong(s.statResetTimestamp);
    }

    static ReplSlotEntry readReplSlot(LittleEndianInput in) throws IOException {
        ReplSlotEntry s = new ReplSlotEntry(in.readCString(NAMEDATALEN));
        s.spillTxns = in.readLong();
        s.spillCount = in.readLong();
        s.spillBytes = in.readLong();
        s.streamTxns = in.readLong();
        s.streamCount = in.readLong();
        s.streamBytes = in.readLong();
        s.totalTxns = in.readLong();
        s.totalBytes = in.readLong();
        s.statResetTimestamp = in.readLong();
        return s;
    }

    static void writeTable(LittleEndianOutput o, TabEntry t) throws IOException {
        o.writeInt(t.tableId);
        o.pad(4);
        o.writeLong(t.numScans);
        o.writeLong(t.tuplesReturned);
        o.writeLong(t.tuplesFetched);
        o.writeLong(t.tuplesInserted);
        o.writeLong(t.tuplesUpdated);
        o.writeLong(t.tuplesDeleted);
        o.writeLong(t.tuplesHotUpdated);
        o.writeLong(t.nLiveTuples);
        o.writeLong(t.nDeadTuples);
        o.writeLong(t.changesSinceAnalyze);
        o.writeLong(0L);
        o.writeLong(t.insertsSinceVacuum);
        o.writeLong(t.blocksFetched);
        o.writeLong(t.blocksHit);
        o.writeLong(t.vacuumTimestamp);
        o.writeLong(t.vacuumCount);
        o.writeLong(t.autovacVacuumTimestamp);
        o.writeLong(t.autovacVacuumCount);
        o.writeLong(t.analyzeTimestamp);
        o.writeLong(t.analyzeCount);
        o.writeLong(t.autovacAnalyzeTimestamp);
        o.writeLong(t.autovacAnalyzeCount);
    }

    static TabEntry readTable(LittleEndianInput in) throws IOException {
        TabEntry t = new TabEntry(in.readInt());
        in.skip(4);
        t.numScans = in.readLong();
        t.tuplesReturned = in.readLong();
        t.tuplesFetched = in.readLong();
        t.tuplesInserted = in.readLong();
        t.tuplesUpdated = in.readLong();
        t.tuplesDeleted = in.readLong();
        t.tuplesHotUpdated = in.readLong();
        t.nLiveTuples = in.readLong();
        t.nDeadTuples = in.readLong();
        t.changesSinceAnalyze = in.readLong();
        in.skip(8); // the unused counter: always 0 in our files, never shown
        t.insertsSinceVacuum = in.readLong();
        t.blocksFetched = in.readLong();
        t.blocksHit = in.readLong();
        t.vacuumTimestamp = in.readLong();
        t.vacuumCount = in.readLong();
        t.autovacVacuumTimestamp = in.readLong();
        t.autovacVacuumCount = in.readLong();
        t.analyzeTimestamp = in.readLong();
        t.analyzeCount = in.readLong();
        t.autovacAnalyzeTimestamp = in.readLong();
        t.autovacAnalyzeCount = in.readLong();
        return t;
    }

    static void writeFunction(LittleEndianOutput o, FuncEntry f) throws IOException {
        o.writeInt(f.functionId);
        o.pad(4);
        o.writeLong(f.numCalls);
        o.writeLong(f.totalTime);
        o.writeLong(f.selfTime);
    }

    static FuncEntry readFunction(LittleEndianInput in) throws IOException {
        FuncEntry f = new FuncEntry(in.readInt());
        in.skip(4);
        f.numCalls = in.readLong();
        f.totalTime = in.readLong();
        f.selfTime = in.readLong();
        return f;
    }
}
