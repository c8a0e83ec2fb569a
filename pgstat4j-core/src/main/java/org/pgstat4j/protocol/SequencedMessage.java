package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * pgstat4j's own kind {@value #CODE} (above PostgreSQL 14's 0–25): one PostgreSQL message,
 * unchanged, behind a sender identity and that sender's sequence number, so the collector can
 * count per sender the datagrams that never arrived. PostgreSQL's layouts are not touched: the
 * wrapped message is a complete datagram of its own kind, header included, and a collector
 * also accepts it bare (PostgreSQL 14 traffic carries no sequence).
 *
 * <pre>
 *  offset  size  field
 *       0     4  m_type        = 100
 *       4     4  m_size        = 16 + payload length
 *       8     4  m_sender      an identity chosen at random by each sender
 *      12     4  m_sequence    0, 1, 2 ... per sender, unsigned, wraps at 2^32
 *      16     n  the wrapped datagram; its own m_size (at 20) must equal n
 * </pre>
 *
 * <p>The wrapped datagram is at most {@link #MAX_PAYLOAD} bytes, so a sequenced sender packs
 * variable kinds with at most {@link StatMsgType#maxEntriesWithin maxEntriesWithin(MAX_PAYLOAD)}
 * entries (TABSTAT keeps its 8; FUNCSTAT, TABPURGE and FUNCPURGE carry a few fewer).
 * The payload is validated as a datagram of its own once unwrapped; a wrapped
 * {@code SEQUENCED} datagram is rejected, so wrapping never nests.
 *
 * <p>The one way to misuse it: wrapping a datagram longer than {@link #MAX_PAYLOAD}. The
 * envelope and the payload must fit in PostgreSQL's 1000 bytes; pack fewer entries instead.
 */
public record SequencedMessage(int senderId, int sequence, byte[] payload) implements StatMessage {
    /** The wire code: above PostgreSQL 14's range. */
    public static final int CODE = 100;
    private static final Layout LAYOUT = Layout.message();
    /** m_sender: the sender's identity. */
    public static final int SENDER = LAYOUT.int32();
    /** m_sequence: the sender's number for this datagram. */
    public static final int SEQUENCE = LAYOUT.int32();
    /** Where the wrapped datagram starts: the envelope's size. */
    public static final int PAYLOAD = LAYOUT.flexibleArray(1);
    /** Where the wrapped datagram's own {@code m_size} sits: the payload length. */
    static final int PAYLOAD_SIZE = PAYLOAD + Wire.SIZE_OFFSET;
    /** The largest datagram that can be wrapped. */
    public static final int MAX_PAYLOAD = Wire.MAX_MSG_SIZE - PAYLOAD;

    public SequencedMessage {
        if (payload.length < Wire.HEADER_SIZE || payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a sequenced payload is a datagram of " + Wire.HEADER_SIZE + " to "
                    + MAX_PAYLOAD + " bytes, got " + payload.length);
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public StatMsgType type() {
        return StatMsgType.SEQUENCED;
    }

    @Override
    public int encodedSize() {
        return PAYLOAD + payload.length;
    }

    @Override
    public void encodeBody(ByteBuffer b) {
        b.putInt(SENDER, senderId);
        b.putInt(SEQUENCE, sequence);
        b.put(PAYLOAD, payload);
    }

    static SequencedMessage decode(ByteBuffer b) {
        byte[] p = new byte[b.getInt(PAYLOAD_SIZE)];
        b.get(PAYLOAD, p);
        return new SequencedMessage(b.getInt(SENDER), b.getInt(SEQUENCE), p);
    }

    /**
     * The handler, in place: the sender's number goes to the collector (a gap is a lost
     * datagram); the wrapped datagram, unchanged, goes through the validation and handler it
     * would have met bare (never this one again: {@link #check} refused nesting).
     */
    static void apply(ByteBuffer b, ApplyContext c, long now) {
        c.senderSequence(b.getInt(SENDER), b.getInt(SEQUENCE));
        c.applyEnclosed(b, PAYLOAD, b.getInt(PAYLOAD_SIZE), now);
    }

    /** The size rule leaves the payload's own type to check: wrapping does not nest. */
    static RejectReason check(ByteBuffer b) {
        if (b.getInt(PAYLOAD_SIZE) < Wire.HEADER_SIZE) {
            return RejectReason.BAD_ENTRY_COUNT; // the payload cannot even hold its own header
        }
        return b.getInt(PAYLOAD + Wire.TYPE_OFFSET) == CODE ? RejectReason.NESTED_SEQUENCE : null;
    }

    /**
     * Writes the envelope of a {@code length}-byte datagram into {@code dst} at offset 0; the
     * caller puts the datagram at {@link #PAYLOAD}. Returns the envelope's total length.
     */
    public static int writeEnvelope(ByteBuffer dst, int senderId, int sequence, int length) {
        int size = PAYLOAD + length;
        dst.putInt(Wire.TYPE_OFFSET, CODE);
        dst.putInt(Wire.SIZE_OFFSET, size);
        dst.putInt(SENDER, senderId);
        dst.putInt(SEQUENCE, sequence);
        return size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequencedMessage m && m.senderId == senderId && m.sequence == sequence
                && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * senderId + sequence) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "SequencedMessage[senderId=" + Integer.toHexString(senderId) + ", sequence="
                + Integer.toUnsignedString(sequence) + ", payload=" + payload.length + " bytes]";
    }
}
