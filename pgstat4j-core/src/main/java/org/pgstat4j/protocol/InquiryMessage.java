package org.pgstat4j.protocol;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import org.pgstat4j.store.DbEntry;

/**
 * PGSTAT_MTYPE_INQUIRY (1, 32 bytes): a reader asks for a stats file at least as new as
 * {@code cutoffTime}. Database 0 asks only for the global and shared-catalog files.
 *
 * <p>The one way to misuse it: sending it in a tight loop. Each inquiry may make the collector
 * write the database's file again; {@code SnapshotReader} re-sends at most every 640 ms.
 */
public record InquiryMessage(long clockTime, long cutoffTime, int databaseId) implements StatMessage {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.collector");
    private static final Layout LAYOUT = Layout.message();
    /** clock_time: the requester's current clock (TimestampTz). */
    public static final int CLOCK_TIME = LAYOUT.int64();
    /** cutoff_time: the oldest file the requester accepts (TimestampTz). */
    public static final int CUTOFF_TIME = LAYOUT.int64();
    /** databaseid: the database whose file is wanted; 0 = global and shared only. */
    public static final int DATABASE_ID = LAYOUT.int32();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

    public StatMsgType type() {
        return StatMsgType.INQUIRY;
    }

    public void encodeBody(ByteBuffer b) {
        b.putLong(CLOCK_TIME, clockTime);
        b.putLong(CUTOFF_TIME, cutoffTime);
        b.putInt(DATABASE_ID, databaseId);
    }

    static InquiryMessage decode(ByteBuffer b) {
        return new InquiryMessage(b.getLong(CLOCK_TIME), b.getLong(CUTOFF_TIME), b.getInt(DATABASE_ID));
    }

    /** The handler (spec §6.2): a reader asks for files; decide whether they must be written. */
    void apply(ApplyContext c, long now) {
        c.countInquiry();
        if (c.writeRequested(databaseId)) {
            return;
        }
        DbEntry d = c.store().database(databaseId);
        if (d != null && clockTime < d.statsTimestamp) {
            if (now < d.statsTimestamp) {
                LOG.log(Level.INFO, "stats_timestamp {0} is later than collector''s time {1} for database {2}",
                        PgTimestamps.format(d.statsTimestamp), PgTimestamps.format(now),
                        Integer.toUnsignedString(databaseId));
                c.requestWrite(databaseId);
            }
            return;
        }
        if (d != null && cutoffTime <= d.statsTimestamp) {
            return;
        }
        LOG.log(Level.DEBUG, "received inquiry for database {0}", Integer.toUnsignedString(databaseId));
        c.requestWrite(databaseId);
    }
}
