package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * PGSTAT_MTYPE_RESETSHAREDCOUNTER (6, 12 bytes): {@code pg_stat_reset_shared(target)}.
 * Targets (PgStat_Shared_Reset_Target): ARCHIVER 0, BGWRITER 1, WAL 2.
 *
 * <p>The one way to misuse it: building it from a user's text by hand.
 * {@code ResetFunctions.resetShared} checks the target name and raises PostgreSQL's error; the
 * message carries only the code.
 */
public record ResetSharedCounterMessage(int resetTarget) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_resettarget: which shared counters ({@code TARGET_*}). */
    public static final int RESET_TARGET = LAYOUT.int32();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();
    public static final int TARGET_ARCHIVER = 0;
    public static final int TARGET_BGWRITER = 1;
    public static final int TARGET_WAL = 2;

    public StatMsgType type() {
        return StatMsgType.RESETSHAREDCOUNTER;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(RESET_TARGET, resetTarget);
    }

    static ResetSharedCounterMessage decode(ByteBuffer b) {
        return new ResetSharedCounterMessage(b.getInt(RESET_TARGET));
    }
}
