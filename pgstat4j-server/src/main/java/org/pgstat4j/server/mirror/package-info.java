/**
 * The passive mirror ({@code pgstat4j replay --follow}): a real PostgreSQL 14's collector
 * traffic, captured live on the loopback interface, applied by our own collector, and served
 * as a read-only {@link org.pgstat4j.server.service.StatsService} — the statistics of a real
 * database without a single query sent to it.
 *
 * <p>{@link org.pgstat4j.server.mirror.MirrorStatsService} owns a capture thread (pcap stream
 * → queue) and a collector thread (queue → store → stats files in a temporary directory);
 * {@link org.pgstat4j.server.mirror.CaptureQueue} merges the captured datagrams with the
 * mirror's own inquiries and keeps the collector's clock. Readers read the files, never the
 * live store.
 */
package org.pgstat4j.server.mirror;
