package org.pgstat4j.protocol;

/**
 * A datagram that {@link MessageCodec#validate} rejected.
 *
 * <p>The one way to misuse it: letting it escape the collector's loop. A malformed datagram is
 * counted by reason ({@link RejectReason}) and the loop goes on.
 */
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
