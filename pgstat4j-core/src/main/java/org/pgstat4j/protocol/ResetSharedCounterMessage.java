package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.StatsStore;

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

    /** The handler: the target's counters start over (reset now); unknown targets are ignored. */
    void apply(ApplyContext c, long now) {
        StatsStore store = c.store();
        switch (resetTarget) {
            case TARGET_BGWRITER -> store.global().reset(now);
            case TARGET_ARCHIVER -> store.archiver().reset(now);
            case TARGET_WAL -> store.wal().reset(now);
            default -> {
                // PostgreSQL 14 ignores unknown targets
            }
        }
    }
}
