package org.pgstat4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.store.StatsPersistence;
import org.pgstat4j.transport.ChannelStatsSender;
import org.pgstat4j.transport.DatagramReceiver;
import org.pgstat4j.transport.StatsSender;
import org.pgstat4j.transport.StatsSocket;
import org.pgstat4j.transport.unix.DatagramChannelFd;
import org.pgstat4j.transport.unix.DrainingReceiver;
import org.pgstat4j.transport.unix.Libc;
import org.pgstat4j.transport.unix.ReceiveBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The collector's ingest over a real statistics socket, measured the way
 * {@code src/main/c/ingest_ref.c} measures plain C, so that {@code bench/ingest.sh} can put
 * both in one table from one run.
 *
 * <pre>
 *   IngestBench phased N --round K   rounds of K sends, then K datagrams received, validated,
 *                                    applied: CPU of receive + apply per datagram (drain
 *                                    thread + collector thread)
 *   IngestBench flood N              a sender thread floods N datagrams while the collector
 *                                    applies them: datagrams applied per second of wall time,
 *                                    and loss
 * </pre>
 *
 * {@code --receiver=batched} (the default) receives with {@link DrainingReceiver}
 * (recvmmsg into a ring, on its own thread) and sends through the socket's sequencing sender;
 * {@code --receiver=single} uses {@link DatagramReceiver} (one receive call per datagram on the
 * collector thread) and bare sends: the receive path as it was before batching. Datagrams are
 * full TABSTATs (8 entries, 960 bytes; 976 with the sequence envelope) over 1,000 tables.
 */
@Command(name = "IngestBench", mixinStandardHelpOptions = true, description = "collector ingest over a real socket")
public final class IngestBench implements Callable<Integer> {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final int TABLES = 1000;

    /** The two ways of measuring, see the class comment. */
    enum Mode { PHASED, FLOOD }

    /** The receive path measured. */
    enum Receiver { BATCHED, SINGLE }

    @Parameters(index = "0", description = "PHASED or FLOOD")
    Mode mode;
    @Parameters(index = "1", defaultValue = "200000", description = "datagrams")
    long n;
    @Option(names = "--round", defaultValue = "2048", description = "datagrams per round (PHASED)")
    int k;
    @Option(names = "--receiver", defaultValue = "BATCHED", description = "BATCHED or SINGLE")
    Receiver receiver;
    @Option(names = "--fast-sender", description = "FLOOD with sendmmsg, 64 per call (BatchFlooder), "
            + "so that the collector rather than the sender limits the rate")
    boolean fastSender;
    private int floodFd = -1;

    /** How the collector receives. */
    private interface Source extends AutoCloseable {
        /** The next datagram (at offset 0, limit at its length), or null: as the collector loop receives. */
        ByteBuffer next(ByteBuffer scratch) throws Exception;

        void await() throws Exception;

        /** CPU nanoseconds of threads other than the caller's (the drain thread). */
        long drainCpuNanos();

        @Override
        void close() throws Exception;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        boolean batched = receiver == Receiver.BATCHED;
        String mode = this.mode.name().toLowerCase(Locale.ROOT);
        try (StatsSocket socket = StatsSocket.open()) {
            StatsSender sender = batched ? socket.sender()
                    : new ChannelStatsSender(socket.channel(), System.getLogger("bench"));
            Source source = batched ? batched(socket) : single(socket);
            if (fastSender) {
                floodFd = DatagramChannelFd.duplicate(socket.channel());
            }
            try (source) {
                Collector collector = new Collector(StatsPersistence.NONE, () -> 1L);
                ByteBuffer[] datagrams = datagrams();
                // warm-up: the JIT compiles receive, validate and apply
                run(mode, Math.min(n, 100_000), k, sender, source, collector, datagrams, false);
                run(mode, n, k, sender, source, collector, datagrams, true);
            }
        }
        return 0;
    }

    private void run(String mode, long n, int k, StatsSender sender, Source source, Collector collector,
                            ByteBuffer[] datagrams, boolean print) throws Exception {
        long applied0 = collector.counters().applied();
        long lost0 = collector.counters().sequences().lost();
        long drain0 = source.drainCpuNanos();
        long dropped0 = sender.droppedCount();
        ByteBuffer buf = ByteBuffer.allocateDirect(Collector.RECEIVE_BUFFER_SIZE).order(Wire.ORDER);
        long collectorCpu = 0;
        long w0 = System.nanoTime();
        long sent = 0;
        if (mode.equals("phased")) {
            int next = 0;
            while (sent < n) {
                for (int i = 0; i < k; i++) {
                    ByteBuffer d = datagrams[next++ % datagrams.length];
                    sender.send(d.rewind());
                }
                sent += k;
                long c0 = CPU.getCurrentThreadCpuTime();
                long target = applied0 + sent - (sender.droppedCount() - dropped0);
                long idleSince = 0;
                while (collector.counters().applied() < target) {
                    ByteBuffer in = source.next(buf);
                    if (in == null) {
                        // a datagram the kernel dropped never comes: stop after 50 ms of nothing
                        if (idleSince == 0) {
                            idleSince = System.nanoTime();
                        } else if (System.nanoTime() - idleSince > 50_000_000L) {
                            break;
                        }
                        source.await();
                        continue;
                    }
                    idleSince = 0;
                    collector.process(in, in.limit());
                }
                collectorCpu += CPU.getCurrentThreadCpuTime() - c0;
            }
        } else {
            long[] refused = new long[1];
            Thread flooder = Thread.ofPlatform().name("bench-sender").start(() -> {
                if (floodFd >= 0) {
                    BatchFlooder f = new BatchFlooder(floodFd, (int) System.nanoTime(), datagrams); // a new sender each run
                    try {
                        refused[0] = n - f.send(n);
                    } catch (Throwable t) {
                        throw new IllegalStateException(t);
                    } finally {
                        f.close();
                    }
                    return;
                }
                int next = 0;
                for (long i = 0; i < n; i++) {
                    sender.send(datagrams[next++ % datagrams.length].rewind());
                }
            });
            sent = n;
            long c0 = CPU.getCurrentThreadCpuTime();
            long idleSince = 0;
            while (true) {
                ByteBuffer in = source.next(buf);
                if (in != null) {
                    collector.process(in, in.limit());
                    idleSince = 0;
                    continue;
                }
                if (!flooder.isAlive()) {
                    if (idleSince == 0) {
                        idleSince = System.nanoTime();
                    } else if (System.nanoTime() - idleSince > 300_000_000L) {
                        break; // nothing for 300 ms after the last send: all that will arrive has
                    }
                }
                source.await();
            }
            collectorCpu = CPU.getCurrentThreadCpuTime() - c0;
            dropped0 -= refused[0]; // the fast sender's refusals count as sender drops
        }
        double wall = (System.nanoTime() - w0) / 1e9;
        long applied = collector.counters().applied() - applied0;
        long drain = source.drainCpuNanos() - drain0;
        if (print) {
            System.out.println(String.format(Locale.ROOT,
                    "mode=%s receiver=%s datagrams=%d applied=%d wall_s=%.3f rate_per_s=%.0f "
                            + "cpu_us_per_dgram=%.3f drain_cpu_us_per_dgram=%.3f sender_drops=%d sequence_lost=%d "
                            + "lost=%d",
                    mode + (floodFd >= 0 && mode.equals("flood") ? "-fast" : ""),
                    source instanceof Batched ? "batched" : "single", sent, applied, wall, applied / wall,
                    (collectorCpu + drain) / 1e3 / applied, drain / 1e3 / applied,
                    sender.droppedCount() - dropped0, collector.counters().sequences().lost() - lost0,
                    sent - applied));
        }
    }

    private static ByteBuffer[] datagrams() {
        List<ByteBuffer> out = new ArrayList<>();
        for (int base = 0; base < TABLES; base += 8) {
            List<TableEntry> es = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                es.add(new TableEntry(16384 + base + i, 1, 10, 2, 1, 1, 0, 1, false, 1, 1, 2, 5, 4));
            }
            ByteBuffer b = ByteBuffer.allocateDirect(Wire.MAX_MSG_SIZE).order(Wire.ORDER);
            MessageCodec.encode(new TabStatMessage(5, 1, 0, 0, 0, 0, 0, 0, es), b);
            out.add(b);
        }
        return out.toArray(ByteBuffer[]::new);
    }

    private record Batched(DrainingReceiver rx, long drainThreadId) implements Source {
        public ByteBuffer next(ByteBuffer scratch) throws Exception {
            return rx.receiveInPlace();
        }

        public void await() {
            rx.awaitReadable(100);
        }

        public long drainCpuNanos() {
            return CPU.getThreadCpuTime(drainThreadId);
        }

        public void close() {
            rx.close();
        }
    }

    private static Source batched(StatsSocket socket) throws Exception {
        DrainingReceiver rx = new DrainingReceiver(DatagramChannelFd.duplicate(socket.channel()),
                System.getLogger("bench"));
        long id = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("pgstat4j-collector-drain"))
                .mapToLong(Thread::threadId).max().orElseThrow();
        return new Batched(rx, id);
    }

    private static Source single(StatsSocket socket) throws Exception {
        // the same receive buffer as the batched receiver asks for, so only the receive path differs
        int fd = DatagramChannelFd.duplicate(socket.channel());
        ReceiveBuffer.raise(fd, ReceiveBuffer.REQUESTED, System.getLogger("bench"));
        Libc.closeFd(fd);
        DatagramReceiver rx = DatagramReceiver.open(socket.channel());
        return new Source() {
            public ByteBuffer next(ByteBuffer scratch) throws Exception {
                return rx.receive(scratch) < 0 ? null : scratch;
            }

            public void await() throws Exception {
                rx.awaitReadable(100);
            }

            public long drainCpuNanos() {
                return 0;
            }

            public void close() throws Exception {
                rx.close();
            }
        };
    }
}
