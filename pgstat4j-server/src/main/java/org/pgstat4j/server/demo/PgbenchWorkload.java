package org.pgstat4j.server.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.pgstat4j.backend.StatsSettings;
import org.pgstat4j.backend.TrackFunctions;
import org.pgstat4j.server.workload.Session;
import org.pgstat4j.server.workload.Table;

/**
 * pgbench's TPC-B-like transaction, run by N client sessions on threads of their own until a
 * deadline or a stop request: in each transaction {@code f_transfer} updates an account (an
 * index scan, then mostly HOT updates), the balance is read back, a teller and a branch are
 * updated, a history row is inserted, the next extra table (round robin) gets a row and an
 * index scan, and about 5 % of the transactions roll back. Sessions run with
 * {@code track_functions = all}.
 *
 * <p>Thread-safe counters; each session belongs to its thread and is closed (final flush)
 * before {@link #run} returns. A session that fails stops the run and its error is rethrown.
 */
final class PgbenchWorkload {
    /** What a run did. */
    record Result(long transactions, long rollbacks, Duration elapsed) {
        double tps() {
            double s = elapsed.toNanos() / 1e9;
            return s <= 0 ? 0 : transactions / s;
        }
    }

    private final PgbenchSchema schema;
    private final int sessions;
    private final long seed;
    private final LongAdder transactions = new LongAdder();
    private final LongAdder rollbacks = new LongAdder();
    private final LongAdder extraCursor = new LongAdder();

    PgbenchWorkload(PgbenchSchema schema, int sessions, long seed) {
        this.schema = schema;
        this.sessions = sessions;
        this.seed = seed;
    }

    long transactions() {
        return transactions.sum();
    }

    long rollbacks() {
        return rollbacks.sum();
    }

    /**
     * Runs until {@code duration} has passed ({@link Duration#ZERO}: no limit) or
     * {@code stop} says so, then closes every session.
     */
    Result run(Duration duration, BooleanSupplier stop) throws InterruptedException {
        long start = System.nanoTime();
        boolean unlimited = duration.isZero();
        long deadline = start + duration.toNanos();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        BooleanSupplier done = () -> stop.getAsBoolean() || failure.get() != null
                || !unlimited && System.nanoTime() - deadline >= 0;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            int client = i;
            threads.add(Thread.ofPlatform().name("pgbench-client-" + client).start(() -> {
                try {
                    client(client, done);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Result(transactions(), rollbacks(), Duration.ofNanos(System.nanoTime() - start));
    }

    private void client(int client, BooleanSupplier done) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003 + client);
        StatsSettings settings = new StatsSettings().trackFunctions(TrackFunctions.ALL);
        try (Session s = schema.db.session().name("client-" + client).settings(settings).connect()) {
            while (!done.getAsBoolean()) {
                transaction(s, random);
            }
        }
    }

    private void transaction(Session s, SplittableRandom random) {
        long aid = random.nextInt(PgbenchSchema.ACCOUNTS);
        long tid = random.nextInt(PgbenchSchema.TELLERS);
        long bid = random.nextInt(PgbenchSchema.BRANCHES);
        s.begin();
        s.call(schema.transfer, () -> {
            s.indexScan(schema.accountsPkey(), aid);
            s.updateByKey(schema.accounts, aid, random.nextInt(10) != 0);
        });
        s.indexScan(schema.accountsPkey(), aid);
        s.statement(() -> {
            s.indexScan(schema.tellers.primaryKey(), tid);
            s.updateByKey(schema.tellers, tid, true);
        });
        s.statement(() -> {
            s.indexScan(schema.branches.primaryKey(), bid);
            s.updateByKey(schema.branches, bid, true);
        });
        s.insert(schema.history, 1);
        if (!schema.extras.isEmpty()) {
            extraCursor.increment();
            Table extra = schema.extras.get((int) (extraCursor.sum() % schema.extras.size()));
            s.insert(extra, 1);
            s.indexScan(extra.primaryKey(), random.nextInt(Math.max(1, (int) extra.liveRows() + 1)));
        }
        if (random.nextInt(100) < 5) {
            s.rollback();
            rollbacks.increment();
        } else {
            s.commit();
        }
        transactions.increment();
    }
}
