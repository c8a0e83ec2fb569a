package org.pgstat4j.backend;

import org.pgstat4j.protocol.DisconnectMessage;

/**
 * PostgreSQL 14's {@code SessionEndType}: why a client session ended, sent in DISCONNECT and
 * counted by the collector as abandoned, fatal or killed sessions (spec §4.10).
 *
 * <p>The one way to misuse it: leaving the cause {@link #NORMAL} for a session that did not
 * end normally. Set it ({@code SessionStats.setEndCause}) before {@code Backend.close()}, or
 * {@code pg_stat_database} counts no abandoned, fatal or killed session.
 */
public enum SessionEndCause {
    NOT_YET(DisconnectMessage.NOT_YET),
    /** The client sent Terminate, or nothing else was recorded. */
    NORMAL(DisconnectMessage.NORMAL),
    /** The client connection was lost (EOF while reading a command). */
    CLIENT_EOF(DisconnectMessage.CLIENT_EOF),
    /** A FATAL error ended the session (e.g. an idle timeout). */
    FATAL(DisconnectMessage.FATAL),
    /** The session was terminated (pg_terminate_backend, fast shutdown). */
    KILLED(DisconnectMessage.KILLED);

    private final int code;

    SessionEndCause(int code) {
        this.code = code;
    }

    /** The wire value of {@code m_cause}. */
    public int code() {
        return code;
    }
}
