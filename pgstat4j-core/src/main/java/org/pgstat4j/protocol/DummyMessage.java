package org.pgstat4j.protocol;

import java.nio.ByteBuffer;

/**
 * PGSTAT_MTYPE_DUMMY (0): header only; the collector does nothing with it.
 *
 * <p>The one way to misuse it: sending it to see whether the collector is alive. The collector
 * does nothing with it and answers nothing; an {@link InquiryMessage} makes it write a file.
 */
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

    /** The handler: nothing to apply (PostgreSQL sends DUMMY only to test the socket). */
    void apply(ApplyContext c, long now) {
    }
}
