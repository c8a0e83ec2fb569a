package org.pgstat4j.server.workload;

import org.pgstat4j.backend.BackendType;
import org.pgstat4j.backend.StatsClock;
import org.pgstat4j.backend.StatsSettings;

/**
 * Configures a {@link Session} before it connects: its name, its {@code track_*} settings,
 * its clocks, whether its role is a superuser, the truncate-flag fix, and its process type.
 * Defaults: a superuser client backend with PostgreSQL's default settings and the system clocks.
 */
public final class SessionBuilder {
    final Schema schema;
    String name = "session";
    StatsSettings settings = new StatsSettings();
    StatsClock clock = StatsClock.system();
    boolean superuser = true;
    boolean stickyTruncateFlag;
    BackendType type = BackendType.CLIENT_BACKEND;

    SessionBuilder(Schema schema) {
        this.schema = schema;
    }

    public SessionBuilder name(String n) {
        name = n;
        return this;
    }

    /** The session's {@code track_*} settings (PostgreSQL's per-session GUCs). */
    public SessionBuilder settings(StatsSettings s) {
        settings = s;
        return this;
    }

    public SessionBuilder clock(StatsClock c) {
        clock = c;
        return this;
    }

    /** Whether the session's role is a superuser (may call the reset functions). */
    public SessionBuilder superuser(boolean on) {
        superuser = on;
        return this;
    }

    /** Keep a committed TRUNCATE's flag until the flush (the fix of PostgreSQL 14's quirk). */
    public SessionBuilder stickyTruncateFlag(boolean on) {
        stickyTruncateFlag = on;
        return this;
    }

    public SessionBuilder type(BackendType t) {
        type = t;
        return this;
    }

    /** Connects: the backend starts and reports CONNECT (client backends). */
    public Session connect() {
        return new Session(this);
    }
}
