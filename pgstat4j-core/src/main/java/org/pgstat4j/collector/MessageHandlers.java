package org.pgstat4j.collector;

import java.lang.System.Logger.Level;
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
import org.pgstat4j.protocol.InquiryMessage;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.protocol.RecoveryConflictMessage;
import org.pgstat4j.protocol.RejectReason;
import org.pgstat4j.protocol.ReplSlotMessage;
import org.pgstat4j.protocol.ResetCounterMessage;
import org.pgstat4j.protocol.ResetReplSlotCounterMessage;
import org.pgstat4j.protocol.ResetSharedCounterMessage;
import org.pgstat4j.protocol.ResetSingleCounterMessage;
import org.pgstat4j.protocol.ResetSlruCounterMessage;
import org.pgstat4j.protocol.SequencedMessage;
import org.pgstat4j.protocol.SlruMessage;
import org.pgstat4j.protocol.StatMessage;
import org.pgstat4j.protocol.StatMsgType;
import org.pgstat4j.protocol.TabPurgeMessage;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TempFileMessage;
import org.pgstat4j.protocol.VacuumMessage;
import org.pgstat4j.protocol.WalMessage;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.FuncEntry;
import org.pgstat4j.store.StatsPersistence;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.store.TabEntry;

/**
 * Binds every message kind to the handler that applies it (spec §5.4), and holds the
 * database-level arithmetic: tables, functions, database counters, vacuum/analyze, and the
 * two kinds that act on the collector rather than on statistics — INQUIRY (adds a write
 * request) and DROPDB (also deletes the database's temporary file). Cluster-wide kinds are
 * applied by {@link ClusterHandlers}.
 *
 * <p>{@link #handlerFor} is the one place a kind meets its handler: an exhaustive switch, so
 * a kind added to {@link StatMsgType} does not compile until it is bound. Handlers receive a
 * datagram that {@link org.pgstat4j.protocol.MessageCodec#validate} accepted; they decode it
 * through the kind's own reader and mutate the live {@link StatsStore}. {@code now} is the
 * collector's clock (µs since 2000-01-01) for the fields PostgreSQL stamps at processing
 * time. Owned by the collector thread, like the store.
 */
final class MessageHandlers {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.collector");

    /** Applies one validated datagram of the kind it is bound to. */
    @FunctionalInterface
    private interface Handler {
        void apply(ByteBuffer datagram, long now);
    }

    /** Applies one decoded message. */
    @FunctionalInterface
    private interface Apply<M extends StatMessage> {
        void apply(M message, long now);
    }

    private final StatsStore store;
    private final WriteRequests requests;
    private final CollectorCounters counters;
    private final StatsPersistence persistence;
    private final ClusterHandlers cluster;
    private final TabStatMessage.Reader tabStat = new TabStatMessage.Reader();
    private final Handler[] byCode;
    /** A SEQUENCED datagram's payload, unwrapped; why it was refused (or null): {@link #apply}'s result. */
    private final ByteBuffer unwrapped = ByteBuffer.allocateDirect(Wire.MAX_MSG_SIZE).order(Wire.ORDER);
    private RejectReason payloadRejected;

    MessageHandlers(StatsStore store, WriteRequests requests, CollectorCounters counters,
                    StatsPersistence persistence) {
        this.store = store;
        this.requests = requests;
        this.counters = counters;
        this.persistence = persistence;
        this.cluster = new ClusterHandlers(store);
        int maxCode = 0;
        for (StatMsgType t : StatMsgType.values()) {
            maxCode = Math.max(maxCode, t.code());
        }
        this.byCode = new Handler[maxCode + 1];
        for (StatMsgType t : StatMsgType.values()) {
            byCode[t.code()] = handlerFor(t);
        }
    }

    /**
     * Applies a datagram that passed {@link org.pgstat4j.protocol.MessageCodec#validate}.
     * Returns null, or why the datagram a SEQUENCED envelope carried was refused (it is
     * counted as rejected then; the envelope's sequence number still counts).
     */
    RejectReason apply(ByteBuffer validated, long now) {
        payloadRejected = null;
        byCode[validated.getInt(Wire.TYPE_OFFSET)].apply(validated, now);
        return payloadRejected;
    }

    private Handler handlerFor(StatMsgType t) {
        return switch (t) {
            case DUMMY -> (b, now) -> { };
            case INQUIRY -> decoded(InquiryMessage.class, this::inquiry);
            case TABSTAT -> this::tabStat;
            case TABPURGE -> decoded(TabPurgeMessage.class, this::tabPurge);
            case DROPDB -> decoded(DropDbMessage.class, this::dropDb);
            case RESETCOUNTER -> decoded(ResetCounterMessage.class, this::resetCounter);
            case RESETSHAREDCOUNTER -> decoded(ResetSharedCounterMessage.class, cluster::resetSharedCounter);
            case RESETSINGLECOUNTER -> decoded(ResetSingleCounterMessage.class, this::resetSingleCounter);
            case RESETSLRUCOUNTER -> decoded(ResetSlruCounterMessage.class, cluster::resetSlruCounter);
            case RESETREPLSLOTCOUNTER -> decoded(ResetReplSlotCounterMessage.class, cluster::resetReplSlotCounter);
            case AUTOVAC_START -> decoded(AutovacStartMessage.class, this::autovacStart);
            case VACUUM -> decoded(VacuumMessage.class, this::vacuum);
            case ANALYZE -> decoded(AnalyzeMessage.class, this::analyze);
            case ARCHIVER -> decoded(ArchiverMessage.class, cluster::archiver);
            case BGWRITER -> decoded(BgWriterMessage.class, cluster::bgWriter);
            case WAL -> decoded(WalMessage.class, cluster::wal);
            case SLRU -> decoded(SlruMessage.class, cluster::slru);
            case FUNCSTAT -> decoded(FuncStatMessage.class, this::funcStat);
            case FUNCPURGE -> decoded(FuncPurgeMessage.class, this::funcPurge);
            case RECOVERYCONFLICT -> decoded(RecoveryConflictMessage.class, this::recoveryConflict);
            case TEMPFILE -> decoded(TempFileMessage.class, this::tempFile);
            case DEADLOCK -> decoded(DeadlockMessage.class, this::deadlock);
            case CHECKSUMFAILURE -> decoded(ChecksumFailureMessage.class, this::checksumFailure);
            case REPLSLOT -> decoded(ReplSlotMessage.class, cluster::replSlot);
            case CONNECT -> decoded(ConnectMessage.class, this::connect);
            case DISCONNECT -> decoded(DisconnectMessage.class, this::disconnect);
            case SEQUENCED -> this::sequenced;
        };
    }

    /** A handler that decodes with the kind's own decoder, then applies the record. */
    private static <M extends StatMessage> Handler decoded(Class<M> kind, Apply<M> apply) {
        return (b, now) -> apply.apply(kind.cast(MessageCodec.decodeValidated(b)), now);
    }

    /**
     * SEQUENCED: the sender's number goes to {@link SenderSequences}; the payload, unwrapped,
     * goes through the validation and handler it would have met bare (never this one again:
     * validation refused nesting).
     */
    private void sequenced(ByteBuffer b, long now) {
        counters.sequences().record(b.getInt(SequencedMessage.SENDER), b.getInt(SequencedMessage.SEQUENCE));
        int length = b.getInt(Wire.SIZE_OFFSET) - SequencedMessage.PAYLOAD;
        unwrapped.clear().put(0, b, SequencedMessage.PAYLOAD, length);
        payloadRejected = MessageCodec.validate(unwrapped, length);
        if (payloadRejected == null) {
            byCode[unwrapped.getInt(Wire.TYPE_OFFSET)].apply(unwrapped, now);
        }
    }

    /** INQUIRY: decide whether a reader's request needs a new file (spec §6.2). */
    private void inquiry(InquiryMessage m, long now) {
        counters.countInquiry();
        int db = m.databaseId();
        if (requests.contains(db)) {
            return;
        }
        DbEntry d = store.database(db);
        if (d != null && m.clockTime() < d.statsTimestamp) {
            if (now < d.statsTimestamp) {
                LOG.log(Level.INFO, "stats_timestamp {0} is later than collector''s time {1} for database {2}",
                        PgTimestamps.format(d.statsTimestamp), PgTimestamps.format(now),
                        Integer.toUnsignedString(db));
                requests.add(db);
            }
            return;
        }
        if (d != null && m.cutoffTime() <= d.statsTimestamp) {
            return;
        }
        LOG.log(Level.DEBUG, "received inquiry for database {0}", Integer.toUnsignedString(db));
        requests.add(db);
    }

    /** DROPDB: the entry goes, and with it the database's temporary file. */
    private void dropDb(DropDbMessage m, long now) {
        if (store.removeDatabase(m.databaseId()) != null) {
            persistence.removeTemporaryDatabaseFile(m.databaseId());
        }
    }

    /**
     * TABSTAT, applied straight from the validated datagram through its one reader
     * ({@link TabStatMessage.Reader}): the most frequent message, so it is not decoded into
     * records, and applying it allocates nothing once the table entries exist.
     */
    private void tabStat(ByteBuffer b, long now) {
        TabStatMessage.Reader m = tabStat.wrap(b);
        DbEntry d = store.databaseOrCreate(m.databaseId(), now);
        d.xactCommit += m.xactCommit();
        d.xactRollback += m.xactRollback();
        d.blockReadTime += m.blockReadTime();
        d.blockWriteTime += m.blockWriteTime();
        d.totalSessionTime += m.sessionTime();
        d.totalActiveTime += m.activeTime();
        d.totalIdleInXactTime += m.idleInXactTime();
        int n = m.entryCount();
        for (int i = 0; i < n; i++) {
            int oid = m.tableId(i);
            long numScans = m.numScans(i);
            long returned = m.tuplesReturned(i);
            long fetched = m.tuplesFetched(i);
            long inserted = m.tuplesInserted(i);
            long updated = m.tuplesUpdated(i);
            long deleted = m.tuplesDeleted(i);
            long hotUpdated = m.tuplesHotUpdated(i);
            boolean truncated = m.truncated(i);
            long deltaLive = m.deltaLiveTuples(i);
            long deltaDead = m.deltaDeadTuples(i);
            long changed = m.changedTuples(i);
            long blocksFetched = m.blocksFetched(i);
            long blocksHit = m.blocksHit(i);
            TabEntry t = d.tables.get(oid);
            if (t == null) {
                t = new TabEntry(oid);
                d.tables.put(oid, t);
                // a new entry starts from the message's values; t_truncated is irrelevant
                truncated = false;
            }
            d.tableChanged(oid);
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

    private void tabPurge(TabPurgeMessage m, long now) {
        DbEntry d = store.database(m.databaseId());
        if (d == null || d.tables == null) {
            return;
        }
        for (int oid : m.tableIds()) {
            if (d.tables.remove(oid) != null) {
                d.tableChanged(oid);
            }
        }
    }

    private void funcPurge(FuncPurgeMessage m, long now) {
        DbEntry d = store.database(m.databaseId());
        if (d == null || d.functions == null) {
            return;
        }
        for (int oid : m.functionIds()) {
            if (d.functions.remove(oid) != null) {
                d.functionChanged(oid);
            }
        }
    }

    private void resetCounter(ResetCounterMessage m, long now) {
        if (store.database(m.databaseId()) == null) {
            return;
        }
        store.removeDatabase(m.databaseId());
        store.databaseOrCreate(m.databaseId(), now);
    }

    private void resetSingleCounter(ResetSingleCounterMessage m, long now) {
        DbEntry d = store.database(m.databaseId());
        if (d == null) {
            return;
        }
        d.statResetTimestamp = now;
        if (m.resetType() == ResetSingleCounterMessage.RESET_TABLE) {
            d.tables.remove(m.objectId());
            d.tableChanged(m.objectId());
        } else if (m.resetType() == ResetSingleCounterMessage.RESET_FUNCTION) {
            d.functions.remove(m.objectId());
            d.functionChanged(m.objectId());
        }
    }

    private void autovacStart(AutovacStartMessage m, long now) {
        store.databaseOrCreate(m.databaseId(), now).lastAutovacTime = m.startTime();
    }

    private void vacuum(VacuumMessage m, long now) {
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

    private void analyze(AnalyzeMessage m, long now) {
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
        d.tableChanged(tableOid);
        return t;
    }

    private void funcStat(FuncStatMessage m, long now) {
        DbEntry d = store.databaseOrCreate(m.databaseId(), now);
        for (FunctionEntry e : m.entries()) {
            FuncEntry f = d.functions.get(e.functionId());
            if (f == null) {
                f = new FuncEntry(e.functionId());
                d.functions.put(e.functionId(), f);
            }
            d.functionChanged(e.functionId());
            f.numCalls += e.numCalls();
            f.totalTime += e.totalTime();
            f.selfTime += e.selfTime();
        }
    }

    private void recoveryConflict(RecoveryConflictMessage m, long now) {
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

    private void deadlock(DeadlockMessage m, long now) {
        store.databaseOrCreate(m.databaseId(), now).deadlocks++;
    }

    private void checksumFailure(ChecksumFailureMessage m, long now) {
        DbEntry d = store.databaseOrCreate(m.databaseId(), now);
        d.checksumFailures += m.failureCount();
        d.lastChecksumFailure = m.failureTime();
    }

    private void tempFile(TempFileMessage m, long now) {
        DbEntry d = store.databaseOrCreate(m.databaseId(), now);
        d.tempBytes += m.fileSize();
        d.tempFiles++;
    }

    private void connect(ConnectMessage m, long now) {
        store.databaseOrCreate(m.databaseId(), now).sessions++;
    }

    private void disconnect(DisconnectMessage m, long now) {
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
