package org.pgstat4j.store;

/**
 * One function's statistics as readers see them (times in µs): the getters of
 * {@link FuncEntry}. Implemented by the mutable entry itself (no copy).
 *
 * <p>The one way to misuse it: casting it back to the mutable {@link FuncEntry} and writing. The
 * object behind a reader's view belongs to a snapshot that other threads may be reading.
 */
public interface FuncEntryView {
    int functionId();

    long numCalls();

    long totalTime();

    long selfTime();
}
