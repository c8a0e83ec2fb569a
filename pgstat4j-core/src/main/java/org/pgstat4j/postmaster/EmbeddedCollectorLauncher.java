package org.pgstat4j.postmaster;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import org.pgstat4j.transport.StatsSocket;

/**
 * Runs the collector on a thread of the server ({@code --embedded-collector}): the same
 * {@link CollectorRunner} as the child process, reading the server's own channel. Exit status
 * 0 when the loop ended normally, 2 if the permanent files could not be written at its stop,
 * 1 if it died of an exception (then the supervisor restarts it like a crashed child).
 *
 * <p>The one way to misuse it: expecting a crash of the collector to stay apart from the
 * server. On a thread, a collector that exhausts the heap takes the server with it; the child
 * process keeps them apart.
 */
public final class EmbeddedCollectorLauncher implements RunningCollector.Launcher {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.postmaster");

    private final DataDirectory dir;
    private final StatsSocket socket;

    public EmbeddedCollectorLauncher(DataDirectory dir, StatsSocket socket) {
        this.dir = dir;
        this.socket = socket;
    }

    @Override
    public RunningCollector launch(ServerSettings settings) throws IOException {
        CollectorRunner runner = CollectorRunner.onSocket(dir, settings, socket);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name("pgstat4j-collector").daemon(true).unstarted(() -> {
            try {
                runner.run();
                exit.complete(runner.permanentFilesWritten() ? 0 : 2);
            } catch (Throwable e) {
                LOG.log(Level.ERROR, "statistics collector thread failed", e);
                exit.complete(1);
            }
        });
        t.start();
        return new RunningCollector() {
            public long pid() {
                return ProcessHandle.current().pid();
            }

            public String kind() {
                return "embedded";
            }

            public CompletableFuture<Integer> onExit() {
                return exit;
            }

            public CompletableFuture<Void> ready() {
                return runner.ready();
            }

            public void reload(ServerSettings s) {
                runner.requestReload(s);
            }

            public void terminate() {
                runner.requestShutdown();
            }

            public void kill() {
                runner.requestShutdown(); // a thread cannot be killed; it stops at the next datagram
            }
        };
    }
}
