/**
 * Reading captured collector traffic: UDP datagrams from classic pcap streams, as
 * {@code tcpdump -w} writes them.
 *
 * <p>PostgreSQL's statistics messages travel as UDP datagrams over loopback, so a capture of
 * a real server's collector port is a faithful record of everything its collector received.
 * {@link org.pgstat4j.transport.pcap.PcapReader} turns such a capture (a file, standard
 * input, or a live {@code tcpdump -U -w -} pipe, record by record) into
 * {@link org.pgstat4j.transport.pcap.UdpDatagram}s with their capture time, addresses and
 * payload; the replay feeds the payloads to a collector and compares the views with
 * PostgreSQL's.
 *
 * <p>The format is checked strictly: a stream that is not valid pcap fails with a
 * {@link org.pgstat4j.transport.pcap.PcapFormatException} naming the byte offset and the
 * problem. Records that are valid but carry no whole UDP datagram (other protocols, IP
 * fragments, packets cut by the snapshot length) are skipped and counted. Link layers:
 * Ethernet with VLAN tags, Linux cooked v1/v2 (which mark the outgoing copy of a loopback
 * packet), raw IPv4/IPv6 and BSD loopback; IPv4 options and simple IPv6 extension headers
 * are stepped over.
 */
package org.pgstat4j.transport.pcap;
