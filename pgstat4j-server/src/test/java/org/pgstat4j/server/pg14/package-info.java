/**
 * A real PostgreSQL 14 in the test suite, and its statistics collector's traffic captured live.
 *
 * <h2>The map</h2>
 * <ul>
 * <li>{@link org.pgstat4j.server.pg14.RealPostgres14} — a fresh cluster per instance: initdb, a
 *     postmaster on 127.0.0.1 (free port) and a Unix socket in a temporary directory, settings
 *     in postgresql.conf, SQL as the superuser (pgjdbc, psql), the collector's UDP port, the
 *     stats directories; stopped with {@code pg_ctl stop -m fast}.</li>
 * <li>{@link org.pgstat4j.server.pg14.Pg14Binaries} — Maven Central's PostgreSQL 14 binaries,
 *     unpacked once under {@code target/}; {@link org.pgstat4j.server.pg14.PgUser} — the
 *     unprivileged user they run as when the tests run as root;
 *     {@link org.pgstat4j.server.pg14.CollectorSocket} — the collector's port from {@code /proc}.</li>
 * <li>{@link org.pgstat4j.server.pg14.CollectorCapture} — Debian's tcpdump on the loopback
 *     interface: a pcap file for the offline replay and a live stream for the passive mirror,
 *     with a sync barrier; {@link org.pgstat4j.server.pg14.MirrorGate} — holds the mirror's
 *     stream right after a chosen INQUIRY, so the mirror stops where PostgreSQL's reader read.</li>
 * </ul>
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>Only processes these classes started are stopped, by their pid.</li>
 * <li>Everything listens on loopback; ports are free ones, never fixed.</li>
 * <li>A capture's file is complete up to the last {@code sync()}; a capture that tcpdump
 *     reports drops for cannot be compared.</li>
 * </ul>
 */
package org.pgstat4j.server.pg14;
