package org.pgstat4j.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.daemon.DaemonTestSupport.ctl;
import static org.pgstat4j.server.daemon.DaemonTestSupport.insertedNow;
import static org.pgstat4j.server.daemon.DaemonTestSupport.sendFromAnotherJvm;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.postmaster.DataDirectory;
import org.pgstat4j.postmaster.PosixSignals;
import org.pgstat4j.postmaster.ServerControl;
import org.pgstat4j.storage.StatsFileReader;

/**
 * A stop at any moment keeps the statistics; a failed start leaves nothing behind; a reload
 * works however the server was started. Real servers, real signals.
 */
class StopAndStartFailureTest {
    /** How many stops during start-up; {@code -Dpgstat4j.soak.stops=20} for the full run. */
    private static final int STOPS = Integer.getInteger("pgstat4j.soak.stops", 3);

    @TempDir
    Path tmp;

    @RegisterExtension
    final ServerFixture servers = new ServerFixture();

    /** A server that counted {@code n} inserts and stopped cleanly: pg_stat/ holds them. */
    private Path dataWithStatistics(long n) throws Exception {
        Path data = tmp.resolve("data");
        ServerProcess s = servers.startReady(data, tmp.resolve("first.log"));
        assertThat(sendFromAnotherJvm(data, n).exitCode()).isZero();
        assertThat(insertedNow(data)).isEqualTo(n);
        s.signal(PosixSignals.SIGTERM);
        assertThat(s.awaitExit()).as(s.log()).isZero();
        return data;
    }

    private static long permanentInserted(Path data) {
        var store = StatsFileReader.readAll(data.resolve("pg_stat"), 0);
        var db = store.database(DaemonTestSupport.DB);
        var t = db == null || db.tables == null ? null : db.table(DaemonTestSupport.REL);
        return t == null ? -1 : t.tuplesInserted;
    }

    /**
     * SIGTERM at random moments of start-up (the JVM still booting, the collector child not yet
     * running, loading, or just receiving): each stop exits 0 — or, before the JVM could install
     * its handler, dies having done nothing — and the permanent files still hold every count.
     */
    @Test
    void aStopDuringStartUpKeepsThePreviousStatistics() throws Exception {
        Path data = dataWithStatistics(7);
        long seed = Long.getLong("pgstat4j.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < STOPS; i++) {
            long offset = random.nextInt(3000);
            ServerProcess s = servers.start(data, tmp.resolve("stop-" + i + ".log"));
            Thread.sleep(offset);
            s.signal(PosixSignals.SIGTERM);
            String why = "seed " + seed + ", stop " + i + " after " + offset + " ms; log:\n";
            int code = s.awaitExit();
            if (code == 128 + PosixSignals.SIGTERM) {
                // the JVM was still booting and took the default action, exit; whatever start-up
                // did meanwhile, it left no lock file and no socket file behind
                assertThat(data.resolve(DataDirectory.ATTACH_SOCKET)).as(why + s.log()).doesNotExist();
            } else {
                assertThat(code).as(why + s.log()).isZero();
            }
            assertThat(s.log()).as(why + s.log()).doesNotContain("WARNING", "did not shut down cleanly");
            assertThat(data.resolve(DataDirectory.PID_FILE)).as(why + s.log()).doesNotExist();
            assertThat(permanentInserted(data)).as(why + s.log()).isEqualTo(7);
        }
        ServerProcess last = servers.startReady(data, tmp.resolve("last.log"));
        assertThat(last.log()).doesNotContain("did not shut down cleanly");
        assertThat(insertedNow(data)).isEqualTo(7);
    }

    /**
     * The disk is full when the server stops (pg_stat/ on a tiny tmpfs that is then filled; needs
     * root and permission to mount, skipped otherwise): the collector cannot write the new
     * permanent files, the previous ones stay byte for byte, a WARNING names the file, the
     * server exits 1; the next start keeps the statistics.
     */
    @Test
    void aFullDiskAtStopKeepsThePreviousPermanentFilesAndExitsNonZero() throws Exception {
        Path data = dataWithStatistics(5);
        Path perm = data.resolve("pg_stat");
        Path saved = tmp.resolve("saved");
        Files.createDirectories(saved);
        try (var files = Files.list(perm)) {
            for (Path p : files.toList()) {
                Files.copy(p, saved.resolve(p.getFileName()));
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(
                DaemonTestSupport.run(List.of("mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs",
                        perm.toString())).exitCode() == 0, "needs permission to mount a tmpfs");
        try {
            java.util.Map<String, byte[]> before = new java.util.TreeMap<>();
            try (var files = Files.list(saved)) {
                for (Path p : files.toList()) {
                    Files.copy(p, perm.resolve(p.getFileName()));
                    before.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
            try (var out = Files.newOutputStream(perm.resolve("filler"))) {
                byte[] block = new byte[4096];
                while (true) {
                    out.write(block);
                    out.flush();
                }
            } catch (java.io.IOException full) {
                // the file system is full now
            }
            ServerProcess s = servers.startReady(data, tmp.resolve("full.log"));
            assertThat(sendFromAnotherJvm(data, 3).exitCode()).isZero();
            assertThat(insertedNow(data)).isEqualTo(8);
            s.signal(PosixSignals.SIGTERM);
            assertThat(s.awaitExit()).as(s.log()).isEqualTo(1);
            assertThat(s.log()).contains("WARNING:  could not write statistics file \"" + perm + "/",
                    "No space left on device", "the previous permanent statistics files in \"" + perm + "\" were kept",
                    "WARNING:  the statistics collector did not write its permanent files");
            for (var e : before.entrySet()) {
                assertThat(Files.readAllBytes(perm.resolve(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue());
            }
            try (var files = Files.list(perm)) {
                assertThat(files.map(p -> p.getFileName().toString())).as("no .tmp left")
                        .noneMatch(n -> n.endsWith(".tmp"));
            }
            assertThat(data.resolve(DataDirectory.PID_FILE)).doesNotExist();
        } finally {
            DaemonTestSupport.run(List.of("umount", "-l", perm.toString()));
        }
        ServerProcess next = servers.startReady(data, tmp.resolve("next.log"));
        assertThat(next.log()).doesNotContain("did not shut down cleanly", "statistics were reset");
        assertThat(insertedNow(data)).as("the newest complete files: the reader's of the last run")
                .isEqualTo(8);
    }

    /**
     * The HTTP port is taken: the server names the port, exits 1 and leaves no lock file and
     * no socket file; the next start is a clean one and keeps the statistics.
     */
    @Test
    void aFailedStartNamesTheTakenPortAndLeavesNothingBehind() throws Exception {
        Path data = dataWithStatistics(5);
        Catalog catalog = new Catalog();
        catalog.addDatabase(new PgDatabase(DaemonTestSupport.DB, "app"));
        catalog.writeCsvDirectory(data.resolve("catalog"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            ServerProcess s = servers.start(data, tmp.resolve("taken.log"), "--http-port", Integer.toString(port));
            assertThat(s.awaitExit()).as(s.log()).isEqualTo(1);
            assertThat(s.log()).contains("FATAL:  could not listen on HTTP port " + port + ": ");
            assertThat(s.log()).doesNotContain("Exception", "\tat ");
            assertThat(data.resolve(DataDirectory.PID_FILE)).doesNotExist();
            assertThat(data.resolve(DataDirectory.ATTACH_SOCKET)).doesNotExist();
        }
        ServerProcess next = servers.startReady(data, tmp.resolve("next.log"));
        assertThat(next.log()).doesNotContain("did not shut down cleanly", "statistics were reset");
        assertThat(insertedNow(data)).isEqualTo(5);
    }

    /**
     * Started with SIGHUP ignored (as under nohup): the server handles SIGHUP all the same and
     * says so; ctl reload works and every reload is logged; so does a reload over the control
     * socket.
     */
    @Test
    void reloadWorksWhenTheServerWasStartedWithSighupIgnored() throws Exception {
        Path data = tmp.resolve("data");
        ServerProcess s = servers.startUnder(List.of("sh", "-c", "trap '' HUP; exec \"$@\"", "sh"),
                data, tmp.resolve("nohup.log"));
        s.awaitReady();
        assertThat(s.log()).contains("SIGHUP was ignored when this process started (nohup?); it is handled all the same");
        DaemonTestSupport.Result reload = ctl("reload", "-D", data.toString());
        assertThat(reload.exitCode()).as(reload.output()).isZero();
        s.awaitLog("received SIGHUP, reloading configuration files");

        ServerControl.reload(data);
        s.awaitLog("received reload request on \"" + data.resolve(DataDirectory.ATTACH_SOCKET)
                + "\", reloading configuration files");
        assertThat(s.process.isAlive()).isTrue();
    }

    /**
     * A server that cannot catch SIGHUP at all (a JVM run with -Xrs): ctl reload sees that the
     * signal would be lost and carries the request over the control socket; the server logs it.
     */
    @Test
    void ctlReloadUsesTheControlSocketWhenTheServerCannotCatchSighup() throws Exception {
        Path data = tmp.resolve("data");
        ServerProcess s = servers.startUnder(List.of(), java.util.Map.of("JAVA_TOOL_OPTIONS", "-Xrs"),
                data, tmp.resolve("xrs.log"));
        s.awaitReady();
        assertThat(PosixSignals.catches(s.pid(), PosixSignals.SIGHUP)).as(s.log()).isFalse();
        DaemonTestSupport.Result reload = ctl("reload", "-D", data.toString());
        assertThat(reload.exitCode()).as(reload.output()).isZero();
        assertThat(reload.output()).contains("server asked to reload over its control socket");
        s.awaitLog("received reload request on \"" + data.resolve(DataDirectory.ATTACH_SOCKET)
                + "\", reloading configuration files");
        assertThat(s.process.isAlive()).isTrue();
    }
}
