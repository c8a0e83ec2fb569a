package org.pgstat4j.postmaster;

import java.io.IOException;

/** The server answered an attach with a refusal; the message is the server's reason. */
public final class AttachRefusedException extends IOException {
    public AttachRefusedException(String message) {
        super(message);
    }
}
