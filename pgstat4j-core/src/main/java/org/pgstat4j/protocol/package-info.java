/**
 * PostgreSQL 14's statistics collector wire protocol (spec §3).
 *
 * <p>Every message is a raw image of a C struct on 64-bit little-endian Linux: an 8-byte
 * header ({@code m_type}, {@code m_size}) and fields at fixed offsets, at most 1000 bytes in
 * all so that a datagram is never fragmented. {@link org.pgstat4j.protocol.StatMsgType} holds
 * each type's code and size rule as data; one record per type (named after PostgreSQL's
 * struct, e.g. {@link org.pgstat4j.protocol.TabStatMessage}) holds its fields and their
 * offsets; {@link org.pgstat4j.protocol.MessageCodec} encodes, validates and decodes.
 *
 * <p>Validation follows PostgreSQL 14 (short, size mismatch, unknown type are dropped) and
 * then hardens it: exact lengths per type, entry counts that agree with the length, SLRU
 * slot indexes in range. Well-formed PostgreSQL 14 traffic always passes.
 */
package org.pgstat4j.protocol;
