package org.pgstat4j.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.daemon.DaemonTestSupport.ctl;
import static org.pgstat4j.server.daemon.DaemonTestSupport.insertedNow;
import static org.pgstat4j.server.daemon.DaemonTestSupport.sendFromAnotherJvm;
import static org.pgstat4j.server.daemon.DaemonTestSupport.writeConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.postmaster.CollectorStatus;
import org.pgstat4j.postmaster.DataDirectory;
import org.pgstat4j.postmaster.PidFile;

/**
 * The server as a real process: data directory, lock file, attach from another JVM, snapshots
 * read back from the data directory, clean shutdown keeping every counter (DESIGN.md §4), one
 * server per directory, PostgreSQL-style log lines, ctl.
 */
class ServerLifecycleTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final ServerFixture servers = new ServerFixture();

    private ServerProcess start(Path data, String logName, String... args) throws Exception {
        return servers.start(data, tmp.resolve(logName), args);
    }

    /**
     * A second JVM attaches through DIR/.s.PGSTAT, gets the statistics socket and sends a
     * TABSTAT; a reader in this JVM gets it back from the collector child's files.
     */
    @Test
    void anotherJvmAttachesSendsAndTheCountsAreReadBack() throws Exception {
        Path data = tmp.resolve("data");
        ServerProcess server = start(data, "server.log");
        PidFile pf = server.awaitReady();

        assertThat(Files.getPosixFilePermissions(data)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(data.resolve(DataDirectory.ATTACH_SOCKET)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(data.resolve("pg_stat")).isDirectory();
        assertThat(data.resolve("pg_stat_tmp")).isDirectory();
        assertThat(pf.pid()).isEqualTo(server.pid());
        assertThat(pf.dataDir()).isEqualTo(data.toAbsolutePath());
        assertThat(pf.statsPort()).isPositive();
        assertThat(pf.collectorPid()).isPositive().isNotEqualTo(server.pid());
        assertThat(ServerProcess.commandLine(pf.collectorPid())).contains("collector", data.toAbsolutePath().toString());

        DaemonTestSupport.Result client = sendFromAnotherJvm(data, 3);
        assertThat(client.exitCode()).as(client.output()).isZero();
        assertThat(client.output()).contains("enabled=true server_pid=" + server.pid(), "sent=true");

        assertThat(insertedNow(data)).isEqualTo(3);

        DataDirectory dir = new DataDirectory(data);
        server.await("collector status with the applied datagrams", () -> ServerProcess.status(dir)
                .map(s -> s.pid() == pf.collectorPid() && s.number("applied") >= 2 && s.number("file_writes") >= 1)
                .orElse(false));
        DaemonTestSupport.Result status = ctl("status", "-D", data.toString());
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output()).contains("server is running (PID: " + server.pid() + ")",
                "statistics socket: " + pf.statsAddress() + ":" + pf.statsPort(),
                "collector: PID " + pf.collectorPid(), "applied=");

        assertThat(server.log()).containsPattern(
                "(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC \\[" + server.pid()
                        + "] LOG:  pgstat4j server is ready");
    }

    /** SIGTERM (through ctl stop) writes every counter to pg_stat; the next start loads them. */
    @Test
    void cleanStopAndStartKeepEveryCounter() throws Exception {
        Path data = tmp.resolve("data");
        ServerProcess first = start(data, "first.log");
        first.awaitReady();
        assertThat(sendFromAnotherJvm(data, 3).exitCode()).isZero();
        assertThat(insertedNow(data)).isEqualTo(3);

        DaemonTestSupport.Result stop = ctl("stop", "-D", data.toString());
        assertThat(stop.exitCode()).as(stop.output()).isZero();
        assertThat(stop.output()).contains("server stopped");
        assertThat(first.awaitExit()).isZero();
        assertThat(first.log()).contains("LOG:  received smart shutdown request", "LOG:  pgstat4j server is shut down");
        assertThat(first.log()).containsPattern("LOG:  statistics collector counters: received=\\d+ applied=[1-9]");
        assertThat(data.resolve(DataDirectory.PID_FILE)).doesNotExist();
        assertThat(data.resolve(DataDirectory.ATTACH_SOCKET)).doesNotExist();
        assertThat(data.resolve("pg_stat/global.stat")).exists();
        assertThat(data.resolve("pg_stat/db_5.stat")).exists();
        assertThat(CollectorStatus.read(new DataDirectory(data).statusFile()).orElseThrow().state())
                .isEqualTo(CollectorStatus.STOPPED);

        ServerProcess second = start(data, "second.log");
        second.awaitReady();
        assertThat(second.log()).doesNotContain("did not shut down cleanly");
        assertThat(sendFromAnotherJvm(data, 4).exitCode()).isZero();
        assertThat(insertedNow(data)).isEqualTo(7);
    }

    /** A second server on the same data directory is refused; the first goes on. */
    @Test
    void aSecondServerOnTheSameDirectoryIsRefused() throws Exception {
        Path data = tmp.resolve("data");
        ServerProcess first = start(data, "first.log");
        first.awaitReady();

        ServerProcess second = start(data, "second.log");
        assertThat(second.awaitExit()).isEqualTo(1);
        assertThat(second.log()).contains("FATAL:  lock file \"postmaster.pid\" already exists",
                "HINT:  Is another pgstat4j server (PID " + first.pid() + ") running in data directory");

        assertThat(first.process.isAlive()).isTrue();
        assertThat(first.readPidFile().orElseThrow().pid()).isEqualTo(first.pid());
        assertThat(ctl("status", "-D", data.toString()).exitCode()).isZero();
        assertThat(sendFromAnotherJvm(data, 2).exitCode()).isZero();
        assertThat(insertedNow(data)).isEqualTo(2);
    }

    /** A settings file with errors: refused at start, naming file and line; nothing left behind. */
    @Test
    void aBadSettingsFileRefusesTheStart() throws Exception {
        Path data = tmp.resolve("data");
        Path conf = writeConfig(tmp.resolve("bad.conf"), "# comment", "track_counts = maybe", "no_such_setting = 1");
        ServerProcess server = start(data, "server.log", "--config", conf.toString());
        assertThat(server.awaitExit()).isEqualTo(1);
        assertThat(server.log()).contains(
                "invalid value for parameter \"track_counts\": \"maybe\"",
                "in file \"" + conf + "\" line 2",
                "unrecognized configuration parameter \"no_such_setting\" in file \"" + conf + "\" line 3",
                "FATAL:  configuration file \"" + conf + "\" contains errors");
        assertThat(data.resolve(DataDirectory.PID_FILE)).doesNotExist();
    }

    /** The embedded collector: same counting, same files, the server's own PID as collector. */
    @Test
    void theEmbeddedCollectorCountsAndKeepsCountersAcrossACleanRestart() throws Exception {
        Path data = tmp.resolve("data");
        ServerProcess first = start(data, "first.log", "--embedded-collector");
        PidFile pf = first.awaitReady();
        assertThat(pf.collectorPid()).isEqualTo(first.pid());
        assertThat(ProcessHandle.of(first.pid()).orElseThrow().children().count()).isZero();
        assertThat(sendFromAnotherJvm(data, 3).exitCode()).isZero();
        assertThat(insertedNow(data)).isEqualTo(3);
        assertThat(ctl("status", "-D", data.toString()).output()).contains("collector: embedded");

        first.signal(org.pgstat4j.postmaster.PosixSignals.SIGINT);
        assertThat(first.awaitExit()).isZero();
        assertThat(first.log()).contains("received fast shutdown request");
        assertThat(data.resolve("pg_stat/db_5.stat")).exists();

        ServerProcess second = start(data, "second.log", "--embedded-collector");
        second.awaitReady();
        assertThat(sendFromAnotherJvm(data, 1).exitCode()).isZero();
        assertThat(insertedNow(data)).isEqualTo(4);
    }
}
