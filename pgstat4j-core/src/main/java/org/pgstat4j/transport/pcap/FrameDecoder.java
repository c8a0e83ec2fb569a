package org.pgstat4j.transport.pcap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Finds the UDP payload in one captured frame: link layer → IPv4/IPv6 → UDP. Anything else
 * (another protocol, a fragment, a frame cut short by the snapshot length, a malformed
 * header) yields {@code null}: the capture is fine, this packet just carries no whole UDP
 * datagram. Lengths come from the IP and UDP headers, never from the frame length, so
 * Ethernet padding and trailing FCS bytes are ignored.
 */
final class FrameDecoder {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int PROTO_UDP = 17;
    private static final int PACKET_OUTGOING = 4;

    private FrameDecoder() {
    }

    static UdpDatagram decode(LinkType link, byte[] f, int len, long tsMicros, long recordOffset) {
        int p = link.headerLength();
        if (len < p) {
            return null;
        }
        boolean outgoing = false;
        int etherType;
        switch (link) {
            case ETHERNET -> {
                etherType = u16(f, 12);
                // 802.1Q, 802.1ad and the old QinQ tag: skip the tag control field
                while (etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100) {
                    if (len < p + 4) {
                        return null;
                    }
                    etherType = u16(f, p + 2);
                    p += 4;
                }
            }
            case LINUX_SLL -> {
                outgoing = u16(f, 0) == PACKET_OUTGOING;
                etherType = u16(f, 14);
            }
            case LINUX_SLL2 -> {
                outgoing = (f[10] & 0xFF) == PACKET_OUTGOING;
                etherType = u16(f, 0);
            }
            default -> etherType = -1; // version nibble decides
        }
        if (len <= p) {
            return null;
        }
        int version = (f[p] & 0xF0) >>> 4;
        if (etherType == ETHERTYPE_IPV4 || (etherType == -1 && version == 4)) {
            return version == 4 ? ipv4(f, p, len, tsMicros, outgoing, recordOffset) : null;
        }
        if (etherType == ETHERTYPE_IPV6 || (etherType == -1 && version == 6)) {
            return version == 6 ? ipv6(f, p, len, tsMicros, outgoing, recordOffset) : null;
        }
        return null;
    }

    private static UdpDatagram ipv4(byte[] f, int p, int len, long ts, boolean outgoing, long off) {
        if (len < p + 20) {
            return null;
        }
        int ihl = (f[p] & 0x0F) * 4;
        int total = u16(f, p + 2);
        int fragment = u16(f, p + 6);
        boolean moreFragments = (fragment & 0x2000) != 0;
        int fragmentOffset = fragment & 0x1FFF;
        if (ihl < 20 || total < ihl || p + total > len || moreFragments || fragmentOffset != 0
                || (f[p + 9] & 0xFF) != PROTO_UDP) {
            return null;
        }
        return udp(f, p + ihl, p + total, Arrays.copyOfRange(f, p + 12, p + 16),
                Arrays.copyOfRange(f, p + 16, p + 20), ts, outgoing, off);
    }

    private static UdpDatagram ipv6(byte[] f, int p, int len, long ts, boolean outgoing, long off) {
        if (len < p + 40) {
            return null;
        }
        int payloadLength = u16(f, p + 4);
        int end = p + 40 + payloadLength;
        if (payloadLength == 0 || end > len) {
            return null; // jumbogram or cut short
        }
        int next = f[p + 6] & 0xFF;
        int q = p + 40;
        while (next != PROTO_UDP) {
            if (q + 8 > end) {
                return null;
            }
            switch (next) {
                case 0, 43, 60 -> { // hop-by-hop, routing, destination options
                    int n = f[q] & 0xFF;
                    next = n;
                    q += ((f[q + 1] & 0xFF) + 1) * 8;
                }
                case 44 -> { // fragment: only an unfragmented ("atomic") one is usable
                    int fo = u16(f, q + 2);
                    if ((fo & 0xFFF9) != 0) {
                        return null;
                    }
                    next = f[q] & 0xFF;
                    q += 8;
                }
                case 51 -> { // authentication header
                    next = f[q] & 0xFF;
                    q += ((f[q + 1] & 0xFF) + 2) * 4;
                }
                default -> {
                    return null;
                }
            }
        }
        return udp(f, q, end, Arrays.copyOfRange(f, p + 8, p + 24), Arrays.copyOfRange(f, p + 24, p + 40),
                ts, outgoing, off);
    }

    private static UdpDatagram udp(byte[] f, int q, int end, byte[] src, byte[] dst, long ts,
                                   boolean outgoing, long off) {
        if (q + 8 > end) {
            return null;
        }
        int udpLength = u16(f, q + 4);
        if (udpLength < 8 || q + udpLength > end) {
            return null;
        }
        try {
            return new UdpDatagram(ts, InetAddress.getByAddress(src), u16(f, q),
                    InetAddress.getByAddress(dst), u16(f, q + 2),
                    Arrays.copyOfRange(f, q + 8, q + udpLength), outgoing, off);
        } catch (UnknownHostException e) {
            throw new AssertionError("address of 4 or 16 bytes", e);
        }
    }

    private static int u16(byte[] f, int i) {
        return ((f[i] & 0xFF) << 8) | (f[i + 1] & 0xFF);
    }
}
