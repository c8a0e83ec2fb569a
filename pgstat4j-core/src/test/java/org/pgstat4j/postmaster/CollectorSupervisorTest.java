package org.pgstat4j.postmaster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Supervision rules (spec §5.1, §5.6) with stand-in collectors: start at once, restart after
 * any exit (paced by the restart interval), forward reloads, and at stop leave nothing running.
 */
class CollectorSupervisorTest {
    private static final ServerSettings SETTINGS =
            ServerSettings.DEFAULTS.withCollectorRestartInterval(Duration.ofSeconds(1));

    /** A collector that records what it was told; exits when the test says (or on terminate, if willing). */
    static class Fake implements RunningCollector {
        final long pid;
        final boolean obeysTerminate;
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final List<String> told = new CopyOnWriteArrayList<>();

        Fake(long pid, boolean obeysTerminate) {
            this.pid = pid;
            this.obeysTerminate = obeysTerminate;
        }

        public long pid() {
            return pid;
        }

        public String kind() {
            return "fake";
        }

        public CompletableFuture<Integer> onExit() {
            return exit;
        }

        public CompletableFuture<Void> ready() {
            return ready;
        }

        public void reload(ServerSettings s) {
            told.add("reload " + s.show(ServerSettings.Parameter.TRACK_FUNCTIONS));
        }

        public void terminate() {
            told.add("terminate");
            if (obeysTerminate) {
                exit.complete(0);
            }
        }

        public void kill() {
            told.add("kill");
            exit.complete(128 + 9);
        }
    }

    private final LinkedBlockingQueue<Fake> launched = new LinkedBlockingQueue<>();
    private final List<Long> pids = new CopyOnWriteArrayList<>();

    private CollectorSupervisor supervisor(boolean obeys) {
        AtomicInteger next = new AtomicInteger(1000);
        return new CollectorSupervisor(s -> {
            Fake f = new Fake(next.incrementAndGet(), obeys);
            launched.add(f);
            return f;
        }, () -> SETTINGS, pids::add);
    }

    private Fake nextLaunch() throws InterruptedException {
        Fake f = launched.poll(30, TimeUnit.SECONDS);
        assertThat(f).as("a collector was launched").isNotNull();
        return f;
    }

    @Test
    void aCollectorThatExitsIsReplacedAndStopLeavesNoneRunning() throws Exception {
        CollectorSupervisor s = supervisor(true);
        s.start();
        Fake first = nextLaunch();
        first.exit.complete(137);
        Fake second = nextLaunch();
        assertThat(second.pid).isNotEqualTo(first.pid);

        second.ready.complete(null);
        assertThat(s.stop(Duration.ofSeconds(30))).isEqualTo(CollectorSupervisor.StopResult.CLEAN);
        assertThat(second.told).containsExactly("terminate");
        assertThat(launched).as("nothing started after stop").isEmpty();
        assertThat(s.collectorPid()).isZero();
        assertThat(pids).containsSubsequence(first.pid, 0L, second.pid).endsWith(0L);
    }

    @Test
    void reloadsAreForwardedToTheRunningCollector() throws Exception {
        CollectorSupervisor s = supervisor(true);
        s.start();
        Fake f = nextLaunch();
        await(() -> s.collectorPid() == f.pid);
        s.reload(SETTINGS.withTrackFunctions(org.pgstat4j.backend.TrackFunctions.ALL));
        assertThat(f.told).containsExactly("reload all");
        s.stop(Duration.ofSeconds(30));
    }

    @Test
    void aCollectorThatIgnoresTheStopRequestIsKilled() throws Exception {
        CollectorSupervisor s = supervisor(false);
        s.start();
        Fake f = nextLaunch();
        f.ready.complete(null);
        assertThat(s.stop(Duration.ofMillis(200))).isEqualTo(CollectorSupervisor.StopResult.FAILED);
        assertThat(f.told).containsExactly("terminate", "kill");
        assertThat(f.exit).isDone();
    }

    @Test
    void aFailedStartIsRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CollectorSupervisor s = new CollectorSupervisor(settings -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IOException("Cannot run program: no such file");
            }
            Fake f = new Fake(attempts.get(), true);
            launched.add(f);
            return f;
        }, () -> SETTINGS, pids::add);
        s.start();
        nextLaunch();
        assertThat(attempts.get()).isEqualTo(2);
        s.stop(Duration.ofSeconds(30));
    }

    @Test
    void aCollectorStoppedBeforeItWasReadyLeftTheFilesAlone() throws Exception {
        CollectorSupervisor s = new CollectorSupervisor(settings -> {
            Fake f = new Fake(7, false) {
                @Override
                public void terminate() {
                    exit.complete(128 + 15); // the JVM's default action: it had not installed its handler yet
                }
            };
            launched.add(f);
            return f;
        }, () -> SETTINGS, pids::add);
        s.start();
        nextLaunch();
        assertThat(s.stop(Duration.ofSeconds(30))).isEqualTo(CollectorSupervisor.StopResult.NOT_STARTED);
    }

    @Test
    void aCrashLoopIsPacedWithDoublingDelaysCappedByTheRestartInterval() {
        Duration cap = Duration.ofSeconds(60);
        assertThat(CollectorSupervisor.restartDelay(0, cap)).as("a crash of a settled collector").isZero();
        assertThat(CollectorSupervisor.restartDelay(1, cap)).as("the first failure in a row").isZero();
        assertThat(CollectorSupervisor.restartDelay(2, cap)).isEqualTo(Duration.ofMillis(250));
        assertThat(CollectorSupervisor.restartDelay(3, cap)).isEqualTo(Duration.ofMillis(500));
        assertThat(CollectorSupervisor.restartDelay(6, cap)).isEqualTo(Duration.ofSeconds(4));
        assertThat(CollectorSupervisor.restartDelay(10, cap)).isEqualTo(Duration.ofSeconds(60));
        assertThat(CollectorSupervisor.restartDelay(1000, cap)).isEqualTo(Duration.ofSeconds(60));
        assertThat(CollectorSupervisor.restartDelay(4, Duration.ofMillis(700))).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void collectorsThatDieBeforeTheyAreReadyAreRestartedWithGrowingDelays() throws Exception {
        CollectorSupervisor s = supervisor(true);
        s.start();
        List<Long> delays = new java.util.ArrayList<>();
        Fake f = nextLaunch();
        for (int i = 0; i < 4; i++) {
            f.exit.complete(1); // dies during start-up
            f = nextLaunch();
            int restarts = i + 1;
            await(() -> s.restarts() == restarts);
            delays.add(s.lastRestartDelayMillis());
        }
        // at once, then doubling; SETTINGS caps at 1 s
        assertThat(delays).containsExactly(0L, 250L, 500L, 1000L);
        s.stop(Duration.ofSeconds(30));
    }

    @Test
    void exitsAreReportedInPostgreSqlsWords() {
        assertThat(CollectorSupervisor.describeExit(42, 1))
                .isEqualTo("statistics collector process (PID 42) exited with exit code 1");
        assertThat(CollectorSupervisor.describeExit(42, 137))
                .isEqualTo("statistics collector process (PID 42) was terminated by signal 9: Killed");
        assertThat(CollectorSupervisor.describeExit(42, 143))
                .isEqualTo("statistics collector process (PID 42) was terminated by signal 15: Terminated");
    }

    private static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out").isNegative();
            Thread.sleep(10);
        }
    }
}
