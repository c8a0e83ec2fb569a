package org.pgstat4j.postmaster;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Keeps a statistics collector running (spec §5.1 {@code pgstat_start}, §5.6): starts one, and
 * whenever it exits while the server runs, logs how it ended and starts another. A collector
 * that had been receiving for a while is replaced at once — a crash costs the time a new one
 * needs to start, not PostgreSQL's 60 s. Only a crash loop is paced: when collectors keep dying
 * before they settle (never ready, or dead within {@link #CRASH_LOOP_WINDOW} of it), the second
 * such failure in a row waits {@link #FIRST_BACKOFF} and each further one twice as long
 * ({@link #restartDelay}), never more than {@code collector_restart_interval} — so a collector
 * that dies at once cannot make the server spin. Every restart and its delay are logged. Datagrams sent meanwhile wait in the
 * socket's queue, which the server keeps open.
 *
 * <p>One supervisor thread does all starting and waiting; {@link #reload} and {@link #stop}
 * come from the server's main thread. Invariant: after {@link #stop} returns no collector
 * started by this supervisor is running (it was asked to stop cleanly, then killed if it did
 * not within the timeout).
 *
 * <p>The one way to misuse it: starting a collector beside it. Two collectors read the same
 * socket and split the datagrams; every collector of a server comes from its one supervisor.
 */
public final class CollectorSupervisor {
    /** A collector that dies sooner than this after becoming ready counts as part of a crash loop. */
    static final Duration CRASH_LOOP_WINDOW = Duration.ofSeconds(1);
    /** The first delay of a crash loop; each further failure in a row doubles it. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.postmaster");

    private final RunningCollector.Launcher launcher;
    private final Supplier<ServerSettings> settings;
    private final LongConsumer onCollectorPid;
    private final Object lock = new Object();
    private final Thread thread;
    private final AtomicLong launches = new AtomicLong();
    private final CompletableFuture<Void> firstReady = new CompletableFuture<>();
    private RunningCollector running;
    private boolean stopping;
    /** Failures in a row of collectors that never settled (see the class comment); owned by the thread. */
    private int quickFailures;
    /** When the running collector became ready (System.nanoTime), 0 while it is not; owned by the thread. */
    private AtomicLong readyAt = new AtomicLong();
    private volatile long lastRestartDelayMillis = -1;

    /**
     * @param onCollectorPid told the PID of each new collector, and 0 when it exits
     */
    public CollectorSupervisor(RunningCollector.Launcher launcher, Supplier<ServerSettings> settings,
                               LongConsumer onCollectorPid) {
        this.launcher = launcher;
        this.settings = settings;
        this.onCollectorPid = onCollectorPid;
        this.thread = Thread.ofPlatform().name("pgstat4j-collector-supervisor").daemon(true).unstarted(this::loop);
    }

    public void start() {
        thread.start();
    }

    /** Collectors started after the first one: restarts after an exit. */
    public long restarts() {
        return Math.max(0, launches.get() - 1);
    }

    /** The delay before the last restart in milliseconds (0: at once), or -1 if there was none. */
    public long lastRestartDelayMillis() {
        return lastRestartDelayMillis;
    }

    /** Completes when a collector of this supervisor is first receiving. */
    public CompletableFuture<Void> firstReady() {
        return firstReady;
    }

    /** The running collector's PID, or 0. */
    public long collectorPid() {
        synchronized (lock) {
            return running == null ? 0 : running.pid();
        }
    }

    /** Passes reloaded settings to the running collector; a new restart interval applies from now. */
    public void reload(ServerSettings s) {
        synchronized (lock) {
            if (running != null) {
                running.reload(s);
            }
            lock.notifyAll();
        }
    }

    /**
     * How long to wait before the next start after {@code quickFailures} failures in a row of
     * collectors that did not settle: none for the first (any crash is answered at once), then
     * {@link #FIRST_BACKOFF} doubled for each further failure, at most {@code cap}.
     */
    static Duration restartDelay(int quickFailures, Duration cap) {
        if (quickFailures <= 1) {
            return Duration.ZERO;
        }
        long first = FIRST_BACKOFF.toMillis();
        int shift = Math.min(quickFailures - 2, 30);
        long millis = first << shift;
        return millis >= cap.toMillis() || millis <= 0 ? cap : Duration.ofMillis(millis);
    }

    private void loop() {
        long delayMillis = 0;
        while (true) {
            RunningCollector c;
            synchronized (lock) {
                if (!awaitDelay(delayMillis)) {
                    return;
                }
                boolean restart = launches.get() > 0 || quickFailures > 0;
                try {
                    running = launcher.launch(settings.get());
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "could not fork statistics collector: " + e.getMessage());
                    quickFailures++;
                    delayMillis = nextDelay();
                    continue;
                }
                c = running;
                if (restart) {
                    lastRestartDelayMillis = delayMillis; // before the count, so a reader of both agrees
                }
                launches.incrementAndGet();
                if (restart) {
                    LOG.log(Level.INFO, "statistics collector restarted (PID " + c.pid() + ") after a delay of "
                            + delayMillis + " ms");
                }
                readyAt = new AtomicLong();
                AtomicLong mine = readyAt; // this collector's own, whatever an older one reports late
                c.onExit().whenComplete((code, failure) -> wake());
                c.ready().whenComplete((v, failure) -> {
                    mine.set(System.nanoTime());
                    wake();
                });
            }
            onCollectorPid.accept(c.pid());
            int code = awaitExit(c);
            long exitedAt = System.nanoTime();
            synchronized (lock) {
                running = null;
                if (stopping) {
                    return;
                }
            }
            onCollectorPid.accept(0);
            LOG.log(Level.INFO, describeExit(c.pid(), code));
            long ready = readyAt.get();
            boolean settled = ready != 0 && exitedAt - ready >= CRASH_LOOP_WINDOW.toNanos();
            quickFailures = settled ? 0 : quickFailures + 1;
            delayMillis = nextDelay();
        }
    }

    private long nextDelay() {
        long d = restartDelay(quickFailures, settings.get().collectorRestartInterval()).toMillis();
        if (d == 0) {
            LOG.log(Level.INFO, "restarting the statistics collector at once");
        } else {
            LOG.log(Level.INFO, "statistics collector failed " + quickFailures + (quickFailures == 1 ? " time" : " times")
                    + " in a row before it settled; restarting it in " + d + " ms");
        }
        return d;
    }

    private void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Waits (holding the lock's monitor) for {@code millis}; false if stopping. */
    private boolean awaitDelay(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!stopping) {
            // a reload may have lowered the cap
            long cap = settings.get().collectorRestartInterval().toNanos();
            long wait = Math.min(deadline, System.nanoTime() + cap) - System.nanoTime();
            if (wait <= 0) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(lock, wait);
            } catch (InterruptedException e) {
                return false;
            }
        }
        return false;
    }

    private int awaitExit(RunningCollector c) {
        CompletableFuture<Integer> exit = c.onExit();
        synchronized (lock) {
            while (!exit.isDone()) {
                if (c.ready().isDone() && !firstReady.isDone()) {
                    firstReady.complete(null);
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (c.ready().isDone() && !firstReady.isDone()) {
            firstReady.complete(null);
        }
        return exit.getNow(-1);
    }

    /**
     * PostgreSQL's child-exit report: the JDK reports death by signal N as exit status 128 + N,
     * which is told apart the way shells do.
     */
    static String describeExit(long pid, int code) {
        String who = "statistics collector process (PID " + pid + ")";
        if (code > 128 && code < 128 + 65) {
            int sig = code - 128;
            return who + " was terminated by signal " + sig + ": " + PosixSignals.description(sig);
        }
        return who + " exited with exit code " + code;
    }

    /** How {@link #stop} ended. */
    public enum StopResult {
        /** Stopped after writing its permanent files, or none was running. */
        CLEAN,
        /** Stopped before it had loaded anything: the permanent files on disk were not touched. */
        NOT_STARTED,
        /** Exited with a failure, or had to be killed: its last statistics may not be on disk. */
        FAILED
    }

    /**
     * Stops supervising: the running collector is asked to stop cleanly (it writes the permanent
     * files) and waited for up to {@code timeout}, then killed.
     */
    public StopResult stop(Duration timeout) {
        RunningCollector c;
        synchronized (lock) {
            stopping = true;
            c = running;
            lock.notifyAll();
        }
        StopResult result = StopResult.CLEAN;
        if (c != null) {
            c.terminate();
            try {
                int code = c.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (code != 0) {
                    LOG.log(Level.INFO, describeExit(c.pid(), code));
                    result = c.ready().isDone() ? StopResult.FAILED : StopResult.NOT_STARTED;
                }
            } catch (TimeoutException e) {
                LOG.log(Level.WARNING, "statistics collector process (PID " + c.pid() + ") did not stop within "
                        + timeout.toMillis() + " ms; killing it (statistics since the last write are lost)");
                c.kill();
                result = StopResult.FAILED;
                try {
                    c.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported above; nothing more to do
                }
            } catch (Exception e) {
                result = StopResult.FAILED;
            }
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        onCollectorPid.accept(0);
        return result;
    }
}
