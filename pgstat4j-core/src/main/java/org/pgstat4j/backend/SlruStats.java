package org.pgstat4j.backend;

import java.util.List;
import org.pgstat4j.protocol.SlruMessage;

/**
 * A process's per-SLRU counters ({@code SLRUStats[8]}, spec §4.11): pages zeroed, hit, read,
 * written, checked for existence, flushes and truncates, for the eight SLRU slots.
 *
 * <p>Slots are fixed by name; an SLRU whose name is not listed (an extension's) uses the last
 * slot, {@code other}. Invariant: a flush sends one SLRU message per slot with a non-zero
 * counter and zeroes it. Owned by one process thread.
 *
 * <p>The one way to misuse it: counting an extension's SLRU under a slot number of its own.
 * The eight slots are fixed; {@link #indexOf} maps an unknown name to {@code other}.
 */
public final class SlruStats {
    /** The slot names, in slot order, as {@code pg_stat_slru} shows them. */
    public static final List<String> NAMES = List.of("CommitTs", "MultiXactMember",
            "MultiXactOffset", "Notify", "Serial", "Subtrans", "Xact", "other");
    /** The slot of SLRUs not listed in {@link #NAMES}. */
    public static final int OTHER = NAMES.size() - 1;

    private static final int ZEROED = 0;
    private static final int HIT = 1;
    private static final int READ = 2;
    private static final int WRITTEN = 3;
    private static final int EXISTS = 4;
    private static final int FLUSH = 5;
    private static final int TRUNCATE = 6;
    private static final int COUNTERS = 7;

    /** Slot {@code s}, counter {@code c} at {@code s * COUNTERS + c}. */
    private final long[] counts = new long[NAMES.size() * COUNTERS];

    SlruStats() {
    }

    /**
     * The slot of the SLRU called {@code name} ({@code pgstat_slru_index}): an exact,
     * case-sensitive match, anything else {@link #OTHER}.
     */
    public static int indexOf(String name) {
        int i = NAMES.indexOf(name);
        return i < 0 ? OTHER : i;
    }

    public void countPageZeroed(int slot) {
        counts[slot * COUNTERS + ZEROED]++;
    }

    public void countPageHit(int slot) {
        counts[slot * COUNTERS + HIT]++;
    }

    public void countPageRead(int slot) {
        counts[slot * COUNTERS + READ]++;
    }

    public void countPageWritten(int slot) {
        counts[slot * COUNTERS + WRITTEN]++;
    }

    public void countPageExists(int slot) {
        counts[slot * COUNTERS + EXISTS]++;
    }

    public void countFlush(int slot) {
        counts[slot * COUNTERS + FLUSH]++;
    }

    public void countTruncate(int slot) {
        counts[slot * COUNTERS + TRUNCATE]++;
    }

    /** Sends one message per slot with any non-zero counter, then zeroes that slot. */
    void flush(Outbox out) {
        for (int s = 0; s < NAMES.size(); s++) {
            int at = s * COUNTERS;
            boolean any = false;
            for (int c = 0; c < COUNTERS; c++) {
                any |= counts[at + c] != 0;
            }
            if (!any) {
                continue;
            }
            out.send(new SlruMessage(s, counts[at + ZEROED], counts[at + HIT], counts[at + READ],
                    counts[at + WRITTEN], counts[at + EXISTS], counts[at + FLUSH],
                    counts[at + TRUNCATE]));
            java.util.Arrays.fill(counts, at, at + COUNTERS, 0L);
        }
    }
}
