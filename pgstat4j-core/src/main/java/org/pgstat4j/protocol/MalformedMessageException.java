package org.pgstat4j.protocol;

/** A datagram that {@link MessageCodec#validate} rejected. */
public final class MalformedMessageException extends IllegalArgumentException {
    private final RejectReason reason;

    public MalformedMessageException(RejectReason reason, int length) {
        super("statistics message rejected (" + reason + ", " + length + " bytes)");
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
