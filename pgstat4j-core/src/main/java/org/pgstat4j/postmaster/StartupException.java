package org.pgstat4j.postmaster;

/**
 * Why the server refuses to start (PostgreSQL's FATAL at start-up): a message, and a hint
 * saying what to do, both meant for the log. Nothing has been left behind when it is thrown:
 * no lock file, no socket, no child process.
 *
 * <p>The one way to misuse it: retrying the start in a loop. Its cause (a server already
 * running, wrong permissions, a bad setting) does not go away by itself; log the message and
 * the hint, and stop.
 */
public final class StartupException extends Exception {
    private final String hint;

    public StartupException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    public StartupException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint;
    }

    /** What the user can do about it, or null. */
    public String hint() {
        return hint;
    }
}
