package org.pgstat4j.snapshot;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.protocol.InquiryMessage;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.StatsSender;

/**
 * A reader's access to statistics ({@code backend_read_statsfile}, spec §7.2–7.3): on first
 * use in a transaction it asks the collector for a fresh enough file with an inquiry, polls
 * the file's timestamp every {@value #POLL_STEP_MS} ms (re-sending the inquiry every 640 ms), gives up after
 * 10 s with the "using stale statistics" LOG, then loads an immutable {@link Snapshot} and
 * keeps it until {@link #clear()} (transaction end or {@code pg_stat_clear_snapshot()}).
 *
 * <p>In the collector's own JVM the waiting is event-driven, the rules unchanged: right after
 * an inquiry is sent the reader runs the hook it was given ({@code inquirySent}, which makes a
 * waiting collector receive at once), and between two looks at the timestamp it waits on its
 * {@link StatsFiles}' write rounds ({@link StatsFiles#awaitWriteRound}), which the collector's
 * write wakes; the round count is noted before each look, so a write that ends before the
 * reader waits is not missed. In another process no round ends there and the wait is the
 * {@value #POLL_STEP_MS} ms poll.
 *
 * <p>One reader per session, used by one thread at a time; the snapshots it hands out are
 * immutable and may be shared.
 *
 * <p>The one way to misuse it: never calling {@link #clear()}. The first snapshot is then kept
 * for good and the statistics a session reads stop moving; clear at transaction end.
 */
public final class SnapshotReader {
    public static final long RETRY_DELAY_MS = 10;
    public static final long MAX_WAIT_MS = 10_000;
    public static final long INQ_INTERVAL_MS = 640;
    public static final int POLL_LOOP_COUNT = (int) (MAX_WAIT_MS / RETRY_DELAY_MS);
    public static final int INQ_LOOP_COUNT = (int) (INQ_INTERVAL_MS / RETRY_DELAY_MS);
    /**
     * How long a reader sleeps between two looks at the file's timestamp. PostgreSQL sleeps
     * {@value #RETRY_DELAY_MS} ms; a collector that appends only what changed answers an
     * inquiry well within 1 ms, so we look every millisecond. The total wait, the inquiry
     * interval and the stale rule are PostgreSQL's.
     */
    public static final long POLL_STEP_MS = 1;
    private static final int POLL_STEPS = (int) (MAX_WAIT_MS / POLL_STEP_MS);
    private static final int INQ_STEPS = (int) (INQ_INTERVAL_MS / POLL_STEP_MS);
    private static final long SKEW_LOG_THRESHOLD_US = 1_000_000;

    private static final System.Logger LOG = System.getLogger("org.pgstat4j.snapshot");

    /** Which freshness rules apply (spec §7.5). */
    public enum Mode {
        /** Regular backend: file at most 500 ms old; deep read of the own database. */
        BACKEND,
        /** Autovacuum worker: file at most 10 ms old. */
        AUTOVACUUM_WORKER,
        /** Autovacuum launcher: inquiries for database 0, shallow read. */
        AUTOVACUUM_LAUNCHER
    }

    /** Sleeping, replaceable so that tests run without waiting. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepMillis(long ms) throws InterruptedException;
    }

    private final StatsFiles files;
    private final StatsSender sender;
    private final int ownDatabase;
    private final Mode mode;
    private final LongSupplier clock;
    /** Pauses between polls when given (tests, other clocks); null: wait on the files' write rounds. */
    private final Sleeper sleeper;
    private final Runnable inquirySent;
    private final ByteBuffer inquiryBuffer = Wire.newBuffer();
    private Snapshot current;
    private boolean lastWasStale;

    /**
     * A backend's reader of {@code files}: between polls it waits on their write rounds, so it
     * is woken at once by a collector writing through the same object and polls otherwise.
     */
    public SnapshotReader(StatsFiles files, StatsSender sender, int ownDatabase) {
        this(files, sender, ownDatabase, () -> { });
    }

    /**
     * A backend's reader in the collector's JVM: as above, and {@code inquirySent} runs right
     * after each inquiry has been sent (it makes the collector receive now; it must not block).
     */
    public SnapshotReader(StatsFiles files, StatsSender sender, int ownDatabase, Runnable inquirySent) {
        this(files, sender, ownDatabase, Mode.BACKEND, PgTimestamps::now, null, inquirySent);
    }

    /** A reader with its own clock and pause between polls (tests, autovacuum modes, other processes). */
    public SnapshotReader(StatsFiles files, StatsSender sender, int ownDatabase, Mode mode,
                          LongSupplier clock, Sleeper sleeper) {
        this(files, sender, ownDatabase, mode, clock, Objects.requireNonNull(sleeper), () -> { });
    }

    private SnapshotReader(StatsFiles files, StatsSender sender, int ownDatabase, Mode mode,
                           LongSupplier clock, Sleeper sleeper, Runnable inquirySent) {
        this.files = files;
        this.sender = sender;
        this.ownDatabase = ownDatabase;
        this.mode = mode;
        this.clock = clock;
        this.sleeper = sleeper;
        this.inquirySent = inquirySent;
    }

    /** The transaction's snapshot, loading one first if there is none. */
    public Snapshot snapshot() {
        if (current == null) {
            current = load();
        }
        return current;
    }

    /** Whether a snapshot is loaded (held until {@link #clear()}). */
    public boolean hasSnapshot() {
        return current != null;
    }

    /** Forgets the snapshot ({@code pgstat_clear_snapshot}); the next read loads a new one. */
    public void clear() {
        current = null;
    }

    /** Whether the last load gave up waiting and used stale (or no) files. */
    public boolean lastLoadWasStale() {
        return lastWasStale;
    }

    private Snapshot load() {
        int inquiryDb = mode == Mode.AUTOVACUUM_LAUNCHER ? 0 : ownDatabase;
        long tolerance = (mode == Mode.AUTOVACUUM_WORKER ? RETRY_DELAY_MS : Wire.STAT_INTERVAL_MS) * 1000;
        long ref = 0;
        long minTs = 0;
        boolean fresh = false;
        int count;
        for (count = 0; count < POLL_STEPS; count++) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            long rounds = sleeper == null ? files.writeRounds() : 0; // noted before the look
            Long fileTs = files.readDatabaseTimestamp(inquiryDb);
            long cur = clock.getAsLong();
            if (count == 0 || cur < ref) {
                ref = cur;
                minTs = ref - tolerance;
            }
            if (fileTs != null && fileTs > cur) {
                if (fileTs >= cur + SKEW_LOG_THRESHOLD_US) {
                    LOG.log(Level.INFO, "statistics collector''s time {0} is later than backend local time {1}",
                            PgTimestamps.format(fileTs), PgTimestamps.format(cur));
                }
                sendInquiry(cur, minTs, inquiryDb);
                fresh = true;
                break;
            }
            if (fileTs != null && fileTs >= minTs) {
                fresh = true;
                break;
            }
            if (count % INQ_STEPS == 0) {
                sendInquiry(cur, minTs, inquiryDb);
            }
            try {
                if (sleeper == null) {
                    files.awaitWriteRound(rounds, POLL_STEP_MS);
                } else {
                    sleeper.sleepMillis(POLL_STEP_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        lastWasStale = !fresh;
        if (!fresh) {
            LOG.log(Level.INFO, "using stale statistics instead of current ones because stats collector is not responding");
        }
        StatsStore store = mode == Mode.AUTOVACUUM_LAUNCHER
                ? org.pgstat4j.storage.StatsFileReader.read(files.tempDir(), 0, false, false, false, clock.getAsLong())
                : files.readSnapshot(ownDatabase, clock.getAsLong());
        return new Snapshot(store, ownDatabase);
    }

    private void sendInquiry(long clockTime, long cutoff, int db) {
        MessageCodec.encode(new InquiryMessage(clockTime, cutoff, db), inquiryBuffer);
        if (sender.send(inquiryBuffer)) {
            inquirySent.run();
        }
    }
}
