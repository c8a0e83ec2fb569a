package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The memory budget of {@link StatementLimits} bounds what the running statements allocate
 * together, not each: statements that each stay under it but pass it together lose the one
 * that allocated the most — so the heap they can fill does not grow with the number of
 * sessions or engine permits. Statements here are threads that allocate a known amount and
 * hold it, registered as the sessions' statements are.
 */
class SharedMemoryBudgetTest {
    private static final long MB = 1024 * 1024;
    private static final long BUDGET = 64 * MB;

    /** A statement that allocates {@code bytes}, holds them and waits to be released. */
    private static final class Hog implements StatementLimits.Cancellable {
        final long bytes;
        final AtomicReference<StatementControl.CancelReason> reason = new AtomicReference<>();
        final CountDownLatch allocated = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        List<byte[]> held;

        Hog(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void cancel(StatementControl.CancelReason r) {
            reason.compareAndSet(null, r);
        }

        @Override
        public PgError cancellation() {
            return null;
        }

        Thread start(StatementLimits limits) {
            return Thread.ofPlatform().start(() -> {
                StatementLimits.Running r = limits.begin(this, 0);
                try {
                    held = new ArrayList<>();
                    for (long n = 0; n < bytes; n += MB) {
                        held.add(new byte[(int) MB]);
                    }
                    allocated.countDown();
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    limits.end(r);
                }
            });
        }
    }

    @Test
    void statementsThatPassTheBudgetTogetherLoseTheHungriestOnly() throws Exception {
        try (StatementLimits limits = new StatementLimits(4, BUDGET)) {
            Hog big = new Hog(30 * MB);
            Hog small1 = new Hog(24 * MB);
            Hog small2 = new Hog(24 * MB); // 78 MB together, each under 64 MB
            // one after the other, the hungriest first: while the last one allocates, the
            // hungriest is always the big one (a watchdog tick may come at any moment)
            List<Thread> threads = new ArrayList<>();
            for (Hog h : List.of(big, small1, small2)) {
                threads.add(h.start(limits));
                assertThat(h.allocated.await(30, TimeUnit.SECONDS)).isTrue();
            }
            awaitReason(big);
            // the others together (48 MB) are under the budget: many more ticks stop nobody else
            Thread.sleep(20 * StatementLimits.TICK_MILLIS);
            assertThat(big.reason.get()).isEqualTo(StatementControl.CancelReason.MEMORY);
            assertThat(small1.reason.get()).isNull();
            assertThat(small2.reason.get()).isNull();
            for (Hog h : List.of(small1, small2, big)) {
                h.release.countDown();
            }
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    @Test
    void oneStatementMayUseTheWholeBudget() throws Exception {
        try (StatementLimits limits = new StatementLimits(4, BUDGET)) {
            Hog alone = new Hog(48 * MB);
            Thread t = alone.start(limits);
            assertThat(alone.allocated.await(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(20 * StatementLimits.TICK_MILLIS);
            assertThat(alone.reason.get()).isNull();
            alone.release.countDown();
            t.join();
        }
    }

    private static void awaitReason(Hog h) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (h.reason.get() == null && System.nanoTime() < end) {
            Thread.sleep(StatementLimits.TICK_MILLIS);
        }
    }
}
