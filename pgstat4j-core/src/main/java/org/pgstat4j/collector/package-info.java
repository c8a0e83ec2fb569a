/**
 * The statistics collector (spec §5): the loop that applies every datagram to the one live
 * {@link org.pgstat4j.store.StatsStore} and writes stats files when readers ask.
 *
 * <pre>
 *  DatagramSource.receive ─▶ Collector.process ─▶ MessageCodec.validate ─▶ CollectorContext.apply
 *   (socket, replay, test)    counts received       size rule, entry count,   the handler its
 *                                                   field check (StatMsgType)  StatMsgType row names
 *                                                                              ─▶ StatsStore
 *  between receives: Collector.writePendingFiles ─▶ StatsPersistence (storage) for WriteRequests
 * </pre>
 *
 * <h2>The map</h2>
 * <ul>
 * <li>{@link org.pgstat4j.collector.Collector} — the loop: drains a
 *     {@link org.pgstat4j.collector.DatagramSource} until empty, validates each datagram, hands
 *     it to the handlers, and serves pending write requests before reading the next one. It
 *     knows no message kind by name. {@code process} works the same on a live socket, a
 *     replayed capture or a test's byte arrays. A reader in the same JVM calls
 *     {@code receiveNow()} after sending its inquiry, so a waiting loop takes it from the
 *     socket at once rather than when the receive side next hands datagrams over.</li>
 * <li>{@link org.pgstat4j.collector.CollectorContext} — what the kinds' handlers may touch
 *     ({@link org.pgstat4j.protocol.ApplyContext}: the store, write requests, counters, stats
 *     files, a datagram enclosed in another); it hands each validated datagram to the handler
 *     its {@link org.pgstat4j.protocol.StatMsgType} row names. The handlers themselves, with
 *     PostgreSQL 14's arithmetic, live in each kind's record in {@code org.pgstat4j.protocol},
 *     next to the layout they read; TABSTAT's is applied in place, allocating nothing.</li>
 * <li>{@link org.pgstat4j.collector.WriteRequests} — databases whose files readers asked for.</li>
 * <li>{@link org.pgstat4j.collector.CollectorCounters} — the collector's own health: received,
 *     applied, rejected by reason, inquiries, file writes; readable from any thread.
 *     {@link org.pgstat4j.collector.SenderSequences} — from the sequence numbers of
 *     {@code SEQUENCED} envelopes, how many datagrams each sender numbered that never arrived
 *     (the envelope's payload is then validated and applied as if it had come bare;
 *     PostgreSQL 14 traffic, which has no envelope, is applied as before).</li>
 * </ul>
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>The store is confined to the collector thread (the one in {@code run}, or the caller of
 *     {@code process}); readers never see it, they load the files into stores of their own.</li>
 * <li>No byte sequence makes {@code process} throw; rejected datagrams are counted.</li>
 * <li>The statistics model is {@code org.pgstat4j.store}; files go through its
 *     {@link org.pgstat4j.store.StatsPersistence}, implemented by {@code org.pgstat4j.storage}.
 *     Nothing below this package depends on it.</li>
 * </ul>
 */
package org.pgstat4j.collector;
