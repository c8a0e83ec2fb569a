package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.DbEntry;

/**
 * PGSTAT_MTYPE_CHECKSUMFAILURE (22, 24 bytes): data page checksum failures in a database.
 *
 * <p>The one way to misuse it: expecting the failures in the views of a cluster without data
 * checksums. The views then show NULL, as PostgreSQL's do
 * ({@code ViewContext.withDataChecksums}).
 */
public record ChecksumFailureMessage(int databaseId, int failureCount, long failureTime) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_databaseid: the database of the failing pages. */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** m_failurecount: failures found. */
    public static final int FAILURE_COUNT = LAYOUT.int32();
    /** m_failure_time: when the last one was found (TimestampTz). */
    public static final int FAILURE_TIME = LAYOUT.int64();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

    public StatMsgType type() {
        return StatMsgType.CHECKSUMFAILURE;
    }

    public void encodeBody(ByteBuffer b) {
        b.putInt(DATABASE_ID, databaseId);
        b.putInt(FAILURE_COUNT, failureCount);
        b.putLong(FAILURE_TIME, failureTime);
    }

    static ChecksumFailureMessage decode(ByteBuffer b) {
        return new ChecksumFailureMessage(b.getInt(DATABASE_ID), b.getInt(FAILURE_COUNT), b.getLong(FAILURE_TIME));
    }

    /** The handler: the database's failure count grows; the last failure time is replaced. */
    void apply(ApplyContext c, long now) {
        DbEntry d = c.store().databaseOrCreate(databaseId, now);
        d.checksumFailures += failureCount;
        d.lastChecksumFailure = failureTime;
    }
}
