package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.DbEntry;

/**
 * PGSTAT_MTYPE_RECOVERYCONFLICT (19, 16 bytes): a standby query was cancelled by recovery.
 * Reasons are PostgreSQL 14's {@code ProcSignalReason} ordinals.
 *
 * <p>The one way to misuse it: a reason other than the constants below. The collector counts
 * tablespace, lock, snapshot, buffer-pin and startup-deadlock conflicts in their own columns
 * and ignores any other value (a database conflict included, as PostgreSQL does).
 */
public record RecoveryConflictMessage(int databaseId, int reason) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the database of the cancelled query. */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** m_reason: a {@code ProcSignalReason} ({@code REASON_*}). */
    public static final int REASON = LAYOUT.int32();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();
    public static final int REASON_DATABASE = 6;
    public static final int REASON_TABLESPACE = 7;
    public static final int REASON_LOCK = 8;
    public static final int REASON_SNAPSHOT = 9;
    public static final int REASON_BUFFERPIN = 10;
    public static final int REASON_STARTUP_DEADLOCK = 11;

    public StatMsgType type() {
        return StatMsgType.RECOVERYCONFLICT;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
        b.putInt(REASON, reason);
    }

    static RecoveryConflictMessage decode(ByteBuffer b) {
        return new RecoveryConflictMessage(b.getInt(DATABASE_ID), b.getInt(REASON));
    }

    /** The handler: the database's counter for this reason; other reasons count nowhere. */
    void apply(ApplyContext c, long now) {
        DbEntry d = c.store().databaseOrCreate(databaseId, now);
        switch (reason) {
            case REASON_TABLESPACE -> d.conflictTablespace++;
            case REASON_LOCK -> d.conflictLock++;
            case REASON_SNAPSHOT -> d.conflictSnapshot++;
            case REASON_BUFFERPIN -> d.conflictBufferpin++;
            case REASON_STARTUP_DEADLOCK -> d.conflictStartupDeadlock++;
            default -> {
                // DATABASE: the database is going away anyway; other values: ignored
            }
        }
    }
}
