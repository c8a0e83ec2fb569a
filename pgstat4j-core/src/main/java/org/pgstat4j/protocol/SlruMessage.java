package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.SlruStats;

/**
 * PGSTAT_MTYPE_SLRU (16, 72 bytes): counters of one SLRU slot. The slot index travels in a
 * 64-bit field; slots are CommitTs 0 … other 7.
 *
 * <p>The one way to misuse it: sending running totals. The collector adds each message's
 * counters to the slot's, so a message carries the counts since the previous one.
 */
public record SlruMessage(long index, long blocksZeroed, long blocksHit, long blocksRead,
                          long blocksWritten, long blocksExists, long flush,
                          long truncate) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_index: the SLRU slot 0 … 7, in a 64-bit field. */
    public static final int INDEX = LAYOUT.int64();
    /** m_blocks_zeroed. */
    public static final int BLOCKS_ZEROED = LAYOUT.int64();
    /** m_blocks_hit. */
    public static final int BLOCKS_HIT = LAYOUT.int64();
    /** m_blocks_read. */
    public static final int BLOCKS_READ = LAYOUT.int64();
    /** m_blocks_written. */
    public static final int BLOCKS_WRITTEN = LAYOUT.int64();
    /** m_blocks_exists. */
    public static final int BLOCKS_EXISTS = LAYOUT.int64();
    /** m_flush. */
    public static final int FLUSH = LAYOUT.int64();
    /** m_truncate. */
    public static final int TRUNCATE = LAYOUT.int64();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();
    /** {@code SLRU_NUM_ELEMENTS}. */
    public static final int NUM_SLOTS = 8;

    public StatMsgType type() {
        return StatMsgType.SLRU;
    }

    public void encodeBody(ByteBuffer b) {
        b.putLong(INDEX, index);
        b.putLong(BLOCKS_ZEROED, blocksZeroed);
        b.putLong(BLOCKS_HIT, blocksHit);
        b.putLong(BLOCKS_READ, blocksRead);
        b.putLong(BLOCKS_WRITTEN, blocksWritten);
        b.putLong(BLOCKS_EXISTS, blocksExists);
        b.putLong(FLUSH, flush);
        b.putLong(TRUNCATE, truncate);
    }

    /** The field check beyond the size rule: the slot index must name one of the slots. */
    static RejectReason check(ByteBuffer b) {
        long index = b.getLong(INDEX);
        return index < 0 || index >= NUM_SLOTS ? RejectReason.BAD_SLRU_INDEX : null;
    }

    static SlruMessage decode(ByteBuffer b) {
        return new SlruMessage(b.getLong(INDEX), b.getLong(BLOCKS_ZEROED), b.getLong(BLOCKS_HIT),
                b.getLong(BLOCKS_READ), b.getLong(BLOCKS_WRITTEN), b.getLong(BLOCKS_EXISTS),
                b.getLong(FLUSH), b.getLong(TRUNCATE));
    }

    /** The handler: the counts are added to the slot's (its index passed the field check). */
    void apply(ApplyContext c, long now) {
        SlruStats s = c.store().slru((int) index);
        s.blocksZeroed += blocksZeroed;
        s.blocksHit += blocksHit;
        s.blocksRead += blocksRead;
        s.blocksWritten += blocksWritten;
        s.blocksExists += blocksExists;
        s.flush += flush;
        s.truncate += truncate;
    }
}
