package org.pgstat4j.server.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.pgstat4j.postmaster.CollectorRunner;
import org.pgstat4j.postmaster.DataDirectory;
import org.pgstat4j.postmaster.SettingsFile;
import org.pgstat4j.postmaster.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The statistics collector process (hidden {@code collector} command; spec §5.1
 * {@code PgstatCollectorMain}). Attaches to the server of {@code -D DIR}, receives the
 * statistics socket and runs {@link CollectorRunner} until told to stop. Exit status 0 after a
 * clean stop, 2 if the permanent files could not be written (the previous ones stay; the log
 * names the file), 1 if it could not start.
 *
 * <p>Signals: SIGTERM stops cleanly (the permanent files are written); SIGHUP re-reads the
 * settings file (on errors the old values stay) — the SIGTERM handler is installed first of
 * all, so a stop that comes while the collector is still starting is kept and honoured once the
 * statistics are loaded; SIGINT is ignored — a Ctrl-C at a terminal
 * reaches the whole process group, and the server, not the collector, decides when to stop.
 * When the server dies (end of file on standard input, or its PID gone) the collector writes
 * its files and exits, as PostgreSQL's does on postmaster death.
 */
@Command(name = "collector", hidden = true, mixinStandardHelpOptions = true,
        description = "The statistics collector process; the server starts it. Not for direct use.")
public final class CollectorCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("org.pgstat4j.collector");

    @Option(names = {"-D", "--pgdata"}, required = true, paramLabel = "DIR", description = "Data directory.")
    Path dataDir;

    @Option(names = "--parent-pid", paramLabel = "PID",
            description = "The server's PID: stop when it is gone (and when standard input ends).")
    long parentPid;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file re-read on SIGHUP.")
    Path config;

    @Option(names = "--config-optional", description = "A missing settings file means defaults.")
    boolean configOptional;

    @Option(names = "-c", paramLabel = "NAME=VALUE", description = "A setting, as the server has it.")
    List<String> settings = new ArrayList<>();

    private final AtomicReference<CollectorRunner> runnerRef = new AtomicReference<>();
    private volatile boolean stopRequested;

    @Override
    public Integer call() {
        Signals.handle("TERM", () -> {
            stopRequested = true;
            CollectorRunner r = runnerRef.get();
            if (r != null) {
                r.requestShutdown();
            }
        });
        Signals.ignore("INT");
        DataDirectory dir = new DataDirectory(dataDir);
        ServerSettings initial;
        try {
            initial = ServerSettings.DEFAULTS;
            for (String pair : settings) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("expected NAME=VALUE, got \"" + pair + "\"");
                }
                initial = initial.with(pair.substring(0, eq), pair.substring(eq + 1));
            }
        } catch (IllegalArgumentException e) {
            LOG.error(LogMarkers.FATAL, e.getMessage());
            return 1;
        }
        CollectorRunner runner;
        try {
            runner = CollectorRunner.attachToServer(dir, initial);
        } catch (IOException e) {
            LOG.error(LogMarkers.FATAL, "statistics collector could not get the statistics socket: {}", e.getMessage());
            return 1;
        }
        runnerRef.set(runner);
        if (stopRequested) {
            runner.requestShutdown();
        }
        Signals.handle("HUP", () -> Thread.ofVirtual().start(() -> reload(runner)));
        if (parentPid > 0) {
            watchParent(runner);
        }
        runner.run();
        return runner.permanentFilesWritten() ? 0 : 2;
    }

    /** SIGHUP: re-read the settings file (off the signal thread) and hand the result to the collector thread. */
    private void reload(CollectorRunner runner) {
        if (config == null) {
            return;
        }
        SettingsFile file = new SettingsFile(config, !configOptional);
        try {
            runner.requestReload(file.load());
        } catch (SettingsFile.ConfigException e) {
            e.errors().forEach(LOG::info);
            LOG.info("configuration file \"{}\" contains errors; no supported changes were applied", config);
        }
    }

    /** Postmaster death: end of file on the pipe the server holds, or the server's PID gone. */
    private void watchParent(CollectorRunner runner) {
        AtomicBoolean told = new AtomicBoolean();
        Runnable parentGone = () -> {
            if (told.compareAndSet(false, true)) {
                LOG.info("server process (PID {}) is gone; statistics collector shutting down", parentPid);
                runner.requestShutdown();
            }
        };
        Thread.ofPlatform().name("pgstat4j-parent-watch").daemon(true).start(() -> {
            try {
                InputStream in = System.in;
                byte[] sink = new byte[64];
                while (in.read(sink) >= 0) {
                    // the server never writes; anything read is ignored
                }
            } catch (IOException e) {
                // a broken pipe means the same as end of file
            }
            parentGone.run();
        });
        ProcessHandle.of(parentPid).ifPresentOrElse(h -> h.onExit().thenRun(parentGone), parentGone);
    }
}
