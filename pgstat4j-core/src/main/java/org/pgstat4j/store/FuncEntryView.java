package org.pgstat4j.store;

/**
 * One function's statistics as readers see them (times in µs): the getters of
 * {@link FuncEntry}. Implemented by the mutable entry itself (no copy).
 */
public interface FuncEntryView {
    int functionId();

    long numCalls();

    long totalTime();

    long selfTime();
}
