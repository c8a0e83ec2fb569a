package org.pgstat4j.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pgstat4j.postmaster.DataDirectory;
import org.pgstat4j.postmaster.StatsClient;
import org.pgstat4j.transport.unix.Libc;

/**
 * DESIGN.md §4: only the server's own user may attach. A client running as another user
 * (nobody, through setpriv) reaches the socket because the test loosens the modes after start,
 * and must still be refused — on the kernel's word (SO_PEERCRED) — with a reason, no
 * descriptor, and a line in the server's log. Needs root to switch users; skipped otherwise.
 */
class AttachPermissionTest {
    private static final int NOBODY = 65534;

    private Path base;
    private ServerProcess server;

    @AfterEach
    void cleanUp() throws IOException {
        if (server != null) {
            server.close();
        }
        if (base != null) {
            try (Stream<Path> all = Files.walk(base)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void anotherUserIsRefusedEvenWhenTheModesLetItConnect() throws Exception {
        assumeTrue(Libc.geteuid() == 0, "switching to another user needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");

        // a world-traversable place (JUnit's temp directories are private to root)
        base = Files.createTempDirectory("pgstat4j-uid-test");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = base.resolve("data");
        server = ServerProcess.start(data, base.resolve("server.log"));
        server.awaitReady();
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve(DataDirectory.ATTACH_SOCKET),
                PosixFilePermissions.fromString("rw-rw-rw-"));

        Path classes = readableClassPath(base.resolve("classes"));
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", ServerProcess.javaBinary(), "--enable-native-access=ALL-UNNAMED",
                "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-cp", classes.toString(),
                AttachClientMain.class.getName(), data.toString(), "5", "100", "1"));
        DaemonTestSupport.Result nobody = DaemonTestSupport.run(cmd);

        assertThat(nobody.exitCode()).as(nobody.output()).isEqualTo(2);
        assertThat(nobody.output()).contains("refused: user with uid " + NOBODY
                + " may not attach to the pgstat4j server", "only its owner (uid 0) may");
        server.awaitLog("refused to hand the statistics socket to process");
        assertThat(server.log()).contains("(uid " + NOBODY + "): only uid 0, the server's user, may attach");

        // the owner still attaches
        try (StatsClient owner = StatsClient.attach(data)) {
            assertThat(owner.isEnabled()).isTrue();
        }
    }

    /**
     * The client's classes where user nobody can read them: pgstat4j-core (a directory or a
     * jar) and the client main class. Nothing else is needed: the client uses only the JDK
     * and pgstat4j-core.
     */
    private static Path readableClassPath(Path target) throws IOException, URISyntaxException {
        Files.createDirectories(target);
        Path core = Path.of(StatsClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(core)) {
            copyTree(core, target);
        } else {
            try (var fs = java.nio.file.FileSystems.newFileSystem(core)) {
                copyTree(fs.getPath("/"), target);
            }
        }
        String client = AttachClientMain.class.getName().replace('.', '/') + ".class";
        Path from = Path.of(AttachClientMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(client);
        Path to = target.resolve(client);
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
        try (Stream<Path> all = Files.walk(target)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return target;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
