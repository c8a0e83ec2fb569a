package org.pgstat4j.postmaster;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.pgstat4j.storage.StatsFileFormat;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.unix.Libc;

/**
 * The server's data directory and the names in it, PostgreSQL's layout where PostgreSQL has
 * one:
 *
 * <pre>
 * DIR/                   mode 0700 (0750 accepted), owned by the server's user
 *   postmaster.pid       lock file: who runs here ({@link PidFile})
 *   .s.PGSTAT            Unix-domain socket that hands out the statistics socket ({@link AttachService}), 0600
 *   pgstat4j.conf        optional settings file ({@link SettingsFile})
 *   pg_stat/             permanent stats files: written at clean shutdown (and at checkpoints)
 *   pg_stat_tmp/         temporary stats files (stats_temp_directory's default) and collector.status
 * </pre>
 *
 * <p>Invariant: the server only ever runs on a directory that belongs to its own user and that
 * no other user may write or list ({@link #initialise()} refuses anything else, as PostgreSQL
 * refuses a data directory with wrong owner or permissions).
 *
 * <p>The one way to misuse it: creating the directory with the default permissions.
 * {@link #initialise()} refuses a directory other users may list or write, as PostgreSQL does;
 * create it with mode 0700.
 */
public final class DataDirectory {
    public static final String PID_FILE = "postmaster.pid";
    public static final String ATTACH_SOCKET = ".s.PGSTAT";
    public static final String CONFIG_FILE = "pgstat4j.conf";
    public static final String PERMANENT_DIR = "pg_stat";
    public static final String TEMP_DIR = "pg_stat_tmp";
    public static final String STATUS_FILE = "collector.status";

    private static final Set<PosixFilePermission> MODE_0700 = PosixFilePermissions.fromString("rwx------");

    private final Path root;

    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path pidFile() {
        return root.resolve(PID_FILE);
    }

    public Path attachSocket() {
        return root.resolve(ATTACH_SOCKET);
    }

    public Path defaultConfigFile() {
        return root.resolve(CONFIG_FILE);
    }

    public Path permanentDir() {
        return root.resolve(PERMANENT_DIR);
    }

    /** The collector's health counters, always in {@code pg_stat_tmp} (whatever stats_temp_directory says). */
    public Path statusFile() {
        return root.resolve(TEMP_DIR).resolve(STATUS_FILE);
    }

    /** {@code stats_temp_directory}, resolved against the data directory if relative. */
    public Path tempDir(ServerSettings settings) {
        return root.resolve(settings.statsTempDirectory()).toAbsolutePath().normalize();
    }

    /** The stats files as the collector and readers use them under {@code settings}. */
    public StatsFiles statsFiles(ServerSettings settings) {
        return new StatsFiles(permanentDir(), tempDir(settings));
    }

    /**
     * Creates the directory (mode 0700) and its subdirectories on first use; refuses a
     * directory of another user or one that others may access beyond 0750.
     */
    public void initialise() throws StartupException {
        try {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(root.getParent());
                createPrivateDirectory(root);
            }
            if (!Files.isDirectory(root)) {
                throw new StartupException("data directory \"" + root + "\" is not a directory",
                        "Give -D a directory, or a path that does not exist yet.");
            }
            checkOwnerAndMode();
            createPrivateDirectory(permanentDir());
            createPrivateDirectory(root.resolve(TEMP_DIR));
        } catch (IOException e) {
            throw new StartupException("could not create data directory \"" + root + "\": " + e.getMessage(),
                    "Check that the parent directory exists and is writable by this user.", e);
        }
    }

    private void checkOwnerAndMode() throws IOException, StartupException {
        int owner = (Integer) Files.getAttribute(root, "unix:uid");
        int me = Libc.geteuid();
        if (owner != me) {
            throw new StartupException("data directory \"" + root + "\" has wrong ownership",
                    "The server must be started by the user that owns the data directory (uid " + owner
                            + "; this process runs as uid " + me + ").");
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(root);
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_READ)
                || mode.contains(PosixFilePermission.OTHERS_WRITE) || mode.contains(PosixFilePermission.OTHERS_EXECUTE)) {
            throw new StartupException("data directory \"" + root + "\" has invalid permissions",
                    "Permissions should be u=rwx (0700) or u=rwx,g=rx (0750): chmod 0700 \"" + root + "\"");
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(MODE_0700));
        Files.setPosixFilePermissions(dir, MODE_0700); // the umask may have taken bits away; never added any
    }

    /** Creates {@code stats_temp_directory} if missing (mode 0700), as the collector needs it. */
    static void ensureDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            createPrivateDirectory(dir);
        }
    }

    /**
     * Deletes the stats files ({@code global.stat}, {@code db_N.stat} and their {@code .tmp})
     * in {@code dir} alone; other files stay. Returns how many were removed.
     */
    static int removeStatsFiles(Path dir) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                if (StatsFileFormat.isStatsFileName(p.getFileName().toString()) && Files.deleteIfExists(p)) {
                    n++;
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        return n;
    }
}
