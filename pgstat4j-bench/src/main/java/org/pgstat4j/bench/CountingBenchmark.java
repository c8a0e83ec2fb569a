package org.pgstat4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import org.pgstat4j.backend.Backend;
import org.pgstat4j.backend.RelKind;
import org.pgstat4j.backend.TableStatus;
import org.pgstat4j.transport.StatsSender;

/**
 * The counting hot path of a session: one counted event on an open relation (the goal is
 * ≤ 5 ns and 0 B per event; run with {@code -prof gc} to see the allocation rate).
 * Reference in the same run: {@link #baselineIncrement}, a plain field increment.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CountingBenchmark {
    private Backend backend;
    private TableStatus table;
    private TableStatus index;
    private long plain;

    @Setup
    public void setup() {
        backend = Backend.builder(StatsSender.disabled()).databaseId(16384).enabled(true).build();
        table = backend.openRelation(16400, RelKind.RELATION, false);
        index = backend.openRelation(16401, RelKind.INDEX, false);
    }

    @Benchmark
    public long baselineIncrement() {
        return ++plain;
    }

    @Benchmark
    public void countBufferHit() {
        backend.countBufferHit(table);
    }

    @Benchmark
    public void countHeapGetnext() {
        backend.countHeapGetnext(table);
    }

    @Benchmark
    public void countIndexScan() {
        backend.countIndexScan(index);
    }

    @Benchmark
    public void countHeapUpdateHot() {
        backend.countHeapUpdate(table, true);
    }
}
