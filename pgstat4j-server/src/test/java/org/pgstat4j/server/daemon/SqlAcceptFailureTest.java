package org.pgstat4j.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.catalog.Fixtures;

/**
 * A server out of file descriptors (EMFILE on accept) does not flood its log: failing accepts
 * are logged at most once per interval and the accept loop backs off; once descriptors are
 * free again, clients log in.
 */
class SqlAcceptFailureTest {
    private static final String ACCEPT_FAILED = "could not accept a SQL connection";

    @TempDir
    Path tmp;

    private ServerProcess server;

    @AfterEach
    void kill() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void runningOutOfDescriptorsIsLoggedRateLimitedAndRecovers() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs prlimit (util-linux)");
        Path password = Files.writeString(tmp.resolve("sql-password"), "*:pw-5\n");
        server = ServerProcess.start(tmp.resolve("data"), tmp.resolve("server.log"), "--embedded-collector",
                "--sql-port", "0", "--sql-password-file", password.toString(), "--catalog",
                Fixtures.dir("pg14-mixed").resolve("catalog").toString(), "--database", "fx");
        server.awaitReady();
        server.awaitLog("JDBC:       jdbc:postgresql://127.0.0.1:");
        Matcher m = Pattern.compile("jdbc:postgresql://127\\.0\\.0\\.1:(\\d+)/fx").matcher(server.log());
        assertThat(m.find()).isTrue();
        int port = Integer.parseInt(m.group(1));
        // leave the server 20 descriptors more than it holds now
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(server.pid()), "fd"))) {
            fds = s.count();
        }
        long limit = fds + 20;
        Process p = new ProcessBuilder("/usr/bin/prlimit", "--pid", Long.toString(server.pid()),
                "--nofile=" + limit + ":" + limit).inheritIO().start();
        assertThat(p.waitFor()).isZero();

        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                sockets.add(new Socket("127.0.0.1", port)); // the kernel's backlog takes what the server cannot
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!server.log().contains(ACCEPT_FAILED) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(server.log()).contains(ACCEPT_FAILED);
            Thread.sleep(5_000); // descriptors stay exhausted for 5 s
            long lines = server.log().lines().filter(l -> l.contains(ACCEPT_FAILED)).count();
            System.out.println("accept failures logged in 5 s out of descriptors: " + lines + " line(s); log "
                    + Files.size(server.log) + " bytes");
            assertThat(lines).as("log lines about failing accepts in 5 s").isBetween(1L, 2L);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        Connection c = null;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (c == null) {
            try {
                c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/fx", "me", "pw-5");
            } catch (java.sql.SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
        try (Connection loggedIn = c) {
            assertThat(loggedIn.isValid(5)).isTrue();
        }
    }
}
