package org.pgstat4j.postmaster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Is the process a lock file names still running? The kernel keeps an exited process as a
 * zombie until its parent reaps it, and an orphan in a container whose init never reaps stays
 * one for good; {@link ProcessHandle#isAlive()} counts zombies as alive. A zombie cannot hold a
 * data directory, so here it counts as dead.
 */
final class ProcessLiveness {
    private ProcessLiveness() {
    }

    /** True if {@code pid} exists and is not a zombie. */
    static boolean isAlive(long pid) {
        if (pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        return h.isPresent() && h.get().isAlive() && !isZombie(pid);
    }

    /** When {@code pid} started, if known. */
    static Optional<Instant> startInstant(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
    }

    /** The process's arguments joined by spaces, from /proc (not truncated), or empty. */
    static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** State Z (zombie) or X (dead) in /proc/PID/stat; the name before it may hold spaces and ')'. */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            int close = stat.lastIndexOf(')');
            if (close < 0 || close + 2 >= stat.length()) {
                return false;
            }
            char state = stat.charAt(close + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false; // no /proc: trust ProcessHandle
        }
    }
}
