package org.pgstat4j.server.daemon;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback converter {@code %pgpid}: this process's PID, as in PostgreSQL's {@code [%p]} log
 * prefix, so that the server's and the collector child's lines in one log can be told apart.
 */
public final class PidConverter extends ClassicConverter {
    private static final String PID = Long.toString(ProcessHandle.current().pid());

    @Override
    public String convert(ILoggingEvent event) {
        return PID;
    }
}
