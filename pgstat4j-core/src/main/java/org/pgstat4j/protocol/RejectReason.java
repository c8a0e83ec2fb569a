package org.pgstat4j.protocol;

/**
 * Why the collector refused a datagram. The first three are PostgreSQL 14's own checks
 * (spec §3.4); the rest are pgstat4j's hardening, which never rejects a well-formed
 * PostgreSQL 14 message.
 *
 * <p>The one way to misuse it: reading a rise of pgstat4j's own reasons as lost PostgreSQL
 * traffic. A well-formed PostgreSQL 14 message never meets them; they count foreign or damaged
 * datagrams.
 */
public enum RejectReason {
    /** Shorter than the 8-byte header. */
    SHORT,
    /** Longer than {@link Wire#MAX_MSG_SIZE}. */
    TOO_LONG,
    /** {@code m_size} differs from the received length. */
    SIZE_MISMATCH,
    /** {@code m_type} is neither one of PostgreSQL 14's 26 types nor one of pgstat4j's own. */
    UNKNOWN_TYPE,
    /** The length is not one the type can have. */
    BAD_LENGTH,
    /** {@code m_nentries} is negative, above the type's maximum or disagrees with the length. */
    BAD_ENTRY_COUNT,
    /** An SLRU message names a slot outside 0..7. */
    BAD_SLRU_INDEX,
    /** A sequenced datagram wraps another sequenced datagram. */
    NESTED_SEQUENCE
}
