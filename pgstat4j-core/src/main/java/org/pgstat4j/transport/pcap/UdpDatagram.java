package org.pgstat4j.transport.pcap;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One UDP datagram found in a capture.
 *
 * @param timestampMicros capture time, microseconds since the Unix epoch
 * @param outgoing        true when a Linux cooked capture marks the packet as sent by this
 *                        host ({@code PACKET_OUTGOING}); on {@code -i any} every loopback
 *                        packet appears twice, once outgoing and once received
 * @param recordOffset    byte offset of the packet's record header in the capture
 *
 * <p>The one way to misuse it: counting every datagram of an {@code -i any} capture. Each
 * loopback packet appears twice there, once {@code outgoing}; keep one direction.
 */
public record UdpDatagram(long timestampMicros, InetAddress source, int sourcePort,
                          InetAddress destination, int destinationPort, byte[] payload,
                          boolean outgoing, long recordOffset) {
    public InetSocketAddress sourceAddress() {
        return new InetSocketAddress(source, sourcePort);
    }

    public InetSocketAddress destinationAddress() {
        return new InetSocketAddress(destination, destinationPort);
    }
}
