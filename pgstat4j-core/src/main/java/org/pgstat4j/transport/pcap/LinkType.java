package org.pgstat4j.transport.pcap;

/**
 * The pcap link-layer types the reader understands ({@code LINKTYPE_*} values) and how far
 * into a frame the network-layer packet starts.
 */
enum LinkType {
    /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
    NULL(0, 4),
    /** Ethernet II, with any number of 802.1Q / 802.1ad VLAN tags. */
    ETHERNET(1, 14),
    /** Raw IP (the version nibble tells IPv4 from IPv6); 12 and 14 are its historical BSD numbers. */
    RAW(101, 0),
    RAW_BSD12(12, 0),
    RAW_BSD14(14, 0),
    /** OpenBSD loopback: a 4-byte address family in network byte order. */
    LOOP(108, 4),
    /** Linux cooked capture v1 (16-byte header, protocol at offset 14). */
    LINUX_SLL(113, 16),
    /** Linux cooked capture v2 (20-byte header, protocol at offset 0). */
    LINUX_SLL2(276, 20),
    IPV4(228, 0),
    IPV6(229, 0);

    private final int code;
    private final int headerLength;

    LinkType(int code, int headerLength) {
        this.code = code;
        this.headerLength = headerLength;
    }

    int code() {
        return code;
    }

    /** Bytes before the network layer (for Ethernet: before any VLAN tag). */
    int headerLength() {
        return headerLength;
    }

    static LinkType fromCode(int code) {
        for (LinkType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
