package org.pgstat4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.pgstat4j.postmaster.CollectorStatus;
import org.pgstat4j.postmaster.DataDirectory;
import org.pgstat4j.postmaster.PidFile;

/**
 * A real {@code pgstat4j server -D DIR} process for the attach example, logging to a file.
 * Owns that process and the collector child it reports; {@link #close()} ends exactly those,
 * by PID: a clean stop (SIGTERM) first, then a kill of whatever is still alive.
 */
final class ServerUnderTest implements AutoCloseable {
    final Path dataDir;
    final Path log;
    private final Process process;
    private long collectorPid;

    private ServerUnderTest(Path dataDir, Path log, Process process) {
        this.dataDir = dataDir;
        this.log = log;
        this.process = process;
    }

    static ServerUnderTest start(Path dataDir, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Jvms.programCommand("server", "-D", dataDir.toString()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.PIPE); // the collector child watches its parent, not us
        return new ServerUnderTest(dataDir, log, pb.start());
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the lock file says ready and the collector child reports itself running. */
    void awaitReady() throws Exception {
        DataDirectory dir = new DataDirectory(dataDir);
        await("server " + pid() + " ready with a running collector", () -> {
            Optional<PidFile> pf = read(() -> PidFile.read(dir.pidFile()));
            if (pf.isEmpty() || pf.get().pid() != pid() || !PidFile.READY.equals(pf.get().status())
                    || pf.get().collectorPid() == 0) {
                return false;
            }
            collectorPid = pf.get().collectorPid();
            return read(() -> CollectorStatus.read(dir.statusFile()))
                    .map(s -> s.pid() == collectorPid && CollectorStatus.RUNNING.equals(s.state())).orElse(false);
        });
    }

    String log() throws IOException {
        return Jvms.read(log);
    }

    private interface Reading<T> {
        Optional<T> read() throws IOException;
    }

    private static <T> Optional<T> read(Reading<T> r) {
        try {
            return r.read();
        } catch (IOException e) {
            return Optional.empty(); // being replaced: read again
        }
    }

    private void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Jvms.WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("server exited with " + process.exitValue() + "; log:\n" + log());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what + "; log:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the server's clean stop
            if (!process.waitFor(Jvms.WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(Jvms.WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
        if (collectorPid != 0) {
            // the child stops when its parent is gone; kill it only if it did not, and only if
            // it is still the collector of this data directory
            ProcessHandle.of(collectorPid)
                    .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(dataDir.toString()))
                            .orElse(false))
                    .ifPresent(h -> {
                        try {
                            h.onExit().get(Jvms.WAIT_SECONDS, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            h.destroyForcibly();
                        }
                    });
        }
        Files.deleteIfExists(dataDir.resolve(DataDirectory.ATTACH_SOCKET));
    }
}
