package org.pgstat4j.transport.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds small pcap captures byte by byte, for tests of readers of captures. */
public final class TestCaptures {
    public static final int LINK_ETHERNET = 1;
    public static final int LINK_SLL = 113;
    public static final int LINK_SLL2 = 276;
    public static final int LINK_RAW = 101;
    public static final int LINK_IPV4 = 228;
    public static final int LINK_IPV6 = 229;
    public static final int LINK_NULL = 0;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;
    private final boolean nanos;

    private TestCaptures(ByteOrder order, boolean nanos, int snapLen, int linkType) {
        this.order = order;
        this.nanos = nanos;
        ByteBuffer b = ByteBuffer.allocate(24).order(order);
        b.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snapLen).putInt(linkType);
        out.writeBytes(b.array());
    }

    /** A little-endian microsecond capture (what tcpdump writes on x86). */
    public static TestCaptures create(int linkType) {
        return new TestCaptures(ByteOrder.LITTLE_ENDIAN, false, 262144, linkType);
    }

    public static TestCaptures create(ByteOrder order, boolean nanos, int snapLen, int linkType) {
        return new TestCaptures(order, nanos, snapLen, linkType);
    }

    /** Appends a record; {@code fraction} is µs or ns as the capture's kind says. */
    public TestCaptures record(long seconds, long fraction, byte[] frame) {
        ByteBuffer b = ByteBuffer.allocate(16).order(order);
        b.putInt((int) seconds).putInt((int) fraction).putInt(frame.length).putInt(frame.length);
        out.writeBytes(b.array());
        out.writeBytes(frame);
        return this;
    }

    public boolean nanos() {
        return nanos;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    // ---- frames ----

    public static byte[] udp(int srcPort, int dstPort, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload.length)).putShort((short) 0);
        b.put(payload);
        return b.array();
    }

    /** IPv4 with {@code optionWords} 4-byte option words (NOPs) and the given fragment field. */
    public static byte[] ipv4(byte[] src, byte[] dst, int protocol, byte[] body, int optionWords, int fragmentField) {
        int ihl = 20 + optionWords * 4;
        ByteBuffer b = ByteBuffer.allocate(ihl + body.length);
        b.put((byte) (0x40 | (ihl / 4))).put((byte) 0).putShort((short) (ihl + body.length)).putShort((short) 1)
                .putShort((short) fragmentField).put((byte) 64).put((byte) protocol).putShort((short) 0)
                .put(src).put(dst);
        for (int i = 0; i < optionWords * 4; i++) {
            b.put((byte) 1);
        }
        b.put(body);
        return b.array();
    }

    public static byte[] ipv4Udp(int port, byte[] payload) {
        byte[] lo = {127, 0, 0, 1};
        return ipv4(lo, lo, 17, udp(port, port, payload), 0, 0x4000);
    }

    /** IPv6 with one destination-options extension header of 8 bytes before UDP when asked. */
    public static byte[] ipv6Udp(int srcPort, int dstPort, byte[] payload, boolean extensionHeader) {
        byte[] u = udp(srcPort, dstPort, payload);
        int ext = extensionHeader ? 8 : 0;
        ByteBuffer b = ByteBuffer.allocate(40 + ext + u.length);
        b.putInt(0x60000000).putShort((short) (ext + u.length)).put((byte) (extensionHeader ? 60 : 17)).put((byte) 64);
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        b.put(loopback).put(loopback);
        if (extensionHeader) {
            b.put((byte) 17).put((byte) 0).put(new byte[] {1, 4, 0, 0, 0, 0});
        }
        b.put(u);
        return b.array();
    }

    public static byte[] ethernet(int etherType, byte[] packet, int... vlanIds) {
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlanIds.length + packet.length);
        b.put(new byte[12]);
        for (int vlan : vlanIds) {
            b.putShort((short) 0x8100).putShort((short) vlan);
        }
        b.putShort((short) etherType).put(packet);
        return b.array();
    }

    public static byte[] sll(int packetType, int protocol, byte[] packet) {
        ByteBuffer b = ByteBuffer.allocate(16 + packet.length);
        b.putShort((short) packetType).putShort((short) 772).putShort((short) 6).put(new byte[8])
                .putShort((short) protocol).put(packet);
        return b.array();
    }

    public static byte[] sll2(int packetType, int protocol, byte[] packet) {
        ByteBuffer b = ByteBuffer.allocate(20 + packet.length);
        b.putShort((short) protocol).putShort((short) 0).putInt(1).putShort((short) 772).put((byte) packetType)
                .put((byte) 6).put(new byte[8]).put(packet);
        return b.array();
    }

    public static byte[] bsdNull(int family, byte[] packet) {
        ByteBuffer b = ByteBuffer.allocate(4 + packet.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(family).put(packet);
        return b.array();
    }
}
