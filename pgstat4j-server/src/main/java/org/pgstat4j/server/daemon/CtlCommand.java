package org.pgstat4j.server.daemon;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.pgstat4j.postmaster.CollectorStatus;
import org.pgstat4j.postmaster.DataDirectory;
import org.pgstat4j.postmaster.PidFile;
import org.pgstat4j.postmaster.PosixSignals;
import org.pgstat4j.postmaster.ServerControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pgstat4j ctl stop|reload|status -D DIR}: controls a running server through its lock
 * file, as {@code pg_ctl} does — reads the PID from {@code postmaster.pid} and sends a signal
 * (SIGTERM to stop, SIGHUP to reload).
 *
 * <p>Exit statuses follow pg_ctl: {@code status} gives 0 when a server runs, 3 when none does,
 * 4 when the data directory cannot be read; {@code stop} and {@code reload} give 0 on success
 * and 1 otherwise.
 */
@Command(name = "ctl", mixinStandardHelpOptions = true,
        description = "Stops, reloads or reports on a running pgstat4j server (like pg_ctl).",
        subcommands = {CtlCommand.Stop.class, CtlCommand.Reload.class, CtlCommand.Status.class})
public final class CtlCommand implements Runnable {
    static final int RUNNING = 0;
    static final int FAILED = 1;
    static final int NOT_RUNNING = 3;
    static final int NO_DATA_DIRECTORY = 4;
    private static final String NAME = "pgstat4j ctl";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: stop, reload or status");
    }

    /** Options and lock-file reading shared by the three commands. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-D", "--pgdata"}, required = true, paramLabel = "DIR", description = "Data directory.")
        Path dataDir;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        DataDirectory dir() {
            return new DataDirectory(dataDir);
        }

        /** The lock file of a live server, or empty after printing why there is none. */
        Optional<PidFile> liveServer(PrintWriter to) throws IOException {
            DataDirectory dir = dir();
            Optional<PidFile> pf = PidFile.read(dir.pidFile());
            if (pf.isEmpty()) {
                to.println(NAME + ": PID file \"" + dir.pidFile() + "\" does not exist");
                to.println("Is server running?");
                return Optional.empty();
            }
            if (!pf.get().serverIsAlive()) {
                to.println(NAME + ": no server running (lock file of PID " + pf.get().pid()
                        + " left behind: the last server did not shut down cleanly)");
                return Optional.empty();
            }
            return pf;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Sends SIGTERM and waits until the server has shut down cleanly.")
    static final class Stop extends Base {
        @Option(names = {"-t", "--timeout"}, paramLabel = "SECS", defaultValue = "60",
                description = "Seconds to wait (default ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Option(names = {"-W", "--no-wait"}, description = "Do not wait for the shutdown to finish.")
        boolean noWait;

        @Override
        public Integer call() throws Exception {
            Optional<PidFile> pf = liveServer(err());
            if (pf.isEmpty()) {
                err().flush();
                return FAILED;
            }
            long pid = pf.get().pid();
            if (!PosixSignals.send(pid, PosixSignals.SIGTERM)) {
                err().println(NAME + ": could not send stop signal (PID: " + pid + "): No such process");
                return FAILED;
            }
            if (noWait) {
                out().println("server shutting down");
                return RUNNING;
            }
            out().print("waiting for server to shut down...");
            out().flush();
            long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            Path lock = dir().pidFile();
            while (Files.exists(lock) && PidFile.read(lock).map(PidFile::serverIsAlive).orElse(false)) {
                if (System.nanoTime() - deadline > 0) {
                    out().println(" failed");
                    err().println(NAME + ": server does not shut down");
                    return FAILED;
                }
                Thread.sleep(100);
            }
            if (Files.exists(lock)) {
                out().println(" failed");
                err().println(NAME + ": server (PID " + pid + ") exited without removing its lock file");
                return FAILED;
            }
            out().println(" done");
            out().println("server stopped");
            return RUNNING;
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = {"Sends SIGHUP: the server and its collector re-read the settings file.",
                "If the server does not catch SIGHUP, the request goes over its control socket DIR/.s.PGSTAT;"
                        + " if that fails too, exits with status 1."})
    static final class Reload extends Base {
        @Override
        public Integer call() throws Exception {
            Optional<PidFile> pf = liveServer(err());
            if (pf.isEmpty()) {
                err().flush();
                return FAILED;
            }
            long pid = pf.get().pid();
            if (!PosixSignals.catches(pid, PosixSignals.SIGHUP)) {
                // a signal the server ignores would be lost without a word: ask over the socket
                try {
                    ServerControl.reload(dir().root());
                } catch (IOException e) {
                    err().println(NAME + ": server (PID " + pid + ") does not catch SIGHUP, and the reload request"
                            + " over its control socket failed: " + e.getMessage());
                    return FAILED;
                }
                out().println("server asked to reload over its control socket (it does not catch SIGHUP)");
                return RUNNING;
            }
            if (!PosixSignals.send(pid, PosixSignals.SIGHUP)) {
                err().println(NAME + ": could not send reload signal (PID: " + pid + "): No such process");
                return FAILED;
            }
            out().println("server signaled");
            return RUNNING;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Says whether a server runs: PID, statistics socket, collector and its counters.")
    static final class Status extends Base {
        @Override
        public Integer call() throws Exception {
            DataDirectory dir = dir();
            if (!Files.isDirectory(dir.root())) {
                err().println(NAME + ": directory \"" + dir.root() + "\" does not exist");
                return NO_DATA_DIRECTORY;
            }
            Optional<PidFile> found;
            try {
                found = PidFile.read(dir.pidFile());
            } catch (IOException e) {
                err().println(NAME + ": could not read lock file: " + e.getMessage());
                return NO_DATA_DIRECTORY;
            }
            if (found.isEmpty()) {
                out().println(NAME + ": no server running");
                return NOT_RUNNING;
            }
            PidFile pf = found.get();
            if (!pf.serverIsAlive()) {
                out().println(NAME + ": no server running (lock file of PID " + pf.pid()
                        + " left behind: the last server did not shut down cleanly)");
                return NOT_RUNNING;
            }
            PrintWriter o = out();
            o.println(NAME + ": server is running (PID: " + pf.pid() + ")");
            o.println("data directory: " + pf.dataDir());
            o.println("started at: " + Instant.ofEpochSecond(pf.startTime()));
            o.println("server status: " + pf.status());
            if (pf.statisticsDisabled()) {
                o.println("statistics: disabled (no working statistics socket; see the server log)");
                return RUNNING;
            }
            o.println("statistics socket: " + pf.statsAddress() + ":" + pf.statsPort());
            long collector = pf.collectorPid();
            if (collector == 0) {
                o.println("collector: not running (starting, or waiting to be restarted)");
            } else if (collector == pf.pid()) {
                o.println("collector: embedded (a thread of PID " + collector + ")");
            } else {
                o.println("collector: PID " + collector);
            }
            Optional<CollectorStatus> cs = CollectorStatus.read(dir.statusFile());
            if (collector != 0 && cs.isPresent() && cs.get().pid() == collector) {
                StringBuilder b = new StringBuilder("collector counters (at " + cs.get().get("updated_at") + "):");
                for (String k : CollectorStatus.COUNTERS) {
                    b.append(' ').append(k).append('=').append(cs.get().number(k));
                }
                o.println(b);
                o.println("stats_durability: " + cs.get().get("durability")
                        + (cs.get().get("last_checkpoint_at").isEmpty() ? ""
                        : " (last checkpoint at " + cs.get().get("last_checkpoint_at") + ")"));
            } else {
                o.println("collector counters: not reported yet");
            }
            return RUNNING;
        }
    }
}
