package org.pgstat4j.postmaster;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.pgstat4j.storage.StatsFileFormat;

/**
 * What a starting server does when it finds the lock file of a server that did not shut down
 * cleanly (spec §6.5): waits for that server's collector, if it still runs, so that two
 * collectors never work on one directory; then applies PostgreSQL's crash rule — every
 * statistics file discarded — or, with {@code stats_durability = checkpoint}, keeps the last
 * checkpoint. Called by {@link Postmaster#start()} while it holds the lock file, before any
 * collector of its own runs.
 */
final class CrashRecovery {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.postmaster");
    private static final Duration OLD_COLLECTOR_WAIT = Duration.ofSeconds(30);

    private CrashRecovery() {
    }

    /** PostgreSQL's crash rule (spec §6.5), or the checkpoint kept by {@code stats_durability = checkpoint}. */
    static void afterUncleanStop(DataDirectory dir, ServerSettings settings, PidFile previous) throws StartupException, IOException {
        LOG.log(Level.INFO, previous == null
                ? "the server did not shut down cleanly: lock file \"" + DataDirectory.PID_FILE + "\" was left behind"
                : "the server (PID " + previous.pid() + ") did not shut down cleanly: lock file \""
                + DataDirectory.PID_FILE + "\" was left behind; last known up at "
                + Instant.ofEpochSecond(previous.startTime()));
        waitForOldCollector(dir, previous);
        if (settings.statsDurability() == ServerSettings.Durability.NONE) {
            int n = dir.statsFiles(settings).resetAll();
            LOG.log(Level.INFO, "statistics were reset because the previous server did not shut down cleanly"
                    + " (removed " + n + " statistics files)");
            return;
        }
        DataDirectory.removeStatsFiles(dir.tempDir(settings));
        Path global = dir.permanentDir().resolve(StatsFileFormat.GLOBAL_STAT);
        if (Files.exists(global)) {
            LOG.log(Level.INFO, "stats_durability = checkpoint: keeping the statistics written at "
                    + Files.getLastModifiedTime(global).toInstant() + " in \"" + dir.permanentDir() + "\"");
        } else {
            LOG.log(Level.INFO, "stats_durability = checkpoint, but no statistics checkpoint was found in \""
                    + dir.permanentDir() + "\"; statistics start from zero");
        }
    }

    /**
     * The old server's collector notices its death and exits, writing files on the way out; a
     * new collector must not race with it (PostgreSQL waits for its old collector too).
     */
    private static void waitForOldCollector(DataDirectory dir, PidFile previous) throws StartupException {
        if (previous == null || previous.collectorPid() <= 0 || previous.collectorPid() == previous.pid()) {
            return;
        }
        long pid = previous.collectorPid();
        if (!isOldCollector(dir, pid)) {
            return;
        }
        LOG.log(Level.INFO, "waiting for statistics collector process (PID " + pid + ") of the previous server to exit");
        long deadline = System.nanoTime() + OLD_COLLECTOR_WAIT.toNanos();
        while (isOldCollector(dir, pid)) {
            if (System.nanoTime() - deadline > 0) {
                throw new StartupException("statistics collector process (PID " + pid
                        + ") of the previous server is still running on data directory \"" + dir.root() + "\"",
                        "Stop that process, then start the server again.");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while waiting for the old statistics collector", null, e);
            }
        }
    }

    /** Alive and running on this data directory (not some process that got the PID since). */
    private static boolean isOldCollector(DataDirectory dir, long pid) {
        return ProcessLiveness.isAlive(pid) && ProcessLiveness.commandLine(pid).contains(dir.root().toString());
    }

}
