package org.pgstat4j.postmaster;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.collector.CollectorCounters;
import org.pgstat4j.collector.DatagramSource;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.DatagramReceiver;
import org.pgstat4j.transport.StatsSender;
import org.pgstat4j.transport.StatsSocket;
import org.pgstat4j.transport.unix.DatagramChannelFd;
import org.pgstat4j.transport.unix.DrainingReceiver;

/**
 * The whole statistics system in one JVM: the statistics socket, the collector on a thread,
 * the stats files under a data directory, and factories for senders and readers. This is
 * what a Java server embeds (and what {@code --embedded-collector} runs).
 *
 * <p>Invariant (DESIGN.md §4): starting never fails because of the socket. Without a working
 * socket statistics are disabled — {@link #isEnabled()} is false, {@link #sender()} drops
 * everything — and the host goes on. {@link #close()} stops the collector, which writes the
 * permanent files (a clean shutdown keeps every counter).
 *
 * <p>The one way to misuse it: closing it before the sessions' backends. Their final reports
 * then go to a closed socket and are dropped, and {@code pg_stat/} misses them; close the
 * backends first.
 */
public final class EmbeddedStats implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.postmaster");

    private final Path dataDir;
    private final StatsSocket socket;
    private final StatsFiles files;
    private final Collector collector;
    private final AutoCloseable receiver;
    private final Thread thread;
    private final StatsSender sender;

    private EmbeddedStats(Path dataDir, StatsSocket socket, StatsFiles files, Collector collector,
                          AutoCloseable receiver, Thread thread) {
        this.dataDir = dataDir;
        this.socket = socket;
        this.files = files;
        this.collector = collector;
        this.receiver = receiver;
        this.thread = thread;
        this.sender = socket.isEnabled() ? socket.sender() : StatsSender.disabled();
    }

    /** Starts with a socket made by {@link StatsSocket#open()}. */
    public static EmbeddedStats start(Path dataDir) throws IOException {
        return start(dataDir, StatsSocket.open());
    }

    /**
     * Starts the collector thread on {@code socket} with stats files in
     * {@code dataDir/pg_stat} and {@code dataDir/pg_stat_tmp}; permanent files left by a
     * clean shutdown are loaded (and removed).
     */
    public static EmbeddedStats start(Path dataDir, StatsSocket socket) throws IOException {
        return start(dataDir, socket, Receive.BATCHED);
    }

    /**
     * How the collector thread receives: {@link Receive#BATCHED} has a thread of its own drain the
     * socket with {@code recvmmsg} into a ring and raises the receive buffer
     * ({@link DrainingReceiver}); {@link Receive#SINGLE} receives one datagram per call on the
     * collector thread, with the socket's buffer as {@link StatsSocket} left it, as PostgreSQL
     * 14's collector does — for comparison, and where batched receive is not available.
     */
    public enum Receive { BATCHED, SINGLE }

    /** {@link #start(Path, StatsSocket)} with the receive path chosen. */
    public static EmbeddedStats start(Path dataDir, StatsSocket socket, Receive receive) throws IOException {
        Files.createDirectories(dataDir);
        StatsFiles files = new StatsFiles(dataDir.resolve("pg_stat"), dataDir.resolve("pg_stat_tmp"));
        Files.createDirectories(files.permanentDir());
        Files.createDirectories(files.tempDir());
        if (!socket.isEnabled()) {
            LOG.log(Level.WARNING, "statistics are disabled: no working statistics socket");
            return new EmbeddedStats(dataDir, socket, files, null, null, null);
        }
        Collector collector = new Collector(files, PgTimestamps::now);
        AutoCloseable receiver;
        DatagramSource source;
        if (receive == Receive.BATCHED) {
            DrainingReceiver rx = new DrainingReceiver(DatagramChannelFd.duplicate(socket.channel()), LOG);
            receiver = rx;
            source = new DrainingSource(rx);
        } else {
            DatagramReceiver rx = DatagramReceiver.open(socket.channel());
            receiver = rx;
            source = new ReceiverSource(rx);
        }
        Thread t = Thread.ofPlatform().name("pgstat4j-collector").daemon(true)
                .unstarted(() -> collector.run(source));
        t.start();
        return new EmbeddedStats(dataDir, socket, files, collector, receiver, t);
    }

    public boolean isEnabled() {
        return collector != null;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Where backends send; drops everything when statistics are disabled. */
    public StatsSender sender() {
        return sender;
    }

    public StatsFiles files() {
        return files;
    }

    public StatsSocket socket() {
        return socket;
    }

    /**
     * A reader for a session connected to {@code databaseId}. It shares the collector's
     * {@link StatsFiles}, so the end of the write round it asked for wakes it, and it makes the
     * collector receive its inquiry at once ({@link Collector#receiveNow()}).
     */
    public SnapshotReader newReader(int databaseId) {
        if (collector == null) {
            return new SnapshotReader(files, sender, databaseId);
        }
        return new SnapshotReader(files, sender, databaseId, collector::receiveNow);
    }

    /** The collector's own counters, or null when statistics are disabled. */
    public CollectorCounters counters() {
        return collector == null ? null : collector.counters();
    }

    /** Stops the collector (it writes the permanent files) and closes the socket. */
    @Override
    public void close() {
        if (collector != null) {
            collector.requestShutdown();
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                receiver.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "could not close the statistics receiver: " + e.getMessage());
            }
        }
        socket.close();
    }
}
