package org.pgstat4j.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.store.StatsPersistence;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.SequencedMessage;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.Wire;

/**
 * Collector ingest: validate + decode + apply of full TABSTAT datagrams (8 entries each) over
 * a database of {@code tables} relations. One operation = one datagram: bare, or inside the
 * sequence envelope every pgstat4j sender puts it in ({@code applySequencedTabstat}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CollectorApplyBenchmark {
    @Param({"1000", "100000"})
    int tables;

    private Collector collector;
    private ByteBuffer[] datagrams;
    private ByteBuffer[] sequenced;
    private int next;
    private int sequence;

    @Setup
    public void setup() {
        collector = new Collector(StatsPersistence.NONE, () -> 1L);
        List<ByteBuffer> list = new ArrayList<>();
        for (int base = 0; base < tables; base += 8) {
            List<TableEntry> es = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                es.add(new TableEntry(16384 + base + i, 1, 10, 2, 1, 1, 0, 1, false, 1, 1, 2, 5, 4));
            }
            ByteBuffer b = ByteBuffer.allocateDirect(1024).order(Wire.ORDER);
            MessageCodec.encode(new TabStatMessage(5, 1, 0, 0, 0, 0, 0, 0, es), b);
            list.add(b);
        }
        datagrams = list.toArray(new ByteBuffer[0]);
        sequenced = new ByteBuffer[datagrams.length];
        for (int i = 0; i < datagrams.length; i++) {
            ByteBuffer e = ByteBuffer.allocateDirect(1024).order(Wire.ORDER);
            int size = SequencedMessage.writeEnvelope(e, 7, 0, datagrams[i].limit());
            e.put(SequencedMessage.PAYLOAD, datagrams[i], 0, datagrams[i].limit()).limit(size);
            sequenced[i] = e;
        }
        for (ByteBuffer b : datagrams) {
            collector.process(b, b.limit()); // entries exist: measure the steady state
        }
    }

    @Benchmark
    public Object applyTabstat() {
        ByteBuffer b = datagrams[next];
        next = next + 1 == datagrams.length ? 0 : next + 1;
        return collector.process(b, b.limit());
    }

    @Benchmark
    public Object applySequencedTabstat() {
        ByteBuffer b = sequenced[next];
        next = next + 1 == sequenced.length ? 0 : next + 1;
        b.putInt(SequencedMessage.SEQUENCE, sequence++);
        return collector.process(b, b.limit());
    }
}
