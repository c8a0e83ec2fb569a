/**
 * The statistics collector (spec §5): the one owner of all cumulative statistics.
 *
 * <p>{@link org.pgstat4j.collector.Collector} is the loop: it drains a
 * {@link org.pgstat4j.collector.DatagramSource} until empty, validates each datagram
 * ({@link org.pgstat4j.protocol.MessageCodec#validate}), applies it through
 * {@link org.pgstat4j.collector.MessageHandlers} (PostgreSQL 14's arithmetic, one method per
 * message type) to the {@link org.pgstat4j.store.StatsStore}, and serves the write requests
 * that inquiries create ({@link org.pgstat4j.collector.WriteRequests}) before reading the next
 * datagram. Receiving is kept apart from applying: {@code process} works the same on a live
 * socket, a replayed capture or a test's byte arrays.
 *
 * <p>Files go through one narrow interface, {@link org.pgstat4j.store.StatsPersistence},
 * implemented by {@code org.pgstat4j.storage}. The collector's own health —
 * received, applied, rejected by reason, file writes — is in
 * {@link org.pgstat4j.collector.CollectorCounters}, readable from any thread.
 *
 * <p>Threading: the store is confined to the collector thread; snapshots are separate copies
 * loaded from files.
 */
package org.pgstat4j.collector;

import org.pgstat4j.store.StatsStore;
import org.pgstat4j.store.StatsPersistence;
