package org.pgstat4j.backend;

import java.util.Locale;

/**
 * PostgreSQL's {@code TrackFunctionsLevel}: both the {@code track_functions} setting and the
 * per-function level ({@code fn_stats}) a function gets when it is looked up (spec §4.7).
 *
 * <p>A call is timed only when the setting is <em>strictly greater</em> than the function's
 * level: built-in functions get {@link #ALL} and are therefore never timed, C and SQL
 * functions get {@link #PL} (timed with {@code all}), procedural-language functions get
 * {@link #OFF} (timed with {@code pl} or {@code all}).
 *
 * <p>The one way to misuse it: giving built-in functions a level below {@link #ALL}. They
 * would then be timed, which PostgreSQL never does; take the level from
 * {@link #levelForLanguage}.
 */
public enum TrackFunctions {
    /** {@code none}: track nothing; as a function level, "track when not none". */
    OFF("none"),
    /** {@code pl}: track procedural-language functions; as a level, "track only with all". */
    PL("pl"),
    /** {@code all}: also track C and SQL functions; as a level, "never track". */
    ALL("all");

    private final String settingName;

    TrackFunctions(String settingName) {
        this.settingName = settingName;
    }

    /** The value as written in {@code SET track_functions = ...}. */
    public String settingName() {
        return settingName;
    }

    /** Whether a function of level {@code functionLevel} is timed under this setting. */
    public boolean tracks(TrackFunctions functionLevel) {
        return ordinal() > functionLevel.ordinal();
    }

    /** Parses a {@code track_functions} value ({@code none}, {@code pl}, {@code all}). */
    public static TrackFunctions fromSetting(String value) {
        for (TrackFunctions t : values()) {
            if (t.settingName.equals(value.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("invalid value for parameter \"track_functions\": \""
                + value + "\"; available values: none, pl, all");
    }

    /**
     * The level a function of language {@code language} gets ({@code fn_stats}): built-in
     * ({@code internal}) functions {@link #ALL}, {@code c} and {@code sql} functions
     * {@link #PL}, every other language (plpgsql, plperl, ...) {@link #OFF}.
     */
    public static TrackFunctions levelForLanguage(String language) {
        return switch (language.toLowerCase(Locale.ROOT)) {
            case "internal" -> ALL;
            case "c", "sql" -> PL;
            default -> OFF;
        };
    }
}
