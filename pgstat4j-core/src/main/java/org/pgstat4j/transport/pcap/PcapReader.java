package org.pgstat4j.transport.pcap;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads UDP datagrams from a classic pcap stream (the format of {@code tcpdump -w}): either
 * byte order, microsecond or nanosecond timestamps, link types Ethernet (with VLAN tags),
 * Linux cooked v1/v2, raw IPv4/IPv6 and BSD loopback. pcapng is recognised and refused.
 *
 * <p>Streaming: records are read one by one as {@link #next()} is called, so the reader can
 * follow a live {@code tcpdump -U -w -} pipe; it never reads ahead of the record it returns.
 * Not thread-safe.
 *
 * <p>Invariant: a stream that is not valid pcap fails with a {@link PcapFormatException}
 * naming the byte offset and the problem; a valid record that holds no complete UDP datagram
 * (another protocol, a fragment, cut by the snapshot length) is skipped and counted in
 * {@link #skippedCount()}.
 *
 * <p>The one way to misuse it: giving it pcapng (the format Wireshark saves by default). It is
 * recognised and refused; capture with {@code tcpdump -w}, which writes classic pcap.
 */
public final class PcapReader implements Closeable {
    private static final int GLOBAL_HEADER_SIZE = 24;
    private static final int RECORD_HEADER_SIZE = 16;
    /** No real capture has bigger records; a larger length means a corrupt file, not a big packet. */
    private static final int MAX_RECORD_LENGTH = 256 * 1024 * 1024 - 1;

    private final InputStream in;
    private final ByteOrder order;
    private final boolean nanosecond;
    private final int snapLength;
    private final int linkTypeCode;
    private final LinkType linkType;
    private final byte[] recordHeader = new byte[RECORD_HEADER_SIZE];
    private byte[] frame = new byte[2048];
    private long offset;
    private long packets;
    private long skipped;

    /** Reads and checks the global header from {@code in}. */
    public PcapReader(InputStream in) throws IOException {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 65536);
        byte[] h = new byte[GLOBAL_HEADER_SIZE];
        int n = readFully(h, GLOBAL_HEADER_SIZE);
        if (n == 0) {
            throw new PcapFormatException(0, "empty capture: no pcap global header");
        }
        if (n < 4) {
            throw new PcapFormatException(n, "truncated global header: " + n + " of "
                    + GLOBAL_HEADER_SIZE + " bytes");
        }
        int magic = ByteBuffer.wrap(h, 0, 4).order(ByteOrder.BIG_ENDIAN).getInt();
        switch (magic) {
            case 0xA1B2C3D4 -> { order = ByteOrder.BIG_ENDIAN; nanosecond = false; }
            case 0xD4C3B2A1 -> { order = ByteOrder.LITTLE_ENDIAN; nanosecond = false; }
            case 0xA1B23C4D -> { order = ByteOrder.BIG_ENDIAN; nanosecond = true; }
            case 0x4D3CB2A1 -> { order = ByteOrder.LITTLE_ENDIAN; nanosecond = true; }
            case 0x0A0D0D0A -> throw new PcapFormatException(0, "this is a pcapng file; only classic pcap "
                    + "is supported (convert it with: editcap -F pcap IN OUT, or capture with tcpdump -w)");
            default -> throw new PcapFormatException(0, String.format(
                    "bad magic number 0x%08x: not a pcap capture", magic));
        }
        if (n < GLOBAL_HEADER_SIZE) {
            throw new PcapFormatException(n, "truncated global header: " + n + " of "
                    + GLOBAL_HEADER_SIZE + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(h).order(order);
        int major = b.getShort(4) & 0xFFFF;
        if (major != 2) {
            throw new PcapFormatException(4, "unsupported pcap version " + major + "." + (b.getShort(6) & 0xFFFF));
        }
        snapLength = b.getInt(16);
        // the upper bits of the link-type field carry FCS information, not the type
        linkTypeCode = b.getInt(20) & 0xFFFF;
        linkType = LinkType.fromCode(linkTypeCode);
        if (linkType == null) {
            throw new PcapFormatException(20, "unsupported link type " + linkTypeCode
                    + " (supported: Ethernet 1, Linux cooked 113 and 276, raw IP 101/228/229, loopback 0/108)");
        }
    }

    /** Opens a capture file, or standard input for {@code "-"}. */
    public static PcapReader open(String pathOrDash) throws IOException {
        if (pathOrDash.equals("-")) {
            return new PcapReader(System.in);
        }
        return new PcapReader(Files.newInputStream(Path.of(pathOrDash)));
    }

    /**
     * The next UDP datagram, or null at the end of the capture. Skips records without one.
     *
     * @throws PcapFormatException if a record header or record is truncated or impossible
     */
    public UdpDatagram next() throws IOException {
        while (true) {
            long recordOffset = offset;
            int n = readFully(recordHeader, RECORD_HEADER_SIZE);
            if (n == 0) {
                return null;
            }
            if (n < RECORD_HEADER_SIZE) {
                throw new PcapFormatException(recordOffset, "truncated record header: " + n + " of "
                        + RECORD_HEADER_SIZE + " bytes");
            }
            ByteBuffer b = ByteBuffer.wrap(recordHeader).order(order);
            long seconds = b.getInt(0) & 0xFFFF_FFFFL;
            long fraction = b.getInt(4) & 0xFFFF_FFFFL;
            long included = b.getInt(8) & 0xFFFF_FFFFL;
            if (fraction >= (nanosecond ? 1_000_000_000L : 1_000_000L)) {
                throw new PcapFormatException(recordOffset + 4, "timestamp fraction " + fraction
                        + (nanosecond ? " ns" : " µs") + " is not below one second");
            }
            if ((snapLength != 0 && included > Integer.toUnsignedLong(snapLength)) || included > MAX_RECORD_LENGTH) {
                throw new PcapFormatException(recordOffset + 8, "record length " + included
                        + " exceeds the snapshot length " + Integer.toUnsignedLong(snapLength));
            }
            int len = (int) included;
            if (frame.length < len) {
                frame = new byte[Math.max(len, frame.length * 2)];
            }
            int got = readFully(frame, len);
            if (got < len) {
                throw new PcapFormatException(recordOffset + RECORD_HEADER_SIZE, "truncated record: "
                        + got + " of " + len + " packet bytes present");
            }
            packets++;
            long micros = seconds * 1_000_000L + (nanosecond ? fraction / 1000 : fraction);
            UdpDatagram d = FrameDecoder.decode(linkType, frame, len, micros, recordOffset);
            if (d != null) {
                return d;
            }
            skipped++;
        }
    }

    /** Reads up to {@code n} bytes; fewer only at end of stream. */
    private int readFully(byte[] buf, int n) throws IOException {
        int got = 0;
        while (got < n) {
            int r = in.read(buf, got, n - got);
            if (r < 0) {
                break;
            }
            got += r;
        }
        offset += got;
        return got;
    }

    /** Records read so far. */
    public long packetCount() {
        return packets;
    }

    /** Records without a complete UDP datagram, skipped. */
    public long skippedCount() {
        return skipped;
    }

    /** The capture's {@code LINKTYPE_*} value. */
    public int linkType() {
        return linkTypeCode;
    }

    public int snapLength() {
        return snapLength;
    }

    public boolean nanosecondTimestamps() {
        return nanosecond;
    }

    public ByteOrder byteOrder() {
        return order;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
