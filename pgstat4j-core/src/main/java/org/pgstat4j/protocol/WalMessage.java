package org.pgstat4j.protocol;

import java.nio.ByteBuffer;
import org.pgstat4j.store.WalStats;

/**
 * PGSTAT_MTYPE_WAL (15, 72 bytes): WAL activity since the sender's last report.
 * {@code walBytes} is unsigned 64-bit; times are µs.
 *
 * <p>The one way to misuse it: sending running totals. The collector adds each message's
 * counters to its own, so a message carries the WAL activity since the previous one
 * ({@code WalStats} keeps that difference).
 */
public record WalMessage(long walRecords, long walFpi, long walBytes, long walBuffersFull,
                         long walWrite, long walSync, long walWriteTime,
                         long walSyncTime) implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** m_wal_records. */
    public static final int WAL_RECORDS = LAYOUT.int64();
    /** m_wal_fpi: full-page images. */
    public static final int WAL_FPI = LAYOUT.int64();
    /** m_wal_bytes (unsigned). */
    public static final int WAL_BYTES = LAYOUT.int64();
    /** m_wal_buffers_full. */
    public static final int WAL_BUFFERS_FULL = LAYOUT.int64();
    /** m_wal_write. */
    public static final int WAL_WRITE = LAYOUT.int64();
    /** m_wal_sync. */
    public static final int WAL_SYNC = LAYOUT.int64();
    /** m_wal_write_time (µs). */
    public static final int WAL_WRITE_TIME = LAYOUT.int64();
    /** m_wal_sync_time (µs). */
    public static final int WAL_SYNC_TIME = LAYOUT.int64();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

    public StatMsgType type() {
        return StatMsgType.WAL;
    }

    public void encodeBody(ByteBuffer b) {
        b.putLong(WAL_RECORDS, walRecords);
        b.putLong(WAL_FPI, walFpi);
        b.putLong(WAL_BYTES, walBytes);
        b.putLong(WAL_BUFFERS_FULL, walBuffersFull);
        b.putLong(WAL_WRITE, walWrite);
        b.putLong(WAL_SYNC, walSync);
        b.putLong(WAL_WRITE_TIME, walWriteTime);
        b.putLong(WAL_SYNC_TIME, walSyncTime);
    }

    static WalMessage decode(ByteBuffer b) {
        return new WalMessage(b.getLong(WAL_RECORDS), b.getLong(WAL_FPI), b.getLong(WAL_BYTES),
                b.getLong(WAL_BUFFERS_FULL), b.getLong(WAL_WRITE), b.getLong(WAL_SYNC),
                b.getLong(WAL_WRITE_TIME), b.getLong(WAL_SYNC_TIME));
    }

    /** The handler: the counts are added to the cluster's WAL statistics. */
    void apply(ApplyContext c, long now) {
        WalStats w = c.store().wal();
        w.walRecords += walRecords;
        w.walFpi += walFpi;
        w.walBytes += walBytes;
        w.walBuffersFull += walBuffersFull;
        w.walWrite += walWrite;
        w.walSync += walSync;
        w.walWriteTime += walWriteTime;
        w.walSyncTime += walSyncTime;
    }
}
