package org.pgstat4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.pgstat4j.postmaster.CollectorStatus;
import org.pgstat4j.postmaster.DataDirectory;
import org.pgstat4j.postmaster.PidFile;

/**
 * The pgstat4j server as people run it, for benchmarks: started through the launcher
 * ({@code ./pgstat4j server -D DIR --catalog CAT --database postgres --sql-port 0 --sql-trust}), so it has the
 * launcher's JVM options ({@code bin/jvm-options}) and its collector in a child JVM, as
 * deployed. It owns that process: its log file, its lock file ({@code DIR/postmaster.pid},
 * which names the server's and the collector child's PIDs and the statistics socket's port),
 * the collector's status file, and the memory figures of both processes
 * ({@code /proc/PID/status}).
 *
 * <p>Invariant: a server this class started is stopped by {@link #close()} — SIGTERM to its
 * PID, a clean shutdown waited for — or, if the benchmark's JVM exits first, by a shutdown
 * hook sending the same signal. Nothing else is ever signalled. The SQL endpoint listens on
 * 127.0.0.1 only (trust is for loopback psql sessions of the benchmark).
 */
final class DeployedServer implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);
    private static final String JDBC_PREFIX = "jdbc:postgresql://127.0.0.1:";

    private final Process process;
    private final DataDirectory dir;
    private final Path log;
    private final int sqlPort;
    private final PidFile started;
    private final Thread hook;

    private DeployedServer(Process process, DataDirectory dir, Path log, int sqlPort, PidFile started, Thread hook) {
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.sqlPort = sqlPort;
        this.started = started;
        this.hook = hook;
    }

    /**
     * Starts the server on {@code dataDir} serving {@code catalogDir}, its output in {@code log},
     * and waits until its lock file says ready with a collector child running and its log
     * names the SQL port.
     */
    static DeployedServer start(Path launcher, Path dataDir, Path catalogDir, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "server", "-D", dataDir.toString(),
                "--catalog", catalogDir.toString(), "--database", "postgres", "--sql-port", "0", "--sql-trust");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        Thread hook = new Thread(p::destroy, "pgstat4j-bench-stop-server"); // SIGTERM: a clean stop
        Runtime.getRuntime().addShutdownHook(hook);
        DataDirectory dir = new DataDirectory(dataDir);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the server exited with status " + p.exitValue() + ":\n" + tail(log));
                }
                Optional<PidFile> pf = readPidFile(dir);
                int port = sqlPort(log);
                if (pf.isPresent() && PidFile.READY.equals(pf.get().status()) && pf.get().collectorPid() != 0
                        && port > 0) {
                    if (pf.get().collectorPid() == pf.get().pid()) {
                        throw new IllegalStateException("the collector runs embedded, not as a child process");
                    }
                    if (pf.get().pid() != p.pid()) { // the launcher execs the JVM: one process
                        throw new IllegalStateException("the lock file names PID " + pf.get().pid()
                                + ", the launcher started PID " + p.pid());
                    }
                    return new DeployedServer(p, dir, log, port, pf.get(), hook);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the server was not ready after " + timeout + ":\n" + tail(log));
                }
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(p); // SIGTERM: a server still starting stops cleanly too
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
    }

    private static Optional<PidFile> readPidFile(DataDirectory dir) {
        try {
            return PidFile.read(dir.pidFile());
        } catch (IOException e) {
            return Optional.empty(); // being replaced: look again
        }
    }

    /** The port of the log's JDBC line (written once the SQL endpoint listens), or -1. */
    private static int sqlPort(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        int at = text.indexOf(JDBC_PREFIX);
        if (at < 0) {
            return -1;
        }
        int from = at + JDBC_PREFIX.length();
        int to = from;
        while (to < text.length() && Character.isDigit(text.charAt(to))) {
            to++;
        }
        return to > from ? Integer.parseInt(text.substring(from, to)) : -1;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    int sqlPort() {
        return sqlPort;
    }

    /** The statistics socket's port, as the lock file gave it at start. */
    int statsPort() {
        return started.statsPort();
    }

    /** The server's PID (the launcher execs the JVM, so it is the process started here). */
    long pid() {
        return started.pid();
    }

    /** The collector child's PID now (a restarted collector has a new one), 0 when none runs. */
    long collectorPid() {
        return readPidFile(dir).map(PidFile::collectorPid).orElse(0L);
    }

    /** The collector's last status ({@code applied}, {@code rejected}, ...), written every 2 s and after each file write. */
    CollectorStatus collectorStatus() throws IOException {
        return CollectorStatus.read(dir.statusFile()).orElseThrow(() -> new NoSuchFileException(
                dir.statusFile().toString()));
    }

    /** {@code VmRSS} and {@code VmHWM} (peak) of a process, in kB. */
    record Memory(long rssKb, long peakKb) {
        static Memory of(long pid) throws IOException {
            long rss = -1;
            long hwm = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kb(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kb(line);
                }
            }
            return new Memory(rss, hwm);
        }

        private static long kb(String line) {
            return Long.parseLong(line.substring(line.indexOf(':') + 1).replace("kB", "").strip());
        }

        String mb() {
            return String.format(Locale.ROOT, "%d MB (peak %d MB)", rssKb / 1024, peakKb / 1024);
        }
    }

    /** One line: both processes' RSS, each named, and their sum. */
    String memoryLine() throws IOException {
        Memory server = Memory.of(pid());
        long child = collectorPid();
        if (child == 0) {
            return String.format(Locale.ROOT, "server process (PID %d) RSS %s, collector child process not running"
                    + " (being restarted)", pid(), server.mb());
        }
        Memory collector = Memory.of(child);
        return String.format(Locale.ROOT, "server process (PID %d) RSS %s, collector child process (PID %d) RSS %s,"
                + " both %d MB", pid(), server.mb(), child, collector.mb(), (server.rssKb + collector.rssKb) / 1024);
    }

    /** SIGTERM, then waits for the clean shutdown (killed if it does not come in time, or if interrupted). */
    @Override
    public void close() {
        try {
            int status = stop(process);
            long child = started.collectorPid();
            if (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)) {
                System.err.println("the collector child (PID " + child + ") outlived the server");
            }
            if (status != 0) {
                System.err.println("the server stopped with status " + status + ":\n" + tail(log));
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    /** The exit status after a clean stop, or -1 if the server had to be killed. */
    private static int stop(Process p) {
        p.destroy();
        try {
            if (p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                return p.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.destroyForcibly();
        return -1;
    }
}
