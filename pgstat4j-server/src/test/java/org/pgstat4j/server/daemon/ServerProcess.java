package org.pgstat4j.server.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.pgstat4j.postmaster.CollectorStatus;
import org.pgstat4j.postmaster.DataDirectory;
import org.pgstat4j.postmaster.PidFile;
import org.pgstat4j.postmaster.PosixSignals;

/**
 * A real server process for tests: a child JVM running {@code pgstat4j server} on the test
 * class path, its standard output and error appended to a log file. Remembers every PID it
 * saw (server and collectors) so that {@link #close()} can kill exactly those, by PID.
 *
 * <p>Waits are bounded (generous, for a loaded machine) and never assert on time.
 */
final class ServerProcess implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);

    final Path dataDir;
    final Path log;
    final Process process;
    private final Set<Long> collectorPids = new LinkedHashSet<>();

    private ServerProcess(Path dataDir, Path log, Process process) {
        this.dataDir = dataDir;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code pgstat4j server -D dataDir extraArgs...}, logging to {@code log}. */
    static ServerProcess start(Path dataDir, Path log, String... extraArgs) throws IOException {
        return startUnder(List.of(), dataDir, log, extraArgs);
    }

    /** As {@link #start(Path, Path, String...)}, with {@code env} added to the environment. */
    static ServerProcess start(Path dataDir, Path log, java.util.Map<String, String> env, String... extraArgs)
            throws IOException {
        return startUnder(List.of(), env, dataDir, log, extraArgs);
    }

    /** The same, the command run by {@code prefix} (e.g. {@code sh -c 'trap "" HUP; exec "$@"' sh}). */
    static ServerProcess startUnder(List<String> prefix, Path dataDir, Path log, String... extraArgs)
            throws IOException {
        return startUnder(prefix, java.util.Map.of(), dataDir, log, extraArgs);
    }

    /** The same with {@code env} added to the environment (e.g. {@code JAVA_TOOL_OPTIONS}). */
    static ServerProcess startUnder(List<String> prefix, java.util.Map<String, String> env, Path dataDir, Path log,
                                    String... extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("server", "-D", dataDir.toString()));
        args.addAll(List.of(extraArgs));
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(jvm(TestMain.class.getName(), args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        return new ServerProcess(dataDir, log, pb.start());
    }

    /** A JVM command line running {@code mainClass} on the test class path. */
    static List<String> jvm(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(args);
        return cmd;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits until the lock file says ready and, unless statistics are disabled, a collector is
     * running and has reported in {@code collector.status}. Returns the lock file then.
     */
    PidFile awaitReady() throws Exception {
        DataDirectory dir = new DataDirectory(dataDir);
        await("server " + pid() + " ready", () -> {
            Optional<PidFile> pf = readPidFile();
            if (pf.isEmpty() || pf.get().pid() != pid() || !PidFile.READY.equals(pf.get().status())) {
                return false;
            }
            if (pf.get().statisticsDisabled()) {
                return true;
            }
            long c = pf.get().collectorPid();
            return c != 0 && status(dir).map(s -> s.pid() == c && CollectorStatus.RUNNING.equals(s.state()))
                    .orElse(false);
        });
        PidFile pf = readPidFile().orElseThrow();
        if (pf.collectorPid() != 0 && pf.collectorPid() != pid()) {
            collectorPids.add(pf.collectorPid());
        }
        return pf;
    }

    Optional<PidFile> readPidFile() {
        try {
            return PidFile.read(dataDir.resolve(DataDirectory.PID_FILE));
        } catch (IOException e) {
            return Optional.empty(); // being replaced: read again
        }
    }

    static Optional<CollectorStatus> status(DataDirectory dir) {
        try {
            return CollectorStatus.read(dir.statusFile());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The log so far. */
    String log() throws IOException {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    /** Waits until the log contains {@code fragment}. */
    void awaitLog(String fragment) throws Exception {
        await("log line containing \"" + fragment + "\"", () -> {
            try {
                return log().contains(fragment);
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Waits for the server to exit; returns its exit status. */
    int awaitExit() throws Exception {
        if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("server " + pid() + " did not exit; log:\n" + log());
        }
        return process.exitValue();
    }

    void signal(int sig) throws IOException {
        PosixSignals.send(pid(), sig);
    }

    /** Notes a collector PID to kill at {@link #close()} if still alive. */
    void remember(long collectorPid) {
        collectorPids.add(collectorPid);
    }

    /** Waits for {@code condition}, failing with the log if it does not come within {@link #WAIT}. */
    void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what + "; server log:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    static void awaitDead(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (isAlive(pid)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("process " + pid + " did not exit");
            }
            Thread.sleep(50);
        }
    }

    /** Alive and not a zombie (an orphan nobody reaps stays a zombie in some containers). */
    static boolean isAlive(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                return state != 'Z' && state != 'X';
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    /** Kills the server and every collector this test saw, by PID, if still alive. */
    @Override
    public void close() {
        readPidFile().ifPresent(pf -> {
            if (pf.pid() == pid() && pf.collectorPid() != 0 && pf.collectorPid() != pid()) {
                collectorPids.add(pf.collectorPid());
            }
        });
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (long c : collectorPids) {
            // only our own collector: alive, and running on this test's data directory
            if (isAlive(c) && commandLine(c).contains(dataDir.toAbsolutePath().toString())) {
                ProcessHandle.of(c).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
