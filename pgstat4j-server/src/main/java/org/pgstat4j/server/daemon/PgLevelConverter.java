package org.pgstat4j.server.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.slf4j.Marker;

/**
 * Logback converter {@code %pglevel}: an event's level as PostgreSQL names it in its log —
 * INFO is LOG (System.Logger's INFO is what pgstat4j's core uses for PostgreSQL's LOG),
 * WARN is WARNING, DEBUG is DEBUG1, TRACE is DEBUG2; a {@link LogMarkers} marker (FATAL, HINT,
 * DETAIL) wins over the level.
 */
public final class PgLevelConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        List<Marker> markers = event.getMarkerList();
        if (markers != null) {
            for (Marker m : markers) {
                if (m.equals(LogMarkers.FATAL) || m.equals(LogMarkers.HINT) || m.equals(LogMarkers.DETAIL)) {
                    return m.getName();
                }
            }
        }
        Level level = event.getLevel();
        if (level == Level.ERROR) {
            return "ERROR";
        }
        if (level == Level.WARN) {
            return "WARNING";
        }
        if (level == Level.INFO) {
            return "LOG";
        }
        if (level == Level.DEBUG) {
            return "DEBUG1";
        }
        return "DEBUG2";
    }
}
