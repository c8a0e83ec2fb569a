package org.pgstat4j.server.workload;

import org.pgstat4j.backend.TrackFunctions;

/**
 * A function of a {@link Schema}: its OID, name and language. The language decides its
 * tracking level ({@code fn_stats}, spec §4.7): {@code internal} functions are never timed,
 * {@code sql} and {@code c} ones only with {@code track_functions = all}, every procedural
 * language (plpgsql, ...) already with {@code pl}.
 */
public record SqlFunction(int oid, String name, String language) {
    /** The function's tracking level. */
    public TrackFunctions level() {
        return TrackFunctions.levelForLanguage(language);
    }
}
