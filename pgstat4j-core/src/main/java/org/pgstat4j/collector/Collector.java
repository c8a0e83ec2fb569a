package org.pgstat4j.collector;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.RejectReason;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.store.StatsPersistence;
import org.pgstat4j.store.StatsStore;

/**
 * The statistics collector (spec §5.1–5.2, §6.2): drains datagrams, validates each
 * ({@link MessageCodec#validate}), applies it to the live {@link StatsStore} with the handler
 * its kind's {@link org.pgstat4j.protocol.StatMsgType} row names (through
 * {@link CollectorContext}), and writes stats files when readers ask. It knows no message
 * kind by name.
 *
 * <p>Ownership: one thread — the one in {@link #run()}, or the caller of {@link #process} when
 * driven directly (replay, tests) — owns the store; nothing else touches it. Other threads
 * may call {@link #requestShutdown()}, {@link #requestReload(Runnable)} and read
 * {@link #counters()}. Invariant: no byte sequence makes {@link #process} throw; rejected
 * datagrams are counted by reason. Write requests are served before the next datagram is
 * read, as PostgreSQL does.
 *
 * <p>The one way to misuse it: calling {@link #process} from a second thread, or while
 * {@link #run()} runs. One thread owns the store; anything else races with it.
 */
public final class Collector implements Runnable {
    /** One more byte than any valid message, so an over-long datagram is seen as such. */
    public static final int RECEIVE_BUFFER_SIZE = Wire.MAX_MSG_SIZE + 24;

    private static final System.Logger LOG = System.getLogger("org.pgstat4j.collector");

    private final StatsPersistence persistence;
    private final LongSupplier clock;
    private final CollectorCounters counters = new CollectorCounters();
    private final WriteRequests requests = new WriteRequests();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER_SIZE).order(Wire.ORDER);
    private final StatsStore store;
    private final CollectorContext context;
    private volatile boolean shutdownRequested;
    private volatile Runnable pendingReload;
    private volatile DatagramSource source;

    /**
     * @param persistence where stats files go; the newest complete statistics files are loaded
     *                    here, as the collector process does at start (permanent files stay until
     *                    a complete new set replaces them)
     * @param clock       current time as PostgreSQL TimestampTz (µs since 2000-01-01)
     */
    public Collector(StatsPersistence persistence, LongSupplier clock) {
        this.persistence = persistence;
        this.clock = clock;
        this.store = persistence.loadPermanent(clock.getAsLong());
        // spec §6.4 step 5: the first inquiry after start always triggers a write
        store.global().statsTimestamp = 0;
        store.databases().forEachValue(d -> d.statsTimestamp = 0);
        this.context = new CollectorContext(store, requests, counters, persistence);
    }

    public CollectorCounters counters() {
        return counters;
    }

    /** The live store; only for the owning thread (or after {@link #run()} returned). */
    public StatsStore store() {
        return store;
    }

    /** Databases with pending write requests (owning thread only). */
    public WriteRequests writeRequests() {
        return requests;
    }

    /**
     * Validates and applies one datagram held at offset 0 of {@code buf}. Returns the reason
     * it was rejected, or null if it was applied.
     */
    public RejectReason process(ByteBuffer buf, int length) {
        counters.countReceived();
        RejectReason r = MessageCodec.validate(buf, length);
        if (r != null) {
            counters.countRejected(r);
            return r;
        }
        r = context.apply(buf, clock.getAsLong());
        if (r != null) {
            counters.countRejected(r); // the payload of a sequenced datagram
            return r;
        }
        counters.countApplied();
        return null;
    }

    /** Convenience for tests and replay: processes one datagram given as bytes. */
    public RejectReason process(byte[] datagram) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(datagram.length, Wire.HEADER_SIZE)).order(Wire.ORDER);
        b.put(0, datagram);
        return process(b, datagram.length);
    }

    /** Writes the requested files now if any are pending (spec §6.3); true if none remain. */
    public boolean writePendingFiles() {
        if (requests.isEmpty()) {
            return true;
        }
        boolean ok = persistence.writeTemporary(store, requests, clock.getAsLong());
        counters.countFileWrite(ok);
        if (ok) {
            requests.clear();
        }
        return ok;
    }

    /** Writes the permanent copy of everything (shutdown, or a durability checkpoint). */
    public void writePermanentFiles() {
        persistence.writePermanent(store, clock.getAsLong());
    }

    /** Stops {@link #run()} after the datagram in progress; the permanent files are written. */
    public void requestShutdown() {
        shutdownRequested = true;
        DatagramSource s = source;
        if (s != null) {
            s.wakeup();
        }
    }

    /**
     * Makes a waiting {@link #run()} loop receive now (any thread). A reader in this JVM calls it
     * right after sending an inquiry: the loop then takes the inquiry from the socket at once
     * instead of when the receive side would next hand it datagrams (it may let a burst gather
     * first), and serves the write before it waits again. Without a waiting loop it costs one
     * extra look at an empty socket.
     */
    public void receiveNow() {
        DatagramSource s = source;
        if (s != null) {
            s.wakeup();
        }
    }

    /** Runs {@code reload} on the collector thread before the next datagram (SIGHUP). */
    public void requestReload(Runnable reload) {
        pendingReload = reload;
        DatagramSource s = source;
        if (s != null) {
            s.wakeup();
        }
    }

    /** Runs the main loop on {@code source} until shutdown (see {@link #run()}). */
    public void run(DatagramSource source) {
        this.source = source;
        run();
    }

    /**
     * The main loop (spec §5.2): serve pending writes, receive until the socket is empty, then
     * wait. A receive error is logged and counted, and the loop goes on (PostgreSQL would exit
     * and lose every statistic). On shutdown the permanent files are written.
     */
    @Override
    public void run() {
        DatagramSource src = source;
        if (src == null) {
            throw new IllegalStateException("no datagram source: use run(DatagramSource)");
        }
        while (!shutdownRequested) {
            Runnable reload = pendingReload;
            if (reload != null) {
                pendingReload = null;
                reload.run();
            }
            writePendingFiles();
            int n;
            ByteBuffer in = buffer;
            try {
                if (src.receivesInPlace()) {
                    in = src.receiveInPlace();
                    n = in == null ? -1 : in.limit();
                } else {
                    n = src.receive(buffer);
                }
            } catch (IOException e) {
                counters.countReceiveError();
                LOG.log(Level.WARNING, "could not read statistics message: " + e.getMessage());
                sleepQuietly();
                continue;
            }
            if (n < 0) {
                try {
                    if (!shutdownRequested && pendingReload == null && requests.isEmpty()) {
                        src.awaitReadable();
                    }
                } catch (IOException e) {
                    counters.countReceiveError();
                    LOG.log(Level.WARNING, "could not wait for statistics messages: " + e.getMessage());
                    sleepQuietly();
                }
                continue;
            }
            process(in, n);
        }
        writePermanentFiles();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
