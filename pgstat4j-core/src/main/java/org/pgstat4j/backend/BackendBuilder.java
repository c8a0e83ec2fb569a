package org.pgstat4j.backend;

import org.pgstat4j.transport.StatsSender;

/**
 * Configures a {@link Backend}. Defaults: a client backend, statistics enabled, PostgreSQL's
 * default settings, the system clocks, start time = now, PostgreSQL 14's truncate flag.
 *
 * <p>The one way to misuse it: leaving {@link #databaseId} unset for a session of a database.
 * The default 0 is for processes without one: their table counts go to the shared catalogs'
 * pseudo-database 0, and closing the backend sends no final report.
 */
public final class BackendBuilder {
    final StatsSender sender;
    int databaseId;
    BackendType type = BackendType.CLIENT_BACKEND;
    StatsSettings settings = new StatsSettings();
    StatsClock clock = StatsClock.system();
    boolean enabled = true;
    boolean stickyTruncateFlag;
    Runnable transactionEndHook = () -> { };
    Long startTimestamp;

    BackendBuilder(StatsSender sender) {
        if (sender == null) {
            throw new IllegalArgumentException("sender must not be null; use StatsSender.disabled()");
        }
        this.sender = sender;
    }

    /** The session's database ({@code MyDatabaseId}); 0 for a process without one. */
    public BackendBuilder databaseId(int oid) {
        databaseId = oid;
        return this;
    }

    public BackendBuilder type(BackendType backendType) {
        type = backendType;
        return this;
    }

    /** Settings to read; may be shared with other backends and changed at run time. */
    public BackendBuilder settings(StatsSettings s) {
        settings = s;
        return this;
    }

    public BackendBuilder clock(StatsClock c) {
        clock = c;
        return this;
    }

    /**
     * Whether statistics work at all (PostgreSQL: the collector socket is valid). When false
     * nothing is counted or sent.
     */
    public BackendBuilder enabled(boolean on) {
        enabled = on;
        return this;
    }

    /**
     * Keep a committed TRUNCATE's flag until the flush instead of letting a later commit in
     * the same window overwrite it (PostgreSQL 14 overwrites it; spec §4.4). Off by default
     * for wire compatibility.
     */
    public BackendBuilder stickyTruncateFlag(boolean sticky) {
        stickyTruncateFlag = sticky;
        return this;
    }

    /**
     * Runs at every top-level transaction end (commit, rollback, prepare), where PostgreSQL
     * discards the session's statistics snapshot.
     */
    public BackendBuilder onTransactionEnd(Runnable hook) {
        transactionEndHook = hook;
        return this;
    }

    /** The process start time ({@code MyStartTimestamp}), base of the first session-time slice. */
    public BackendBuilder startTimestamp(long timestampTz) {
        startTimestamp = timestampTz;
        return this;
    }

    public Backend build() {
        return new Backend(this);
    }
}
