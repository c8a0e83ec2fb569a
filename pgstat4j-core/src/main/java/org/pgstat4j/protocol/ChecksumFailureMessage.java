package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * PGSTAT_MTYPE_CHECKSUMFAILURE (22, 24 bytes): data page checksum failures in a database.
 *
 * <p>The one way to misuse it: expecting the failures in the views of a cluster without data
 * checksums. The views then show NULL, as PostgreSQL's do
 * ({@code ViewContext.withDataChecksums}).
 */
public record ChecksumFailureMessage(int databaseId, int failureCount, long failureTime) implements StatMessage {
    public static final int DATABASE_ID = 8;
    public static final int FAILURE_COUNT = 12;
    public static final int FAILURE_TIME = 16;

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
}
