package org.pgstat4j.store;

import java.util.List;

/**
 * Counters of one SLRU slot ({@code PgStat_SLRUStats}).
 *
 * <p>The one way to misuse it: indexing the slots by a number of one's own. The eight slots
 * are fixed; {@link #indexOf} maps an unknown name to {@code other}.
 */
public final class SlruStats implements SlruStatsView {
    /** Slot names in slot order, as {@code pg_stat_slru} shows them; the last is the catch-all. */
    public static final List<String> NAMES = List.of("CommitTs", "MultiXactMember",
            "MultiXactOffset", "Notify", "Serial", "Subtrans", "Xact", "other");

    public long blocksZeroed;
    public long blocksHit;
    public long blocksRead;
    public long blocksWritten;
    public long blocksExists;
    public long flush;
    public long truncate;
    public long statResetTimestamp;

    public void reset(long now) {
        blocksZeroed = 0;
        blocksHit = 0;
        blocksRead = 0;
        blocksWritten = 0;
        blocksExists = 0;
        flush = 0;
        truncate = 0;
        statResetTimestamp = now;
    }

    /**
     * The slot {@code pg_stat_reset_slru(name)} addresses: the named one, or the last
     * ({@code other}) for any name not in {@link #NAMES} (PostgreSQL 14 behaviour).
     */
    public static int indexOf(String name) {
        int i = NAMES.indexOf(name);
        return i >= 0 ? i : NAMES.size() - 1;
    }

    @Override
    public long blocksZeroed() {
        return blocksZeroed;
    }

    @Override
    public long blocksHit() {
        return blocksHit;
    }

    @Override
    public long blocksRead() {
        return blocksRead;
    }

    @Override
    public long blocksWritten() {
        return blocksWritten;
    }

    @Override
    public long blocksExists() {
        return blocksExists;
    }

    @Override
    public long flush() {
        return flush;
    }

    @Override
    public long truncate() {
        return truncate;
    }

    @Override
    public long statResetTimestamp() {
        return statResetTimestamp;
    }
}
