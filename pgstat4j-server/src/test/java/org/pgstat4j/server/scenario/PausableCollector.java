package org.pgstat4j.server.scenario;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.collector.DatagramSource;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.DatagramReceiver;
import org.pgstat4j.transport.StatsSender;
import org.pgstat4j.transport.StatsSocket;

/**
 * The statistics system of {@code EmbeddedStats} — real socket, collector thread, stats
 * files — with one addition for spec §10.3 item 18: the collector can be stopped in its
 * tracks, as {@code SIGSTOP} stops PostgreSQL's collector process. While paused it neither
 * receives datagrams nor answers inquiries; what is sent waits in the socket's buffer.
 * ({@code EmbeddedStats} has no such hook; this fixture assembles the same parts.)
 */
final class PausableCollector implements AutoCloseable {
    private final StatsSocket socket;
    private final StatsFiles files;
    private final Collector collector;
    private final DatagramReceiver receiver;
    private final Thread thread;
    private final Object gate = new Object();
    private boolean paused;
    private boolean parked;

    private PausableCollector(Path dataDir) throws IOException {
        socket = StatsSocket.open();
        if (!socket.isEnabled()) {
            throw new IllegalStateException("no statistics socket on this machine");
        }
        files = new StatsFiles(dataDir.resolve("pg_stat"), dataDir.resolve("pg_stat_tmp"));
        Files.createDirectories(files.permanentDir());
        Files.createDirectories(files.tempDir());
        collector = new Collector(files, PgTimestamps::now);
        receiver = DatagramReceiver.open(socket.channel());
        thread = Thread.ofPlatform().name("paused-collector").daemon(true).unstarted(() -> collector.run(new Gated()));
        thread.start();
    }

    static PausableCollector start(Path dataDir) throws IOException {
        return new PausableCollector(dataDir);
    }

    StatsSender sender() {
        return socket.sender();
    }

    StatsFiles files() {
        return files;
    }

    /** Stops the collector; returns once it is parked (it will not touch a datagram or a file). */
    void pause() throws InterruptedException {
        synchronized (gate) {
            paused = true;
            receiver.wakeup();
            while (!parked) {
                gate.wait(100);
                receiver.wakeup();
            }
        }
    }

    void resume() {
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    /** Receives only while not paused. */
    private final class Gated implements DatagramSource {
        @Override
        public int receive(ByteBuffer buf) throws IOException {
            synchronized (gate) {
                while (paused) {
                    parked = true;
                    gate.notifyAll();
                    try {
                        gate.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return -1;
                    }
                }
                parked = false;
            }
            return receiver.receive(buf);
        }

        @Override
        public void awaitReadable() throws IOException {
            synchronized (gate) {
                if (paused) {
                    return;
                }
            }
            receiver.awaitReadable(1000);
        }

        @Override
        public void wakeup() {
            receiver.wakeup();
        }
    }

    @Override
    public void close() throws IOException {
        resume();
        collector.requestShutdown();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        receiver.close();
        socket.close();
    }
}
