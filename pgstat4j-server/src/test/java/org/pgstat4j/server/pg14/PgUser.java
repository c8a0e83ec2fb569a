package org.pgstat4j.server.pg14;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The operating-system user the test PostgreSQL runs as. PostgreSQL refuses to run as root, so
 * when the tests run as root (CI, containers) its programs are started through {@code setpriv}
 * as the unprivileged system user {@value #NAME} (created here when missing, as
 * {@code bin/install-test-deps.sh} also does); otherwise they run as the current user.
 *
 * <p>Invariant: every file the server must write (data directory, socket directory) is owned by
 * the user that {@link #command} runs the programs as.
 */
final class PgUser {
    static final String NAME = "pgstat4j-pg";

    private static boolean ensured;

    private PgUser() {
    }

    /** Whether the programs must run as {@value #NAME} (the tests run as root). */
    static boolean needed() {
        return new UnixSystem().getUid() == 0;
    }

    /** Creates the system user if the tests run as root and it does not exist yet. */
    static synchronized void ensure() throws IOException, InterruptedException {
        if (ensured || !needed()) {
            return;
        }
        if (exitCode(List.of("id", "-u", NAME)) != 0) {
            int rc = exitCode(List.of("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                    "--shell", "/usr/sbin/nologin", NAME));
            // 9: created meanwhile by another JVM
            if (rc != 0 && rc != 9) {
                throw new IOException("useradd " + NAME + " failed with exit code " + rc);
            }
        }
        ensured = true;
    }

    /** {@code command} as run by the server's user: through setpriv when the tests run as root. */
    static List<String> command(List<String> command) {
        List<String> c = new ArrayList<>();
        if (needed()) {
            c.addAll(List.of("setpriv", "--reuid=" + NAME, "--regid=" + NAME, "--clear-groups", "--"));
        }
        c.addAll(command);
        return c;
    }

    /** Gives {@code path} to the server's user (when the tests run as root). */
    static void own(Path path) throws IOException {
        if (!needed()) {
            return;
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(path, lookup.lookupPrincipalByName(NAME));
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(NAME);
        Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(group);
    }

    /** Whether the server's user can execute {@code program} (every directory above it reachable). */
    static boolean canExecute(Path program) throws IOException, InterruptedException {
        ensure();
        return exitCode(command(List.of("test", "-x", program.toString()))) == 0;
    }

    private static int exitCode(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        return p.exitValue();
    }
}
