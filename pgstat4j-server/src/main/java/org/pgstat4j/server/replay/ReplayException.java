package org.pgstat4j.server.replay;

/** A replay that cannot go on for a reason the user can fix; the message says which and how. */
public final class ReplayException extends Exception {
    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
