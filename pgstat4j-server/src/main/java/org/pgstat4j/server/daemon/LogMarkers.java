package org.pgstat4j.server.daemon;

import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * PostgreSQL's message levels that SLF4J has no level for: FATAL (the process gives up) and the
 * HINT / DETAIL lines that follow a message. {@link PgLevelConverter} prints them by name.
 */
public final class LogMarkers {
    public static final Marker FATAL = MarkerFactory.getMarker("FATAL");
    public static final Marker HINT = MarkerFactory.getMarker("HINT");
    public static final Marker DETAIL = MarkerFactory.getMarker("DETAIL");

    private LogMarkers() {
    }
}
