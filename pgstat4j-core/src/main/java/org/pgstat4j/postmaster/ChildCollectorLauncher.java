package org.pgstat4j.postmaster;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Starts the collector as a child JVM — pgstat4j's {@code fork} of {@code pgstat_start}: the
 * same java binary and class path as the server, {@code --enable-native-access=ALL-UNNAMED},
 * and a main class that runs the hidden {@code collector} command, which attaches to the
 * server and drains the statistics socket.
 *
 * <p>The child's standard output and error are the server's (one log); its standard input is
 * a pipe that the server never writes and never closes, so the child sees end-of-file exactly
 * when the server is gone, however it died, and stops (PostgreSQL's postmaster-death check).
 * The child is given the server's current settings with {@code -c name=value} and the settings
 * file to re-read on SIGHUP.
 *
 * <p>The one way to misuse it: using it in a host that has the library on the module path. The
 * child gets the parent's class path only and would not find the library there; use
 * {@link EmbeddedCollectorLauncher} instead.
 */
public final class ChildCollectorLauncher implements RunningCollector.Launcher {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.postmaster");

    private final DataDirectory dir;
    private final SettingsFile config;
    private final String mainClass;
    private final List<String> mainArgs;

    /**
     * @param mainClass a class with {@code main} whose arguments, after {@code mainArgs}, are the
     *                  collector command's: {@code -D DIR --parent-pid PID --config FILE
     *                  [--config-optional] -c NAME=VALUE ...}
     */
    public ChildCollectorLauncher(DataDirectory dir, SettingsFile config, String mainClass, List<String> mainArgs) {
        this.dir = dir;
        this.config = config;
        this.mainClass = mainClass;
        this.mainArgs = List.copyOf(mainArgs);
    }

    /** The command line for a child with {@code settings}. */
    List<String> command(ServerSettings settings) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(absoluteClassPath());
        cmd.add(mainClass);
        cmd.addAll(mainArgs);
        cmd.add("-D");
        cmd.add(dir.root().toString());
        cmd.add("--parent-pid");
        cmd.add(Long.toString(ProcessHandle.current().pid()));
        cmd.add("--config");
        cmd.add(config.path().toAbsolutePath().toString());
        if (!config.required()) {
            cmd.add("--config-optional");
        }
        settings.asMap().forEach((k, v) -> {
            cmd.add("-c");
            cmd.add(k + "=" + v);
        });
        return cmd;
    }

    /** The server's class path with every entry absolute, so the child may run from anywhere. */
    private static String absoluteClassPath() {
        String cp = System.getProperty("java.class.path", "");
        return java.util.Arrays.stream(cp.split(File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Override
    public RunningCollector launch(ServerSettings settings) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(settings));
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        Child child = new Child(p, p.getOutputStream());
        Thread.ofVirtual().name("pgstat4j-collector-ready").start(() -> child.watchReady(dir.statusFile()));
        return child;
    }

    /** A collector child; {@code stdin} is held open for the child's whole life (see the class comment). */
    private static final class Child implements RunningCollector {
        static final long READY_POLL_MILLIS = 10;
        private final Process process;
        @SuppressWarnings({"unused", "FieldCanBeLocal"}) // reachable as long as the child: its pipe stays open
        private final OutputStream stdin;
        /** One future: each call of Process.onExit() makes a new one, completed asynchronously. */
        private final CompletableFuture<Integer> exit;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();

        Child(Process process, OutputStream stdin) {
            this.process = process;
            this.stdin = stdin;
            this.exit = process.onExit().thenApply(Process::exitValue);
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public String kind() {
            return "process";
        }

        @Override
        public CompletableFuture<Void> ready() {
            return ready;
        }

        /**
         * The child says it is receiving by writing {@code collector.status} with its PID and
         * state {@code running}; looked for every {@value #READY_POLL_MILLIS} ms until it exits.
         */
        void watchReady(Path statusFile) {
            while (!exit.isDone()) {
                try {
                    var st = CollectorStatus.read(statusFile);
                    if (st.isPresent() && st.get().pid() == process.pid()
                            && CollectorStatus.RUNNING.equals(st.get().state())) {
                        ready.complete(null);
                        return;
                    }
                } catch (IOException | RuntimeException e) {
                    // half-written or unreadable: look again
                }
                try {
                    Thread.sleep(READY_POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit;
        }

        @Override
        public void reload(ServerSettings settings) {
            signal(PosixSignals.SIGHUP);
        }

        @Override
        public void terminate() {
            signal(PosixSignals.SIGTERM);
        }

        @Override
        public void kill() {
            process.destroyForcibly();
        }

        private void signal(int sig) {
            if (!process.isAlive()) {
                return;
            }
            try {
                PosixSignals.send(process.pid(), sig);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not send SIG" + PosixSignals.name(sig) + " to statistics collector"
                        + " process (PID " + process.pid() + "): " + e.getMessage());
            }
        }
    }
}
