package org.pgstat4j.server.pg14;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.pgstat4j.protocol.InquiryMessage;
import org.pgstat4j.protocol.StatMsgType;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.server.replay.CaptureReplay;
import org.pgstat4j.transport.pcap.PcapReader;
import org.pgstat4j.transport.pcap.UdpDatagram;

/**
 * The valve between a live capture and its passive mirror: passes pcap records through in
 * order, and on request holds every record after the next INQUIRY of one database — so the
 * mirror's collector stops exactly where PostgreSQL's collector wrote the file a reader of that
 * database read, while the capture itself goes on.
 *
 * <p>Invariant: the collector's records leave in the order they came; none of them is dropped
 * (records of other ports are: the mirror would ignore them); while held, they queue until
 * {@link #open()}. Passing never waits for the mirror (the capture forwards through a queue). Collector datagrams are counted as the mirror counts them (source port
 * = destination port = the collector's port), so a test can wait until the mirror has taken all
 * that passed.
 */
public final class MirrorGate {
    private int port;
    private final Consumer<byte[]> forward;
    private final List<byte[]> held = new ArrayList<>();
    private byte[] globalHeader;
    private Integer armedFor;
    private boolean holding;
    private long passedCollectorDatagrams;
    private long heldInquiryIndex = -1;

    /** @param port the collector's port, or 0 to hold every record until {@link #port(int)} names it */
    MirrorGate(int port, Consumer<byte[]> forward) {
        this.port = port;
        this.forward = forward;
    }

    synchronized void header(byte[] global) {
        globalHeader = global.clone();
        forward.accept(global);
    }

    /** One record from the capture (capture thread only). */
    synchronized void pass(byte[] record) throws IOException {
        if (holding || port == 0) {
            held.add(record);
            return;
        }
        UdpDatagram d = decode(record);
        if (d == null || !CaptureReplay.collectorDatagram(d) || d.destinationPort() != port) {
            return; // not the collector's: the mirror would leave it aside anyway
        }
        Integer inquiry = inquiryDatabase(d.payload());
        passedCollectorDatagrams++;
        forward.accept(record);
        if (armedFor != null && armedFor.equals(inquiry)) {
            holding = true;
            armedFor = null;
            heldInquiryIndex = passedCollectorDatagrams - 1;
            notifyAll();
        }
    }

    /** Names the collector's port (once known) and lets the records held until then pass. */
    synchronized void port(int collectorPort) throws IOException {
        port = collectorPort;
        if (!holding) {
            open();
        }
    }

    /** From now on, hold everything after the next INQUIRY of {@code databaseId}. */
    public synchronized void holdAfterInquiry(int databaseId) {
        armedFor = databaseId;
    }

    /**
     * Waits until the gate holds; returns the index (0-based among collector datagrams) of the
     * INQUIRY it holds after, or -1 if none came in time.
     */
    public synchronized long awaitHolding(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!holding && System.nanoTime() < deadline) {
            TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, deadline - System.nanoTime()));
        }
        return holding ? heldInquiryIndex : -1;
    }

    /** Collector datagrams passed to the mirror so far. */
    public synchronized long passedCollectorDatagrams() {
        return passedCollectorDatagrams;
    }

    /** Passes the held records on and stops holding. */
    public synchronized void open() throws IOException {
        armedFor = null;
        holding = false;
        List<byte[]> queued = new ArrayList<>(held);
        held.clear();
        for (byte[] r : queued) {
            pass(r);
        }
    }

    private UdpDatagram decode(byte[] record) throws IOException {
        byte[] one = Arrays.copyOf(globalHeader, globalHeader.length + record.length);
        System.arraycopy(record, 0, one, globalHeader.length, record.length);
        try (PcapReader r = new PcapReader(new BufferedInputStream(new ByteArrayInputStream(one), one.length))) {
            return r.next();
        }
    }

    /** The database of an INQUIRY datagram, or null for any other. */
    private static Integer inquiryDatabase(byte[] p) {
        StatMsgType t = StatMsgType.INQUIRY;
        if (p.length != t.headerSize()) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(Wire.TYPE_OFFSET) != t.code() || b.getInt(Wire.SIZE_OFFSET) != p.length) {
            return null;
        }
        return b.getInt(InquiryMessage.DATABASE_ID);
    }
}
