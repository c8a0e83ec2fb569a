package org.pgstat4j.server.pg14;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.server.mirror.MirrorStatsService;
import org.pgstat4j.server.replay.CaptureReplay;
import org.pgstat4j.server.replay.ReplayException;

/**
 * A live capture of a PostgreSQL 14 statistics collector's traffic with Debian's
 * {@code tcpdump -U -w - -i lo udp port N} (as root, or through {@code sudo -n}), saved to a pcap
 * file for the offline replay ({@link #replay}) and streamed, record by record as it arrives, to
 * the passive mirror ({@link #startMirror}).
 *
 * <p>API: {@link #start(int, Path)} captures one port and returns once tcpdump listens;
 * {@link #startBeforeServer(Path)} captures every self-addressed datagram from before the server
 * starts (its collector's whole life), the port named later with {@link #collectorPort(int)};
 * {@link #sync()} is a barrier — it sends a marker datagram that tcpdump's filter takes but the
 * replay and the mirror leave aside (to the collector's port from another port, which the
 * collector's socket, connected to itself, never receives; or, capturing every self-addressed
 * datagram, from a socket to itself on another port) and waits until the marker has been written
 * to the file and to the mirror's stream, so everything captured before it has too;
 * {@link #close()} stops tcpdump (by its pid) and ends the mirror's stream.
 *
 * <p>Invariant: the file holds every record tcpdump wrote, in its order; the mirror's stream
 * holds the collector's records among them (once its port is known), in the same order — held
 * back by {@link MirrorGate} at times, never reordered, and never slowing the capture down (a
 * queue and a writer thread feed the mirror's pipe). A record is written whole or not at all.
 */
public final class CollectorCapture implements AutoCloseable {
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private volatile int port;
    /** The port tcpdump's filter names, or 0 when it takes every self-addressed datagram. */
    private final int filterPort;
    private final Path file;
    private final Process tcpdump;
    private final PipedOutputStream mirrorFeed = new PipedOutputStream();
    private final PipedInputStream mirrorStream;
    private final MirrorGate gate;
    private final Thread copier;
    private final Object progress = new Object();
    private byte[] awaitedMarker; // guarded by progress
    private boolean markerSeen; // guarded by progress
    private boolean ended; // guarded by progress
    private long records; // guarded by progress
    private volatile boolean mirrorAlive = true;
    /** Ends the mirror's stream when queued. */
    private static final byte[] END = new byte[0];
    private final LinkedBlockingQueue<byte[]> mirrorQueue = new LinkedBlockingQueue<>();
    private final Thread mirrorWriter;
    private final Path tcpdumpLog;
    private volatile IOException failure;

    private CollectorCapture(int port, Path file) throws IOException {
        this.port = port;
        this.filterPort = port;
        this.file = file;
        this.mirrorStream = new PipedInputStream(mirrorFeed, 1 << 20);
        this.gate = new MirrorGate(port, this::forward);
        List<String> cmd = new ArrayList<>();
        if (!PgUser.needed()) {
            cmd.addAll(List.of("sudo", "-n"));
        }
        // without a port: every self-addressed datagram (the BPF udp[] accessor is IPv4 only, so all of IPv6)
        String filter = port > 0 ? "udp port " + port : "udp and (ip6 or udp[0:2] = udp[2:2])";
        // a 64 MiB kernel buffer; 1500 bytes hold any collector datagram (PostgreSQL's are at most 1000)
        cmd.addAll(List.of("tcpdump", "-U", "-n", "-B", "65536", "-s", "1500", "-i", "lo", "-w", "-", filter));
        // tcpdump's messages go to a file: a pipe read while the process exits may lose its last words
        this.tcpdumpLog = file.resolveSibling(file.getFileName() + ".tcpdump.log");
        this.tcpdump = new ProcessBuilder(cmd).redirectError(tcpdumpLog.toFile()).start();
        this.mirrorWriter = Thread.ofPlatform().name("mirror-writer-" + port).daemon(true).start(this::writeMirror);
        this.copier = Thread.ofPlatform().name("tcpdump-copier-" + port).daemon(true).start(this::copy);
    }

    /** Starts capturing the collector's traffic on {@code port} into {@code file}; returns once tcpdump listens. */
    public static CollectorCapture start(int port, Path file) throws IOException, InterruptedException {
        return start(new CollectorCapture(port, file));
    }

    /**
     * Starts capturing every self-addressed UDP datagram on the loopback interface into
     * {@code file} — before a server starts, so that its collector's whole life is captured;
     * name the collector's port with {@link #collectorPort(int)} once the server runs.
     */
    public static CollectorCapture startBeforeServer(Path file) throws IOException, InterruptedException {
        return start(new CollectorCapture(0, file));
    }

    /** Names the collector's port of a capture started with {@link #startBeforeServer(Path)}. */
    public void collectorPort(int collectorPort) throws IOException {
        port = collectorPort;
        gate.port(collectorPort);
    }

    private static CollectorCapture start(CollectorCapture c) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.tcpdumpReport().contains("listening on")) {
            if (!c.tcpdump.isAlive() || System.nanoTime() > deadline) {
                c.close();
                throw new IOException("tcpdump did not start listening: " + c.tcpdumpReport());
            }
            Thread.sleep(20);
        }
        return c;
    }

    /** Copies tcpdump's pcap stream, record by record, to the file and through the gate to the mirror. */
    private void copy() {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(tcpdump.getInputStream(), 1 << 16));
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            byte[] global = new byte[GLOBAL_HEADER];
            in.readFully(global);
            int magic = ByteBuffer.wrap(global, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            ByteOrder order = magic == 0xA1B2C3D4 || magic == 0xA1B23C4D ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            out.write(global);
            out.flush();
            gate.header(global);
            byte[] header = new byte[RECORD_HEADER];
            while (true) {
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    break;
                }
                int length = ByteBuffer.wrap(header).order(order).getInt(8);
                byte[] record = Arrays.copyOf(header, RECORD_HEADER + length);
                in.readFully(record, RECORD_HEADER, length);
                out.write(record);
                boolean marker = isMarker(record);
                // written through before a sync returns, and whenever tcpdump has nothing more for now
                if (marker || in.available() == 0) {
                    out.flush();
                }
                gate.pass(record);
                noteRecord(marker);
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            mirrorQueue.add(END);
            synchronized (progress) {
                ended = true;
                progress.notifyAll();
            }
        }
    }

    /** Queues bytes for the mirror's stream; never waits (the writer thread does). */
    private void forward(byte[] bytes) {
        mirrorQueue.add(bytes);
    }

    /** Writes the queued records to the mirror's pipe, waiting for the mirror as long as it reads. */
    private void writeMirror() {
        try {
            while (true) {
                byte[] b = mirrorQueue.take();
                if (b == END) {
                    break;
                }
                if (mirrorAlive) {
                    try {
                        mirrorFeed.write(b);
                        mirrorFeed.flush();
                    } catch (IOException e) {
                        mirrorAlive = false; // the mirror stopped reading; the file goes on
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                mirrorFeed.close();
            } catch (IOException e) {
                // the mirror is gone
            }
        }
    }

    private boolean isMarker(byte[] record) {
        synchronized (progress) {
            byte[] m = awaitedMarker;
            return m != null && record.length >= m.length
                    && Arrays.equals(record, record.length - m.length, record.length, m, 0, m.length);
        }
    }

    private void noteRecord(boolean marker) {
        synchronized (progress) {
            records++;
            markerSeen |= marker;
            progress.notifyAll();
        }
    }

    /**
     * Barrier: everything tcpdump saw before this call is in the file (and given to the mirror's
     * stream, unless the gate holds it) when it returns.
     */
    public void sync() throws IOException, InterruptedException {
        byte[] marker = ("pgstat4j-capture-sync-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
        synchronized (progress) {
            awaitedMarker = marker;
            markerSeen = false;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            // to the collector's port from another one (filter by port), or to itself (filter on self-addressed)
            int to = filterPort > 0 ? filterPort : s.getLocalPort();
            while (true) {
                s.send(new DatagramPacket(marker, marker.length, InetAddress.getLoopbackAddress(), to));
                synchronized (progress) {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                    while (!markerSeen && !ended && System.nanoTime() < until) {
                        TimeUnit.NANOSECONDS.timedWait(progress, Math.max(1, until - System.nanoTime()));
                    }
                    if (markerSeen) {
                        return;
                    }
                    if (ended) {
                        throw new IOException("the capture ended before the sync marker: " + tcpdumpReport(), failure);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the sync marker was not captured within 30 s: " + tcpdumpReport());
                }
            }
        }
    }

    /** The collector's port being captured. */
    public int port() {
        return port;
    }

    /** The pcap file (complete up to the last {@link #sync()}). */
    public Path file() {
        return file;
    }

    /** pcap records captured so far (including sync markers). */
    public long records() {
        synchronized (progress) {
            return records;
        }
    }

    /** What holds the mirror's stream back (e.g. right after a reader's INQUIRY). */
    public MirrorGate gate() {
        return gate;
    }

    /**
     * Packets the kernel dropped before tcpdump read them, as tcpdump reports when it ends (so
     * after {@link #close()}); -1 while unknown. Any drop may have lost collector datagrams: the
     * capture is then incomplete and cannot be compared.
     */
    public long droppedByKernel() {
        for (String line : tcpdumpReport().lines().toList()) {
            if (line.endsWith("packets dropped by kernel")) {
                return Long.parseLong(line.substring(0, line.indexOf(' ')));
            }
        }
        return -1;
    }

    /** tcpdump's messages (start, and at the end the packets it captured and dropped). */
    public String tcpdumpReport() {
        try {
            return Files.exists(tcpdumpLog) ? Files.readString(tcpdumpLog).trim() : "";
        } catch (IOException e) {
            return "(cannot read tcpdump's messages: " + e.getMessage() + ")";
        }
    }

    /** The live pcap stream for a passive mirror (one reader only). */
    public InputStream mirrorStream() {
        return mirrorStream;
    }

    /** A passive mirror following this capture live, as database {@code databaseId} sees it. */
    public MirrorStatsService startMirror(Catalog catalog, int databaseId) throws IOException {
        return MirrorStatsService.start(mirrorStream, catalog, databaseId, port);
    }

    /** The offline replay of the file (call {@link #sync()} first), up to the last INQUIRY of {@code databaseId}. */
    public CaptureReplay.Result replay(int databaseId) throws IOException, ReplayException {
        return CaptureReplay.replay(file, new CaptureReplay.Options(port, databaseId, false));
    }

    /** Stops tcpdump (SIGTERM to its pid), waits for the copy to end and ends the mirror's stream; idempotent. */
    @Override
    public void close() throws IOException, InterruptedException {
        tcpdump.destroy();
        if (!tcpdump.waitFor(30, TimeUnit.SECONDS)) {
            tcpdump.destroyForcibly();
        }
        copier.join(TimeUnit.SECONDS.toMillis(30));
        mirrorQueue.add(END);
        mirrorWriter.join(TimeUnit.SECONDS.toMillis(5));
        if (mirrorWriter.isAlive()) { // the mirror stopped reading while its pipe was full
            mirrorWriter.interrupt();
            mirrorWriter.join(TimeUnit.SECONDS.toMillis(30));
        }
        mirrorFeed.close();
    }
}
