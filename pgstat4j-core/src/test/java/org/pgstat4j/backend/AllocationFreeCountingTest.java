package org.pgstat4j.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Counting after a relation's first open in a window allocates nothing (DESIGN.md §3): a
 * hundred thousand transactions with savepoints, DML, scans and function calls allocate less
 * than a single object per thousand events. Measures bytes, not time.
 */
class AllocationFreeCountingTest {
    private static final int TABLES = 4;

    private static void workload(Backend b, TableStatus[] rels, int transactions) {
        for (int i = 0; i < transactions; i++) {
            TableStatus t = rels[i % TABLES];
            b.countHeapScan(t);
            b.countHeapGetnext(t);
            b.countBufferRead(t);
            b.countBufferHit(t);
            b.countHeapInsert(t, 2);
            b.beginSubTransaction();
            b.countHeapUpdate(t, true);
            b.countHeapDelete(rels[(i + 1) % TABLES]);
            if ((i & 1) == 0) {
                b.countTruncate(t);
                b.rollbackSubTransaction();
            } else {
                b.commitSubTransaction();
            }
            int token = b.initFunctionUsage(9, TrackFunctions.OFF);
            b.endFunctionUsage(token, true);
            b.session().reportActivity(BackendState.IDLE);
            b.session().reportActivity(BackendState.RUNNING);
            if (i % 7 == 0) {
                b.rollbackTransaction();
            } else {
                b.commitTransaction();
            }
        }
    }

    @Test
    void steadyStateCountingDoesNotAllocate() {
        var threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported(),
                "per-thread allocation counter not available");
        var mx = (com.sun.management.ThreadMXBean) threads;
        Fixture f = new Fixture();
        f.settings.trackFunctions(TrackFunctions.PL);
        TableStatus[] rels = new TableStatus[TABLES];
        for (int i = 0; i < TABLES; i++) {
            rels[i] = f.table(80000 + i);
        }
        workload(f.backend, rels, 10_000); // warm-up: pools fill, code compiles

        long id = Thread.currentThread().threadId();
        long before = mx.getThreadAllocatedBytes(id);
        workload(f.backend, rels, 100_000);
        long allocated = mx.getThreadAllocatedBytes(id) - before;

        assertThat(allocated).as("bytes allocated by 100 000 transactions").isLessThan(16_384);
        assertThat(f.backend.pending().tuplesInserted(80000)).isEqualTo(2L * 110_000 / TABLES);
    }
}
