package org.pgstat4j.postmaster;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.collector.CollectorCounters;
import org.pgstat4j.collector.DatagramSource;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.StatsSocket;
import org.pgstat4j.transport.unix.DatagramChannelFd;
import org.pgstat4j.transport.unix.DrainingReceiver;

/**
 * One life of the statistics collector ({@code PgstatCollectorMain}, spec §5.1–5.2): loads the
 * newest complete statistics files, runs its own receive loop on the statistics socket —
 * handing each datagram to {@link Collector#process} — until asked to stop, drains the queue,
 * writes the permanent files. Between two datagrams the loop also does the collector's chores:
 * settings a reload brought, pending stats-file writes, {@code collector.status}
 * ({@link CollectorStatus}) after every stats-file write and every {@value #STATUS_INTERVAL_SECONDS} s,
 * and — with {@code stats_durability = checkpoint} — a permanent copy every
 * {@code stats_checkpoint_interval}. The socket is only read from; nothing it returns calls
 * back into the collector.
 *
 * <p>The same code runs in the collector child process ({@link #attachToServer}) and on a
 * thread of the server ({@link #onSocket}, {@code --embedded-collector}).
 *
 * <p>Ownership: the thread in {@link #run()} owns the collector's store and everything written
 * from here; the status and the checkpoints are written between two datagrams, by that thread,
 * so a checkpoint is a consistent copy. Other threads only call {@link #requestShutdown()},
 * {@link #requestReload}, {@link #ready()} and {@link #counters()}. Invariant: the permanent
 * files on disk are only ever replaced by a complete new set ({@link StatsFiles#writePermanentSet});
 * a stop at any moment leaves either the previous set or the new one.
 *
 * <p>The one way to misuse it: running two collectors on one socket. They split the datagrams
 * between them, and each writes files with part of the statistics.
 */
public final class CollectorRunner implements Runnable {
    static final long STATUS_INTERVAL_SECONDS = 2;
    static final long DRAIN_SECONDS = 5;
    private static final long STATUS_INTERVAL_NANOS = STATUS_INTERVAL_SECONDS * 1_000_000_000L;
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.postmaster");

    private final DataDirectory dir;
    private final DatagramSource socket;
    private final AutoCloseable receiver;
    private final String mode;
    private final Instant startedAt = Instant.now();
    private final CollectorCounters idleCounters = new CollectorCounters();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AtomicReference<ServerSettings> pendingReload = new AtomicReference<>();
    private volatile ServerSettings settings;
    private volatile Collector collector;
    private volatile boolean shutdownRequested;
    private volatile boolean permanentFilesWritten;

    // owned by the collector thread
    private ServerSettings current;
    private StatsFiles files;
    private long nextStatus;
    private long nextCheckpoint;
    private long lastFileWrites = -1;
    private long checkpoints;
    private Instant lastCheckpoint;

    CollectorRunner(DataDirectory dir, ServerSettings settings, DatagramSource socket, AutoCloseable receiver,
                    String mode) {
        this.dir = dir;
        this.settings = settings;
        this.socket = socket;
        this.receiver = receiver;
        this.mode = mode;
    }

    /**
     * For the collector process: asks the server of {@code dir} for the statistics socket, as
     * any attaching process does, and drains the descriptor it receives.
     */
    public static CollectorRunner attachToServer(DataDirectory dir, ServerSettings settings) throws IOException {
        AttachReply reply = AttachReply.request(dir);
        if (!AttachReply.OK.equals(reply.status()) || reply.fd() < 0) {
            reply.closeFd();
            throw new IOException("the server did not hand over the statistics socket (" + reply.status() + "): "
                    + reply.message());
        }
        DrainingReceiver rx = new DrainingReceiver(reply.fd(), LOG);
        return new CollectorRunner(dir, settings, new DrainingSource(rx), rx, "process");
    }

    /** For a collector thread in the server's own JVM, reading {@code socket}'s channel. */
    public static CollectorRunner onSocket(DataDirectory dir, ServerSettings settings, StatsSocket socket)
            throws IOException {
        DrainingReceiver rx = new DrainingReceiver(DatagramChannelFd.duplicate(socket.channel()), LOG);
        return new CollectorRunner(dir, settings, new DrainingSource(rx), rx, "embedded");
    }

    /** The collector's counters (zeros until it has started). */
    public CollectorCounters counters() {
        Collector c = collector;
        return c == null ? idleCounters : c.counters();
    }

    /** Completes when the statistics are loaded and the collector is receiving. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** After {@link #run()}: whether the permanent files were written (false: the previous ones stayed). */
    public boolean permanentFilesWritten() {
        return permanentFilesWritten;
    }

    /**
     * Stops the loop once the datagrams already queued on the socket are applied (for at most
     * {@value #DRAIN_SECONDS} s, so a sender that never pauses cannot hold the stop); the
     * permanent files are then written. PostgreSQL's collector stops at once and loses what is
     * queued; draining first is what lets a clean shutdown keep every counter the kernel
     * accepted before it. A request that comes while the statistics are still being loaded
     * takes effect as soon as they are.
     */
    public void requestShutdown() {
        shutdownRequested = true;
        socket.wakeup();
    }

    /** Applies {@code next} on the collector thread before the next datagram (SIGHUP). */
    public void requestReload(ServerSettings next) {
        settings = next;
        pendingReload.set(next);
        socket.wakeup();
    }

    @Override
    public void run() {
        try {
            current = settings;
            Path temp = dir.tempDir(current);
            ensureDirectory(temp);
            files = new StatsFiles(dir.permanentDir(), temp);
            Collector c = new Collector(files, PgTimestamps::now); // the newest complete files; none deleted
            collector = c;
            nextCheckpoint = System.nanoTime() + current.statsCheckpointInterval().toNanos();
            writeStatus(c, CollectorStatus.RUNNING);
            ready.complete(null);
            LOG.log(Level.DEBUG, "statistics collector started (" + mode + ")");
            receiveLoop(c);
            writePermanent(c);
            writeStatus(c, CollectorStatus.STOPPED);
        } finally {
            try {
                receiver.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "closing the statistics receiver: " + e.getMessage());
            }
        }
    }

    /**
     * The main loop (spec §5.2): pending writes, chores, receive until the socket is empty,
     * then wait (bounded by the socket source). A receive error is logged and counted, and the
     * loop goes on. After a shutdown request the queue is drained, then the loop ends.
     */
    private void receiveLoop(Collector c) {
        ByteBuffer buf = ByteBuffer.allocateDirect(Collector.RECEIVE_BUFFER_SIZE).order(Wire.ORDER);
        long drainDeadline = 0;
        while (true) {
            ServerSettings next = pendingReload.getAndSet(null);
            if (next != null) {
                apply(next);
            }
            boolean written = c.writePendingFiles();
            long now = System.nanoTime();
            housekeeping(c, now); // after the write: the status tells of it as soon as readers see it
            if (shutdownRequested) {
                if (drainDeadline == 0) {
                    drainDeadline = now + DRAIN_SECONDS * 1_000_000_000L;
                } else if (now - drainDeadline >= 0) {
                    return; // out of time: a sender that never pauses cannot hold the stop
                }
            }
            int n;
            try {
                n = socket.receive(buf);
            } catch (IOException e) {
                c.counters().countReceiveError();
                LOG.log(Level.WARNING, "could not read statistics message: " + e.getMessage());
                pause();
                continue;
            }
            if (n >= 0) {
                c.process(buf, n);
                continue;
            }
            if (shutdownRequested) {
                return; // queue drained
            }
            if (pendingReload.get() == null && (c.writeRequests().isEmpty() || !written)) {
                try {
                    socket.awaitReadable();
                } catch (IOException e) {
                    c.counters().countReceiveError();
                    LOG.log(Level.WARNING, "could not wait for statistics messages: " + e.getMessage());
                    pause();
                }
            }
        }
    }

    /** Checkpoint and status when due; the status also after every stats-file write. */
    private void housekeeping(Collector c, long now) {
        if (current.statsDurability() == ServerSettings.Durability.CHECKPOINT && now - nextCheckpoint >= 0) {
            checkpoint(c);
        }
        long writes = c.counters().fileWrites();
        if (writes != lastFileWrites || now - nextStatus >= 0) {
            lastFileWrites = writes;
            writeStatus(c, CollectorStatus.RUNNING);
        }
    }

    /** The clean stop's permanent set; on failure the previous set stays and a WARNING names the file. */
    private void writePermanent(Collector c) {
        try {
            files.writePermanentSet(c.store(), PgTimestamps.now());
            permanentFilesWritten = true;
        } catch (IOException e) {
            LOG.log(Level.WARNING, e.getMessage() + "; the previous permanent statistics files in \""
                    + dir.permanentDir() + "\" were kept");
        }
    }

    /** Runs on the collector thread: the settings a reload brought. */
    private void apply(ServerSettings next) {
        ServerSettings old = current;
        current = next;
        Collector c = collector;
        Path temp = dir.tempDir(next);
        if (!temp.equals(files.tempDir())) {
            ensureDirectory(temp);
            files.setTempDir(temp);
            // the files readers look for are elsewhere now: the next inquiry must write them
            c.store().global().statsTimestamp = 0;
            c.store().databases().forEachValue(d -> d.statsTimestamp = 0);
            LOG.log(Level.INFO, "statistics collector writes temporary statistics files to \"" + temp + "\"");
        }
        boolean durable = next.statsDurability() == ServerSettings.Durability.CHECKPOINT;
        if (durable && old.statsDurability() != ServerSettings.Durability.CHECKPOINT) {
            checkpoint(c);
        } else if (durable && !next.statsCheckpointInterval().equals(old.statsCheckpointInterval())) {
            nextCheckpoint = System.nanoTime() + next.statsCheckpointInterval().toNanos();
        } else if (!durable && old.statsDurability() == ServerSettings.Durability.CHECKPOINT) {
            // a later server crash must not bring back an old copy: PostgreSQL's rule again
            try {
                int n = DataDirectory.removeStatsFiles(dir.permanentDir());
                LOG.log(Level.INFO, "stats_durability is none: removed the statistics checkpoint (" + n + " files)");
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not remove the statistics checkpoint: " + e.getMessage());
            }
        }
        writeStatus(c, CollectorStatus.RUNNING);
    }

    /** A consistent permanent copy of the live store ({@link StatsFiles#writeCheckpoint}). */
    private void checkpoint(Collector c) {
        nextCheckpoint = System.nanoTime() + current.statsCheckpointInterval().toNanos();
        try {
            files.writeCheckpoint(c.store(), PgTimestamps.now());
        } catch (IOException e) {
            LOG.log(Level.WARNING, e.getMessage() + "; the previous statistics checkpoint was kept");
            return;
        }
        checkpoints++;
        lastCheckpoint = Instant.now();
        LOG.log(Level.DEBUG, "statistics checkpoint written to \"" + dir.permanentDir() + "\"");
    }

    private void writeStatus(Collector c, String state) {
        try {
            CollectorStatus.write(dir.statusFile(), CollectorStatus.describe(mode, state, startedAt, c.counters(),
                    current, files.tempDir(), checkpoints, lastCheckpoint));
        } catch (IOException e) {
            LOG.log(Level.INFO, "could not write \"" + dir.statusFile() + "\": " + e.getMessage());
        }
        nextStatus = System.nanoTime() + STATUS_INTERVAL_NANOS;
    }

    private static void ensureDirectory(Path dir) {
        try {
            DataDirectory.ensureDirectory(dir);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not create statistics directory \"" + dir + "\": " + e.getMessage());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
