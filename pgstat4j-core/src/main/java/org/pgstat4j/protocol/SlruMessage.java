package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

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
    public static final int INDEX = 8;
    public static final int BLOCKS_ZEROED = 16;
    public static final int BLOCKS_HIT = 24;
    public static final int BLOCKS_READ = 32;
    public static final int BLOCKS_WRITTEN = 40;
    public static final int BLOCKS_EXISTS = 48;
    public static final int FLUSH = 56;
    public static final int TRUNCATE = 64;
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

    static SlruMessage decode(ByteBuffer b) {
        return new SlruMessage(b.getLong(INDEX), b.getLong(BLOCKS_ZEROED), b.getLong(BLOCKS_HIT),
                b.getLong(BLOCKS_READ), b.getLong(BLOCKS_WRITTEN), b.getLong(BLOCKS_EXISTS),
                b.getLong(FLUSH), b.getLong(TRUNCATE));
    }
}
