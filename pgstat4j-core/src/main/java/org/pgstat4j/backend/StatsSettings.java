package org.pgstat4j.backend;

/**
 * The run-time settings that steer counting (spec §9): {@code track_counts},
 * {@code track_functions}, {@code track_io_timing}, {@code track_wal_io_timing} and
 * {@code track_activities}, with PostgreSQL's defaults.
 *
 * <p>Fields are volatile so that one settings object may be shared by many backends and
 * changed from another thread (like a configuration reload); a backend reads each setting at
 * the moment PostgreSQL reads the GUC, e.g. {@code track_counts} when a relation is opened.
 *
 * <p>The one way to misuse it: giving each backend its own copy when a reload must reach them
 * all. Share one object; each backend reads it when PostgreSQL reads the setting.
 */
public final class StatsSettings {
    private volatile boolean trackCounts = true;
    private volatile TrackFunctions trackFunctions = TrackFunctions.OFF;
    private volatile boolean trackIoTiming;
    private volatile boolean trackWalIoTiming;
    private volatile boolean trackActivities = true;

    public boolean trackCounts() {
        return trackCounts;
    }

    public StatsSettings trackCounts(boolean on) {
        trackCounts = on;
        return this;
    }

    public TrackFunctions trackFunctions() {
        return trackFunctions;
    }

    public StatsSettings trackFunctions(TrackFunctions level) {
        if (level == null) {
            throw new IllegalArgumentException("track_functions must not be null");
        }
        trackFunctions = level;
        return this;
    }

    public boolean trackIoTiming() {
        return trackIoTiming;
    }

    public StatsSettings trackIoTiming(boolean on) {
        trackIoTiming = on;
        return this;
    }

    public boolean trackWalIoTiming() {
        return trackWalIoTiming;
    }

    public StatsSettings trackWalIoTiming(boolean on) {
        trackWalIoTiming = on;
        return this;
    }

    public boolean trackActivities() {
        return trackActivities;
    }

    public StatsSettings trackActivities(boolean on) {
        trackActivities = on;
        return this;
    }

    @Override
    public String toString() {
        return "track_counts=" + (trackCounts ? "on" : "off")
                + " track_functions=" + trackFunctions.settingName()
                + " track_io_timing=" + (trackIoTiming ? "on" : "off")
                + " track_wal_io_timing=" + (trackWalIoTiming ? "on" : "off")
                + " track_activities=" + (trackActivities ? "on" : "off");
    }
}
