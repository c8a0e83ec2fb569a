package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/** PGSTAT_MTYPE_DUMMY (0): header only; the collector does nothing with it. */
public record DummyMessage() implements StatMessage {
    private static final Layout LAYOUT = Layout.message();
    /** The struct's size: the datagram length. */
    public static final int SIZE = LAYOUT.size();

    public StatMsgType type() {
        return StatMsgType.DUMMY;
    }

    public void encodeBody(ByteBuffer dst) {
    }

    static DummyMessage decode(ByteBuffer b) {
        return new DummyMessage();
    }
}
