package org.pgstat4j.storage;

/**
 * The count of temporary write rounds a {@link StatsFiles} has completed, for readers in the
 * collector's own JVM: a reader notes the count before it looks at the file's timestamp and
 * then waits for the count to move, so the end of the collector's write round wakes it at
 * once. Readers in other processes share no such object; for them a wait is a sleep.
 *
 * <p>Invariant: no lost wake-up. {@link #await} compares with the count the caller noted, not
 * with a notification it might have missed: a round that completed between the note and the
 * wait ends the wait at once. The count only grows; any number of threads may wait.
 *
 * <p>The one way to misuse it: noting the count after looking at the file. A round completed
 * in between would then go unseen until the wait times out.
 */
final class WriteRounds {
    private long completed;

    /** Rounds completed so far. */
    synchronized long completed() {
        return completed;
    }

    /** One more round completed: wakes every waiter. */
    synchronized void complete() {
        completed++;
        notifyAll();
    }

    /**
     * Waits until more than {@code seen} rounds have completed, or {@code millis} pass; returns
     * at once if that already happened.
     */
    synchronized void await(long seen, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (completed == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(left / 1_000_000L, (int) (left % 1_000_000L));
        }
    }
}
