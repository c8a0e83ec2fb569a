package org.pgstat4j.postmaster;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Keeps a statistics collector running (spec §5.1 {@code pgstat_start}, §5.6): starts one, and
 * whenever it exits while the server runs, logs how it ended and starts another — but never two
 * start attempts closer than {@code collector_restart_interval} (PostgreSQL's
 * PGSTAT_RESTART_INTERVAL, 60 s), so a collector that dies at once cannot make the server spin.
 * The first start is immediate. Datagrams sent meanwhile wait in the socket's queue, which the
 * server keeps open.
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
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.postmaster");

    private final RunningCollector.Launcher launcher;
    private final Supplier<ServerSettings> settings;
    private final LongConsumer onCollectorPid;
    private final Object lock = new Object();
    private final Thread thread;
    private RunningCollector running;
    private boolean stopping;
    private long lastAttemptNanos;
    private boolean attempted;
    private final java.util.concurrent.atomic.AtomicLong launches = new java.util.concurrent.atomic.AtomicLong();

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

    private void loop() {
        while (true) {
            RunningCollector c;
            synchronized (lock) {
                if (!awaitStartPermitted()) {
                    return;
                }
                attempted = true;
                lastAttemptNanos = System.nanoTime();
                try {
                    running = launcher.launch(settings.get());
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.INFO, "could not fork statistics collector: " + e.getMessage());
                    continue;
                }
                c = running;
                launches.incrementAndGet();
                c.onExit().whenComplete((code, failure) -> {
                    synchronized (lock) {
                        lock.notifyAll();
                    }
                });
            }
            onCollectorPid.accept(c.pid());
            int code = awaitExit(c);
            synchronized (lock) {
                running = null;
                if (stopping) {
                    return;
                }
            }
            onCollectorPid.accept(0);
            LOG.log(Level.INFO, describeExit(c.pid(), code));
        }
    }

    /** Waits (holding the lock's monitor) until the throttle allows a start; false if stopping. */
    private boolean awaitStartPermitted() {
        while (!stopping) {
            if (!attempted) {
                return true;
            }
            long interval = settings.get().collectorRestartInterval().toNanos();
            long wait = lastAttemptNanos + interval - System.nanoTime();
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
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
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

    /**
     * Stops supervising: the running collector is asked to stop cleanly (it writes the permanent
     * files) and waited for up to {@code timeout}, then killed. Returns true if it stopped
     * cleanly (or none was running).
     */
    public boolean stop(Duration timeout) {
        RunningCollector c;
        synchronized (lock) {
            stopping = true;
            c = running;
            lock.notifyAll();
        }
        boolean clean = true;
        if (c != null) {
            c.terminate();
            try {
                int code = c.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (code != 0) {
                    LOG.log(Level.INFO, describeExit(c.pid(), code));
                    clean = false;
                }
            } catch (TimeoutException e) {
                LOG.log(Level.WARNING, "statistics collector process (PID " + c.pid() + ") did not stop within "
                        + timeout.toMillis() + " ms; killing it (statistics since the last write are lost)");
                c.kill();
                clean = false;
                try {
                    c.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported above; nothing more to do
                }
            } catch (Exception e) {
                clean = false;
            }
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        onCollectorPid.accept(0);
        return clean;
    }
}
