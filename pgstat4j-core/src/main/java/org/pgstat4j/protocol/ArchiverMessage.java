package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.ArchiverStats;

/**
 * PGSTAT_MTYPE_ARCHIVER (13, 64 bytes): one archive attempt of a WAL file.
 *
 * <p>The one way to misuse it: building it by hand instead of through
 * {@code EventReports.archiver}, which cuts a WAL name too long for the C field as PostgreSQL
 * does.
 */
public record ArchiverMessage(boolean failed, String xlog, long timestamp) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_failed: the attempt failed. */
    public static final int FAILED = LAYOUT.bool();
    /** m_xlog: the WAL file name with its NUL ({@link Wire#XLOG_NAME_LEN}). */
    public static final int XLOG = LAYOUT.chars(Wire.XLOG_NAME_LEN);
    /** m_timestamp: when the attempt ended (TimestampTz). */
    public static final int TIMESTAMP = LAYOUT.int64();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

    public ArchiverMessage {
        xlog = Wire.requireName(xlog, Wire.XLOG_NAME_LEN, "WAL file name");
    }

    public StatMsgType type() {
        return StatMsgType.ARCHIVER;
    }

    public void encodeBody(ByteBuffer b) {
        Wire.putBool(b, FAILED, failed);
        Wire.putCString(b, XLOG, Wire.XLOG_NAME_LEN, xlog);
        b.putLong(TIMESTAMP, timestamp);
    }

    static ArchiverMessage decode(ByteBuffer b) {
        return new ArchiverMessage(Wire.getBool(b, FAILED),
                Wire.getCString(b, XLOG, Wire.XLOG_NAME_LEN - 1), b.getLong(TIMESTAMP));
    }

    /** The handler: one more archived or failed WAL file, the last one's name and time. */
    void apply(ApplyContext c, long now) {
        ArchiverStats a = c.store().archiver();
        if (failed) {
            a.failedCount++;
            a.lastFailedWal = xlog;
            a.lastFailedTimestamp = timestamp;
        } else {
            a.archivedCount++;
            a.lastArchivedWal = xlog;
            a.lastArchivedTimestamp = timestamp;
        }
    }
}
