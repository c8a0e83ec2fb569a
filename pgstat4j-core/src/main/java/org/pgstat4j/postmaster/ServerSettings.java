package org.pgstat4j.postmaster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.pgstat4j.backend.TrackFunctions;

/**
 * The server's settings (spec §9 plus pgstat4j's own), one immutable value. Every parameter
 * is described once in {@link Parameter}: its name, how its text is parsed and checked, and
 * how it is shown. A value that does not parse is refused with a message naming the
 * parameter, the value and what is allowed; no half-applied state exists.
 *
 * <p>{@code track_*} are what PostgreSQL's backends consult; pgstat4j's server has no backends
 * of its own, so it hands them to attached processes (see {@link StatsClient#settings()}).
 * {@code stats_durability} and {@code stats_checkpoint_interval} go beyond PostgreSQL: with
 * {@code checkpoint} the collector writes a permanent copy every interval so that a crash loses
 * at most that much.
 *
 * <p>The one way to misuse it: handing it to backends as their live settings. It is an
 * immutable value of one moment; backends read a shared {@code StatsSettings}, which a reload
 * must update.
 */
public record ServerSettings(boolean trackCounts, TrackFunctions trackFunctions, boolean trackIoTiming,
                            boolean trackActivities, String statsTempDirectory, Durability statsDurability,
                            Duration statsCheckpointInterval, Duration collectorRestartInterval) {

    /** {@code stats_durability}: what survives a crash. */
    public enum Durability {
        /** PostgreSQL's rule: statistics are discarded after a crash. */
        NONE,
        /** A permanent copy is written every {@code stats_checkpoint_interval} and kept after a crash. */
        CHECKPOINT
    }

    /** PostgreSQL's defaults; {@code collector_restart_interval} is PGSTAT_RESTART_INTERVAL (60 s). */
    public static final ServerSettings DEFAULTS = new ServerSettings(true, TrackFunctions.OFF, false, true,
            "pg_stat_tmp", Durability.NONE, Duration.ofSeconds(300), Duration.ofSeconds(60));

    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_INTERVAL = Duration.ofDays(1);

    public ServerSettings {
        if (statsTempDirectory == null || statsTempDirectory.isBlank()) {
            throw new IllegalArgumentException("stats_temp_directory must not be empty");
        }
    }

    /** Every parameter: name, parser (text → new settings), and canonical text. */
    public enum Parameter {
        TRACK_COUNTS("track_counts", s -> onOff(s.trackCounts),
                (s, v) -> s.withTrackCounts(parseBool("track_counts", v))),
        TRACK_FUNCTIONS("track_functions", s -> s.trackFunctions.settingName(),
                (s, v) -> s.withTrackFunctions(parseTrackFunctions(v))),
        TRACK_IO_TIMING("track_io_timing", s -> onOff(s.trackIoTiming),
                (s, v) -> s.withTrackIoTiming(parseBool("track_io_timing", v))),
        TRACK_ACTIVITIES("track_activities", s -> onOff(s.trackActivities),
                (s, v) -> s.withTrackActivities(parseBool("track_activities", v))),
        STATS_TEMP_DIRECTORY("stats_temp_directory", ServerSettings::statsTempDirectory,
                (s, v) -> s.withStatsTempDirectory(parseDirectory("stats_temp_directory", v))),
        STATS_DURABILITY("stats_durability", s -> s.statsDurability.name().toLowerCase(Locale.ROOT),
                (s, v) -> s.withStatsDurability(parseEnum("stats_durability", v, Durability.class))),
        STATS_CHECKPOINT_INTERVAL("stats_checkpoint_interval", s -> formatDuration(s.statsCheckpointInterval),
                (s, v) -> s.withStatsCheckpointInterval(parseInterval("stats_checkpoint_interval", v))),
        COLLECTOR_RESTART_INTERVAL("collector_restart_interval", s -> formatDuration(s.collectorRestartInterval),
                (s, v) -> s.withCollectorRestartInterval(parseInterval("collector_restart_interval", v)));

        private final String settingName;
        private final Function<ServerSettings, String> show;
        private final BiFunction<ServerSettings, String, ServerSettings> parse;

        Parameter(String name, Function<ServerSettings, String> show,
                  BiFunction<ServerSettings, String, ServerSettings> parse) {
            this.settingName = name;
            this.show = show;
            this.parse = parse;
        }

        /** The name as written in the settings file. */
        public String settingName() {
            return settingName;
        }

        /** The parameter called {@code name} (case-insensitive, as PostgreSQL), or null. */
        public static Parameter named(String name) {
            for (Parameter p : values()) {
                if (p.settingName.equalsIgnoreCase(name)) {
                    return p;
                }
            }
            return null;
        }
    }

    /**
     * These settings with parameter {@code name} set to {@code value}.
     *
     * @throws IllegalArgumentException naming the parameter, the value and what is allowed,
     *     if the name is unknown or the value invalid
     */
    public ServerSettings with(String name, String value) {
        Parameter p = Parameter.named(name);
        if (p == null) {
            throw new IllegalArgumentException("unrecognized configuration parameter \"" + name + "\"");
        }
        return p.parse.apply(this, value);
    }

    /** The canonical text of parameter {@code p}, e.g. {@code on}, {@code 60s}. */
    public String show(Parameter p) {
        return p.show.apply(this);
    }

    /** Every parameter's canonical text, in {@link Parameter} order. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Parameter p : Parameter.values()) {
            m.put(p.settingName, show(p));
        }
        return m;
    }

    /** Builds settings from {@code name → text} pairs over {@link #DEFAULTS}; see {@link #with}. */
    public static ServerSettings fromMap(Map<String, String> values) {
        ServerSettings s = DEFAULTS;
        for (var e : values.entrySet()) {
            s = s.with(e.getKey(), e.getValue());
        }
        return s;
    }

    /** The parameters whose value differs between {@code this} and {@code other}. */
    public List<Parameter> changedIn(ServerSettings other) {
        return java.util.Arrays.stream(Parameter.values()).filter(p -> !show(p).equals(other.show(p))).toList();
    }

    // ---- withers

    public ServerSettings withTrackCounts(boolean v) {
        return new ServerSettings(v, trackFunctions, trackIoTiming, trackActivities, statsTempDirectory,
                statsDurability, statsCheckpointInterval, collectorRestartInterval);
    }

    public ServerSettings withTrackFunctions(TrackFunctions v) {
        return new ServerSettings(trackCounts, v, trackIoTiming, trackActivities, statsTempDirectory,
                statsDurability, statsCheckpointInterval, collectorRestartInterval);
    }

    public ServerSettings withTrackIoTiming(boolean v) {
        return new ServerSettings(trackCounts, trackFunctions, v, trackActivities, statsTempDirectory,
                statsDurability, statsCheckpointInterval, collectorRestartInterval);
    }

    public ServerSettings withTrackActivities(boolean v) {
        return new ServerSettings(trackCounts, trackFunctions, trackIoTiming, v, statsTempDirectory,
                statsDurability, statsCheckpointInterval, collectorRestartInterval);
    }

    public ServerSettings withStatsTempDirectory(String v) {
        return new ServerSettings(trackCounts, trackFunctions, trackIoTiming, trackActivities, v,
                statsDurability, statsCheckpointInterval, collectorRestartInterval);
    }

    public ServerSettings withStatsDurability(Durability v) {
        return new ServerSettings(trackCounts, trackFunctions, trackIoTiming, trackActivities, statsTempDirectory,
                v, statsCheckpointInterval, collectorRestartInterval);
    }

    public ServerSettings withStatsCheckpointInterval(Duration v) {
        return new ServerSettings(trackCounts, trackFunctions, trackIoTiming, trackActivities, statsTempDirectory,
                statsDurability, v, collectorRestartInterval);
    }

    public ServerSettings withCollectorRestartInterval(Duration v) {
        return new ServerSettings(trackCounts, trackFunctions, trackIoTiming, trackActivities, statsTempDirectory,
                statsDurability, statsCheckpointInterval, v);
    }

    // ---- value syntax (PostgreSQL's, for the kinds used here)

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }

    /** PostgreSQL's boolean spellings: on/off, true/false, yes/no, 1/0 (case-insensitive). */
    static boolean parseBool(String name, String v) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1" -> {
                return true;
            }
            case "off", "false", "no", "0" -> {
                return false;
            }
            default -> throw invalid(name, v, "parameter \"" + name + "\" requires a Boolean value (on or off)");
        }
    }

    private static TrackFunctions parseTrackFunctions(String v) {
        try {
            return TrackFunctions.fromSetting(v.trim());
        } catch (IllegalArgumentException e) {
            throw invalid("track_functions", v, "available values: none, pl, all");
        }
    }

    /** Hands the {@code track_*} settings to a backend's live settings (attached processes). */
    public org.pgstat4j.backend.StatsSettings applyTo(org.pgstat4j.backend.StatsSettings backend) {
        return backend.trackCounts(trackCounts).trackFunctions(trackFunctions).trackIoTiming(trackIoTiming)
                .trackActivities(trackActivities);
    }

    private static <E extends Enum<E>> E parseEnum(String name, String v, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v.trim())) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.isEmpty() ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw invalid(name, v, "available values: " + allowed);
    }

    private static String parseDirectory(String name, String v) {
        if (v.isBlank() || v.indexOf('\0') >= 0) {
            throw invalid(name, v, "a directory path, relative to the data directory or absolute, is required");
        }
        return v;
    }

    /**
     * A time in PostgreSQL's unit syntax: an integer with an optional unit {@code ms}, {@code s},
     * {@code min}, {@code h} or {@code d}; no unit means seconds. Between 1 s and 1 d.
     */
    static Duration parseInterval(String name, String v) {
        String t = v.trim();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        String unit = t.substring(i).trim();
        Duration d;
        try {
            long n = Long.parseLong(t.substring(0, i));
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "", "s" -> Duration.ofSeconds(n);
                case "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> null;
            };
        } catch (NumberFormatException | ArithmeticException e) {
            d = null;
        }
        if (d == null) {
            throw invalid(name, v, "valid units for this parameter are \"ms\", \"s\", \"min\", \"h\", and \"d\"");
        }
        if (d.compareTo(MIN_INTERVAL) < 0 || d.compareTo(MAX_INTERVAL) > 0) {
            throw invalid(name, v, formatDuration(d) + " is outside the valid range for parameter \"" + name
                    + "\" (1s .. 1d)");
        }
        return d;
    }

    static String formatDuration(Duration d) {
        return d.toMillisPart() == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static IllegalArgumentException invalid(String name, String v, String hint) {
        return new IllegalArgumentException("invalid value for parameter \"" + name + "\": \"" + v + "\" (" + hint + ")");
    }
}
