package org.pgstat4j.postmaster;

import java.util.concurrent.CompletableFuture;

/**
 * A started collector, whatever runs it: a child process or a thread of the server. The
 * {@link CollectorSupervisor} sees only this.
 *
 * <p>The one way to misuse it: taking {@link #terminate()} for a stop. It only asks; wait for
 * {@link #onExit()}, and {@link #kill()} only after a timeout, as
 * {@link CollectorSupervisor#stop} does.
 */
public interface RunningCollector {
    /** The process it runs in (the server's own PID for a thread). */
    long pid();

    /** "process" or "embedded", for logs and status. */
    String kind();

    /** Completes with the exit status when it has stopped, for whatever reason; always the same future. */
    CompletableFuture<Integer> onExit();

    /**
     * Completes when the collector has loaded its statistics and is receiving; never completes
     * if it exits before.
     */
    CompletableFuture<Void> ready();

    /** Passes reloaded settings on (SIGHUP for a process). */
    void reload(ServerSettings settings);

    /** Asks for a clean stop: the collector writes its permanent files, then exits. */
    void terminate();

    /** Stops it without waiting for anything (SIGKILL for a process). */
    void kill();

    /** Starts collectors; called again by the supervisor each time one must be (re)started. */
    @FunctionalInterface
    interface Launcher {
        RunningCollector launch(ServerSettings settings) throws java.io.IOException;
    }
}
