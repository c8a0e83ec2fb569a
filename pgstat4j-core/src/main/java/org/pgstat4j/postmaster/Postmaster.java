package org.pgstat4j.postmaster;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.pgstat4j.transport.AddressResolver;
import org.pgstat4j.transport.ChannelFactory;
import org.pgstat4j.transport.StatsSocket;

/**
 * The server process, shaped like PostgreSQL's postmaster (spec §1, §5.6, §6.5): takes the data
 * directory's lock, applies the crash rules ({@link CrashRecovery}), creates the statistics socket, hands it out
 * ({@link AttachService}), keeps a collector running ({@link CollectorSupervisor}), reloads
 * settings and shuts down in order.
 *
 * <p>Invariants: the server starts whatever happens to the statistics socket (without one it
 * runs with statistics disabled, no collector, and says so); a clean shutdown stops the
 * collector — which writes every counter to {@code pg_stat/} — before it removes the lock file,
 * so a lock file found at start proves an unclean stop. After one, statistics are discarded
 * (PostgreSQL's rule) unless {@code stats_durability = checkpoint}, which keeps the last
 * checkpoint.
 *
 * <p>Threads: {@link #start()} and {@link #run()} on the main thread, which alone changes the
 * server's state; {@link #requestShutdown} and {@link #requestReload} may come from any thread
 * (signal handlers) and only queue a request.
 *
 * <p>The one way to misuse it: calling {@link #start()} and {@link #run()} from different
 * threads. The main thread alone changes the server's state; other threads only request a
 * shutdown or a reload.
 */
public final class Postmaster {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.postmaster");
    /** How long start-up waits for the first collector to be receiving before it says ready anyway. */
    private static final Duration COLLECTOR_READY_WAIT = Duration.ofSeconds(60);
    /** The statistics socket's receive buffer, so that a collector restart loses nothing to a full queue. */
    static final int RESTART_RCVBUF = 4 << 20;

    /**
     * How to run.
     *
     * @param configFile        {@code --config}, or null for the optional {@code DIR/pgstat4j.conf}
     * @param statsHost         resolve this instead of {@code localhost} for the statistics socket
     *                          (a test and diagnostic option), or null
     * @param collectorMainClass main class of the collector child, given {@code collectorMainArgs} first
     */
    public record Options(Path dataDir, Path configFile, boolean embeddedCollector, String statsHost,
                          String collectorMainClass, List<String> collectorMainArgs, Duration stopTimeout) {
    }

    private enum Request { RELOAD, CTL_RELOAD, SMART_SHUTDOWN, FAST_SHUTDOWN }

    private final Options options;
    private final DataDirectory dir;
    private final SettingsFile config;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private volatile ServerSettings settings = ServerSettings.DEFAULTS;
    private PidFile pidFile;
    private StatsSocket socket;
    private AttachService attach;
    private volatile CollectorSupervisor supervisor;
    private volatile long lastCollectorPid;
    /** Set by {@link #jvmExiting()}; guarded by this. */
    private boolean jvmExiting;

    public Postmaster(Options options) {
        this.options = options;
        this.dir = new DataDirectory(options.dataDir());
        this.config = options.configFile() == null
                ? new SettingsFile(dir.defaultConfigFile(), false)
                : new SettingsFile(options.configFile().toAbsolutePath(), true);
    }

    /** How many times the collector was restarted after exiting (0 when statistics are disabled). */
    public long collectorRestarts() {
        CollectorSupervisor s = supervisor;
        return s == null ? 0 : s.restarts();
    }

    public DataDirectory dataDirectory() {
        return dir;
    }

    public ServerSettings settings() {
        return settings;
    }

    /** SIGTERM (smart) or SIGINT (fast): both stop cleanly; the log says which came. */
    public void requestShutdown(boolean fast) {
        requests.add(fast ? Request.FAST_SHUTDOWN : Request.SMART_SHUTDOWN);
    }

    /**
     * For a JVM shutdown hook held during {@link #start()}: the JVM is exiting before the server
     * could install its own signal handlers (a SIGTERM in the first moments of the process runs
     * the JVM's default action, exit, while start-up goes on in parallel). No lock file may be
     * left behind by such an exit — it would make the next start discard the statistics — so
     * the lock file and the socket file this server created are removed, and a start that has
     * not taken the lock yet will not. A collector child already started notices the server's
     * death and writes its files on the way out.
     */
    public void jvmExiting() {
        synchronized (this) {
            jvmExiting = true;
            if (pidFile == null) {
                return;
            }
            pidFile = null; // nothing may write it again
            try {
                PidFile.remove(dir);
                java.nio.file.Files.deleteIfExists(dir.attachSocket());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not remove lock file \"" + dir.pidFile() + "\": " + e.getMessage());
            }
        }
    }

    /** SIGHUP: re-read the settings file. */
    public void requestReload() {
        requests.add(Request.RELOAD);
    }

    /** The same, asked for over the control socket ({@code pgstat4j ctl reload}). */
    void requestReloadFromControlSocket() {
        requests.add(Request.CTL_RELOAD);
    }

    /** Starts everything, or refuses with nothing left behind. */
    public void start() throws StartupException {
        dir.initialise();
        try {
            settings = config.load();
        } catch (SettingsFile.ConfigException e) {
            e.errors().forEach(line -> LOG.log(Level.INFO, line));
            throw new StartupException("configuration file \"" + config.path() + "\" contains errors",
                    "Correct the lines named above and start again.");
        }
        PidFile mine = PidFile.forThisProcess(dir);
        PidFile.Acquired acquired;
        synchronized (this) {
            if (jvmExiting) {
                throw new StartupException("the server is exiting: it was stopped while starting", null);
            }
            acquired = PidFile.acquire(dir, mine);
            pidFile = mine;
        }
        try {
            LOG.log(Level.INFO, "starting pgstat4j server on data directory \"" + dir.root() + "\"");
            if (acquired.uncleanStop()) {
                CrashRecovery.afterUncleanStop(dir, settings, acquired.previous());
            }
            socket = openSocket();
            raiseReceiveBuffer();
            if (socket.isEnabled()) {
                pidFile = pidFile.withStatsSocket(socket.address().getPort(),
                        socket.address().getAddress().getHostAddress());
            }
            writePidFile();
            attach = AttachService.start(dir, socket, () -> settings);
            attach.onReloadRequest(this::requestReloadFromControlSocket);
            if (socket.isEnabled()) {
                RunningCollector.Launcher launcher = options.embeddedCollector()
                        ? new EmbeddedCollectorLauncher(dir, socket)
                        : new ChildCollectorLauncher(dir, config, options.collectorMainClass(),
                                options.collectorMainArgs());
                supervisor = new CollectorSupervisor(launcher, () -> settings, this::collectorChanged);
                supervisor.start();
                if (!awaitCollectorReady()) {
                    return; // a shutdown came first: run() serves it; the server never said ready
                }
            }
            LOG.log(Level.INFO, socket.isEnabled()
                    ? "pgstat4j server is ready: statistics socket " + socket.address().getAddress().getHostAddress()
                    + ":" + socket.address().getPort() + ", collector "
                    + (options.embeddedCollector() ? "on a thread of the server" : "in a child process")
                    : "pgstat4j server is ready, with statistics disabled (no working statistics socket)");
            // the lock file says ready only once the log does
            synchronized (this) {
                pidFile = pidFile.withStatus(PidFile.READY);
                writePidFile();
            }
        } catch (StartupException | IOException | RuntimeException e) {
            cleanUp();
            if (e instanceof StartupException se) {
                throw se;
            }
            throw new StartupException("could not start: " + e.getMessage(), null, e);
        }
    }

    /**
     * "Ready" means the collector is receiving: waits for it, but gives way to a shutdown
     * request (false) and, after {@link #COLLECTOR_READY_WAIT}, says ready with a warning — the
     * server is useful without a collector, as datagrams wait in the socket's queue.
     */
    private boolean awaitCollectorReady() throws StartupException {
        long deadline = System.nanoTime() + COLLECTOR_READY_WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (requests.stream().anyMatch(r -> r == Request.SMART_SHUTDOWN || r == Request.FAST_SHUTDOWN)) {
                return false;
            }
            try {
                supervisor.firstReady().get(20, java.util.concurrent.TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                // look again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while waiting for the statistics collector", null, e);
            } catch (java.util.concurrent.ExecutionException e) {
                return true;
            }
        }
        LOG.log(Level.WARNING, "the statistics collector is not receiving after " + COLLECTOR_READY_WAIT.toSeconds()
                + " s; datagrams wait in the statistics socket's queue until it is");
        return true;
    }

    /**
     * The main loop: serves reload and shutdown requests until a shutdown is done. Returns the
     * process exit status: 0, or 1 if the collector did not write its permanent files at the
     * stop (the previous ones were kept).
     */
    public int run() throws InterruptedException {
        while (true) {
            Request r = requests.take();
            switch (r) {
                case RELOAD -> reload("received SIGHUP, reloading configuration files");
                case CTL_RELOAD -> reload("received reload request on \"" + dir.attachSocket()
                        + "\", reloading configuration files");
                case SMART_SHUTDOWN, FAST_SHUTDOWN -> {
                    return shutdown("received " + (r == Request.FAST_SHUTDOWN ? "fast" : "smart")
                            + " shutdown request") ? 0 : 1;
                }
            }
        }
    }

    /**
     * The same clean shutdown as a request's, from the main thread, for a start-up that failed
     * after {@link #start()} (an endpoint could not listen): the statistics are kept and nothing
     * is left behind, so the next start is a clean one.
     */
    public void shutdownAfterFailedStart() {
        shutdown("shutting down because start-up failed");
    }

    private void reload(String why) {
        LOG.log(Level.INFO, why);
        ServerSettings next;
        try {
            next = config.load();
        } catch (SettingsFile.ConfigException e) {
            e.errors().forEach(line -> LOG.log(Level.INFO, line));
            LOG.log(Level.INFO, "configuration file \"" + config.path()
                    + "\" contains errors; no supported changes were applied");
            return;
        }
        for (ServerSettings.Parameter p : settings.changedIn(next)) {
            LOG.log(Level.INFO, "parameter \"" + p.settingName() + "\" changed to \"" + next.show(p) + "\"");
        }
        settings = next;
        if (supervisor != null) {
            supervisor.reload(next); // forwards SIGHUP to the collector child
        }
    }

    /** Returns false if the collector's statistics may not all be on disk (logged as a WARNING). */
    private boolean shutdown(String why) {
        LOG.log(Level.INFO, why);
        synchronized (this) {
            pidFile = pidFile.withStatus(PidFile.STOPPING);
            writePidFile();
        }
        if (attach != null) {
            attach.close();
            attach = null;
        }
        CollectorSupervisor.StopResult stopped = supervisor == null ? CollectorSupervisor.StopResult.CLEAN
                : supervisor.stop(options.stopTimeout());
        supervisor = null;
        switch (stopped) {
            case CLEAN -> { }
            case NOT_STARTED -> LOG.log(Level.INFO, "the statistics collector stopped before it had loaded the"
                    + " statistics; the statistics files in \"" + dir.permanentDir() + "\" were left as they were");
            case FAILED -> LOG.log(Level.WARNING, "the statistics collector did not write its permanent files; the"
                    + " statistics files previously in \"" + dir.permanentDir() + "\" were kept, and what was counted"
                    + " since they were written is lost");
        }
        logCollectorCounters();
        cleanUp();
        LOG.log(Level.INFO, "pgstat4j server is shut down");
        return stopped != CollectorSupervisor.StopResult.FAILED;
    }

    /** The collector's last report, so that its counters outlive it in the server's log. */
    private void logCollectorCounters() {
        try {
            long last = lastCollectorPid;
            CollectorStatus.read(dir.statusFile())
                    .filter(st -> st.pid() == last && CollectorStatus.STOPPED.equals(st.state()))
                    .ifPresent(st -> {
                        StringBuilder b = new StringBuilder("statistics collector counters:");
                        for (String k : CollectorStatus.COUNTERS) {
                            b.append(' ').append(k).append('=').append(st.number(k));
                        }
                        LOG.log(Level.INFO, b.toString());
                    });
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not read \"" + dir.statusFile() + "\": " + e.getMessage());
        }
    }

    /** Closes what is open and removes the lock file, last. */
    private void cleanUp() {
        if (supervisor != null) {
            supervisor.stop(options.stopTimeout());
            supervisor = null;
        }
        if (attach != null) {
            attach.close();
            attach = null;
        }
        if (socket != null) {
            socket.close();
        }
        synchronized (this) {
            pidFile = null; // nothing may write it again
            try {
                PidFile.remove(dir);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not remove lock file \"" + dir.pidFile() + "\": " + e.getMessage());
            }
        }
    }

    /**
     * What arrives while a crashed collector is being replaced waits in the socket's queue:
     * the receive buffer is raised to {@link #RESTART_RCVBUF} (the kernel caps it at
     * {@code net.core.rmem_max}), beyond PostgreSQL's 100 kB minimum, so that a restart of a
     * second or two under load loses nothing to a full queue.
     */
    private void raiseReceiveBuffer() {
        if (!socket.isEnabled()) {
            return;
        }
        try {
            var ch = socket.channel();
            if (ch.getOption(java.net.StandardSocketOptions.SO_RCVBUF) < RESTART_RCVBUF) {
                ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, RESTART_RCVBUF);
            }
            LOG.log(Level.DEBUG, "statistics socket receive buffer: "
                    + ch.getOption(java.net.StandardSocketOptions.SO_RCVBUF) + " bytes");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.INFO, "could not raise the statistics socket's receive buffer: " + e.getMessage());
        }
    }

    private StatsSocket openSocket() {
        if (options.statsHost() == null) {
            return StatsSocket.open();
        }
        String host = options.statsHost();
        LOG.log(Level.INFO, "resolving \"" + host + "\" instead of \"localhost\" for the statistics socket (--stats-host)");
        return StatsSocket.open(ignored -> AddressResolver.system().resolve(host), ChannelFactory.system(),
                System.getLogger(StatsSocket.class.getPackageName()));
    }

    private synchronized void collectorChanged(long pid) {
        if (pid != 0) {
            lastCollectorPid = pid;
        }
        if (pidFile != null && pidFile.collectorPid() != pid) {
            pidFile = pidFile.withCollectorPid(pid);
            writePidFile();
        }
    }

    private synchronized void writePidFile() {
        if (pidFile == null) {
            return;
        }
        try {
            PidFile.update(dir, pidFile);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not update lock file \"" + dir.pidFile() + "\": " + e.getMessage());
        }
    }
}
