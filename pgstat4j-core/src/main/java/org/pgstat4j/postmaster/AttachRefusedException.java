package org.pgstat4j.postmaster;

import java.io.IOException;

/**
 * The server answered an attach with a refusal; the message is the server's reason.
 *
 * <p>The one way to misuse it: retrying the attach in a loop. The refusal is the server's
 * decision (the process is not of the server's user); run the process as that user.
 */
public final class AttachRefusedException extends IOException {
    public AttachRefusedException(String message) {
        super(message);
    }
}
