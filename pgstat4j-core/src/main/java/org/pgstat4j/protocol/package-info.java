/**
 * PostgreSQL 14's statistics collector protocol (spec §3): each message kind, from its bytes
 * to what the collector does with it (spec §5.4).
 *
 * <p>Every message is a raw image of a C struct on 64-bit little-endian Linux: an 8-byte
 * header ({@code m_type}, {@code m_size}) and fields at fixed offsets, at most 1000 bytes in
 * all so that a datagram is never fragmented.
 *
 * <h2>The map</h2>
 * <ul>
 * <li>One record per kind, named after PostgreSQL's struct (e.g.
 *     {@link org.pgstat4j.protocol.TabStatMessage}): its fields, its layout — one
 *     {@code static final int} offset per field, each with a one-line doc, derived from the
 *     field sizes by {@link org.pgstat4j.protocol.Layout} — its encoding, its decoding, any
 *     field check beyond the size rule, and its handler: PostgreSQL 14's arithmetic that
 *     applies the message to the statistics model ({@code org.pgstat4j.store}). TABSTAT also
 *     has a {@code Reader} that reads a datagram in place; it is the one reader of that
 *     layout, and TABSTAT's handler applies through it without decoding.</li>
 * <li>{@link org.pgstat4j.protocol.StatMsgType} — the kinds as data, one row per kind: wire
 *     code, size rule (from the record's layout), where the entry count sits, field check,
 *     decoder, handler. The row is a kind's one registration.</li>
 * <li>{@link org.pgstat4j.protocol.MessageCodec} — encodes, validates and decodes any kind
 *     without naming one. {@link org.pgstat4j.protocol.ApplyContext} — what a handler may
 *     touch: the store and the collector's services (write requests, counters, files), which
 *     the collector implements.</li>
 * <li>{@link org.pgstat4j.protocol.Wire} — sizes, byte order, {@code PGSTAT_STAT_INTERVAL};
 *     {@link org.pgstat4j.protocol.PgTimestamps} — the one TimestampTz conversion.</li>
 * </ul>
 *
 * <p>Validation follows PostgreSQL 14 (short, size mismatch, unknown type are dropped) and
 * then hardens it: exact lengths per type, entry counts that agree with the length, SLRU
 * slot indexes in range. Well-formed PostgreSQL 14 traffic always passes. This package uses
 * only the statistics model ({@code org.pgstat4j.store}), which its handlers mutate; the
 * model uses no package of pgstat4j, and the collector, which uses both, stays above them.
 */
package org.pgstat4j.protocol;
