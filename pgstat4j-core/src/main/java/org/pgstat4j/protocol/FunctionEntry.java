package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * One {@code PgStat_FunctionEntry} of a FUNCSTAT message (32 bytes); times in µs.
 *
 * <p>The one way to misuse it: giving the times in milliseconds or nanoseconds. They travel in
 * microseconds.
 */
public record FunctionEntry(int functionId, long numCalls, long totalTime, long selfTime) {
    public static final int SIZE = 32;
    public static final int F_ID = 0;
    public static final int NUMCALLS = 8;
    public static final int TOTAL_TIME = 16;
    public static final int SELF_TIME = 24;

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
