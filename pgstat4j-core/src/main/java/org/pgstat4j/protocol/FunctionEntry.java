package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * One {@code PgStat_FunctionEntry} of a FUNCSTAT message (32 bytes); times in µs.
 *
 * <p>The one way to misuse it: giving the times in milliseconds or nanoseconds. They travel in
 * microseconds.
 */
public record FunctionEntry(int functionId, long numCalls, long totalTime, long selfTime) {
    private static final Layout LAYOUT = Layout.struct();
    /** f_id: the function's OID. */
    public static final int F_ID = LAYOUT.int32();
    /** f_numcalls: calls. */
    public static final int NUMCALLS = LAYOUT.int64();
    /** f_total_time: time in the function and its callees (µs). */
    public static final int TOTAL_TIME = LAYOUT.int64();
    /** f_self_time: time in the function itself (µs). */
    public static final int SELF_TIME = LAYOUT.int64();
    /** The struct's size: one array entry. */
    public static final int SIZE = LAYOUT.size();

    void encode(ByteBuffer b, int at) {
        b.putInt(at + F_ID, functionId);
        b.putLong(at + NUMCALLS, numCalls);
        b.putLong(at + TOTAL_TIME, totalTime);
        b.putLong(at + SELF_TIME, selfTime);
    }

    static FunctionEntry decode(ByteBuffer b, int at) {
        return new FunctionEntry(b.getInt(at + F_ID), b.getLong(at + NUMCALLS),
                b.getLong(at + TOTAL_TIME), b.getLong(at + SELF_TIME));
    }
}
