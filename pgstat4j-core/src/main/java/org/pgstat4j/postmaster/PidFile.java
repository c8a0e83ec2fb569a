package org.pgstat4j.postmaster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The lock file {@code postmaster.pid}: which server runs on a data directory, as PostgreSQL's
 * file of that name. One value per line:
 *
 * <pre>
 * 1  server PID
 * 2  data directory
 * 3  start time (seconds since the Unix epoch)
 * 4  statistics socket port (0: statistics disabled, no working socket)
 * 5  statistics socket address (empty when disabled)
 * 6  collector PID (0: none running; the server's own PID when the collector is embedded)
 * 7  status: starting, ready or stopping
 * </pre>
 *
 * <p>Invariants: at most one live server holds the file — it is created atomically with its
 * whole content (written under a private name, then hard-linked into place, which fails if the
 * file exists), so a reader never sees it empty. A file left by a process that is gone is
 * stale: it proves an unclean stop and is replaced. Updates replace the file by rename, so a
 * reader sees the old or the new content, never a mixture. The file is removed last at a clean
 * shutdown.
 *
 * <p>The one way to misuse it: editing the file by other means. Readers rely on its whole-file
 * creation and on replacement by rename; a file rewritten in place can be read half-written.
 */
public record PidFile(long pid, Path dataDir, long startTime, int statsPort, String statsAddress,
                      long collectorPid, String status) {

    public static final String STARTING = "starting";
    public static final String READY = "ready";
    public static final String STOPPING = "stopping";

    private static final String PID_NAME = DataDirectory.PID_FILE;
    /** A lock file too young to judge if it cannot be parsed: its writer may be mid-way. */
    private static final Duration YOUNG = Duration.ofSeconds(5);
    /** Slack between a process's start and the time it wrote into its lock file. */
    private static final Duration START_SLACK = Duration.ofSeconds(2);

    /** The outcome of {@link #acquire}: the file is ours; what, if anything, was left before. */
    public record Acquired(boolean uncleanStop, PidFile previous) {
    }

    /** True when the socket is disabled (port 0). */
    public boolean statisticsDisabled() {
        return statsPort == 0;
    }

    public PidFile withCollectorPid(long p) {
        return new PidFile(pid, dataDir, startTime, statsPort, statsAddress, p, status);
    }

    public PidFile withStatus(String s) {
        return new PidFile(pid, dataDir, startTime, statsPort, statsAddress, collectorPid, s);
    }

    public PidFile withStatsSocket(int port, String address) {
        return new PidFile(pid, dataDir, startTime, port, address, collectorPid, status);
    }

    /** This process, starting now on {@code dir}. */
    public static PidFile forThisProcess(DataDirectory dir) {
        return new PidFile(ProcessHandle.current().pid(), dir.root(), Instant.now().getEpochSecond(), 0, "", 0,
                STARTING);
    }

    String text() {
        return pid + "\n" + dataDir + "\n" + startTime + "\n" + statsPort + "\n" + statsAddress + "\n"
                + collectorPid + "\n" + status + "\n";
    }

    /** The lock file at {@code path}, or empty if there is none. */
    public static Optional<PidFile> read(Path path) throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(parse(text, path));
    }

    static PidFile parse(String text, Path path) throws IOException {
        List<String> l = text.lines().toList();
        if (l.size() < 7) {
            throw new IOException("lock file \"" + path + "\" is incomplete (" + l.size() + " of 7 lines)");
        }
        try {
            return new PidFile(Long.parseLong(l.get(0).trim()), Path.of(l.get(1)), Long.parseLong(l.get(2).trim()),
                    Integer.parseInt(l.get(3).trim()), l.get(4).trim(), Long.parseLong(l.get(5).trim()), l.get(6).trim());
        } catch (RuntimeException e) {
            throw new IOException("lock file \"" + path + "\" is corrupt: " + e.getMessage(), e);
        }
    }

    /** Whether the server this file names is still running (not another process that got its PID). */
    public boolean serverIsAlive() {
        if (pid == ProcessHandle.current().pid() || !ProcessLiveness.isAlive(pid)) {
            return false;
        }
        Optional<Instant> started = ProcessLiveness.startInstant(pid);
        // a process started after the file was written cannot have written it: a reused PID
        return started.isEmpty() || !started.get().isAfter(Instant.ofEpochSecond(startTime).plus(START_SLACK));
    }

    /**
     * Creates the lock file for {@code mine}, replacing a stale one. Refuses if a live server
     * holds it, or if an unreadable file is young enough that its server may still be starting.
     */
    public static Acquired acquire(DataDirectory dir, PidFile mine) throws StartupException {
        Path path = dir.pidFile();
        PidFile previous = null;
        boolean unclean = false;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                if (createExclusively(path, mine.text())) {
                    return new Acquired(unclean, previous);
                }
            } catch (IOException e) {
                throw new StartupException("could not create lock file \"" + path + "\": " + e.getMessage(),
                        "Check that the data directory is writable by this user.", e);
            }
            PidFile existing;
            try {
                existing = read(path).orElse(null);
            } catch (IOException e) {
                if (isYoung(path)) {
                    throw new StartupException("lock file \"" + PID_NAME + "\" is incomplete",
                            "Either another server is starting, or the lock file is the remnant of a crash during"
                                    + " startup. If no server is running, remove \"" + path + "\" and retry.");
                }
                existing = null;
                unclean = true;
            }
            if (existing != null && existing.serverIsAlive()) {
                throw new StartupException("lock file \"" + PID_NAME + "\" already exists",
                        "Is another pgstat4j server (PID " + existing.pid + ") running in data directory \""
                                + dir.root() + "\"?");
            }
            if (existing != null) {
                previous = existing;
                unclean = true;
            }
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new StartupException("could not remove old lock file \"" + path + "\": " + e.getMessage(),
                        "The file seems accidentally left over, but it could not be removed. Please remove the file"
                                + " by hand and try again.", e);
            }
        }
        throw new StartupException("could not create lock file \"" + path + "\": another process keeps creating it",
                "Is another pgstat4j server starting in data directory \"" + dir.root() + "\"?");
    }

    /** Writes {@code text} to a private file and links it to {@code path}; false if {@code path} exists. */
    private static boolean createExclusively(Path path, String text) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + "." + ProcessHandle.current().pid() + ".new");
        writeFile(tmp, text);
        try {
            Files.createLink(path, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // no hard links on this file system: exclusive create, then write (a reader may
            // briefly see the file empty, which acquire() treats as "a server is starting")
            try {
                Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean isYoung(Path path) {
        try {
            Instant modified = Files.getLastModifiedTime(path).toInstant();
            return modified.plus(YOUNG).isAfter(Instant.now());
        } catch (IOException e) {
            return false;
        }
    }

    /** Replaces the lock file's content with {@code updated} (same server), atomically. */
    public static void update(DataDirectory dir, PidFile updated) throws IOException {
        Path path = dir.pidFile();
        Path tmp = path.resolveSibling(path.getFileName() + "." + updated.pid + ".new");
        try {
            writeFile(tmp, updated.text());
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp); // a full disk must not leave one file per failed update
            throw e;
        }
    }

    private static void writeFile(Path p, String text) throws IOException {
        Files.deleteIfExists(p);
        Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(p, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Removes the lock file: the last step of a clean shutdown. */
    public static void remove(DataDirectory dir) throws IOException {
        Files.deleteIfExists(dir.pidFile());
    }
}
