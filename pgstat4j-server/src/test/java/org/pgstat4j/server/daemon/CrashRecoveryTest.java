package org.pgstat4j.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.daemon.DaemonTestSupport.ctl;
import static org.pgstat4j.server.daemon.DaemonTestSupport.insertedNow;
import static org.pgstat4j.server.daemon.DaemonTestSupport.sendFromAnotherJvm;
import static org.pgstat4j.server.daemon.DaemonTestSupport.writeConfig;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.postmaster.DataDirectory;
import org.pgstat4j.postmaster.PidFile;
import org.pgstat4j.postmaster.PosixSignals;

/**
 * Crashes with real signals (spec §5.6, §6.5): a killed collector is restarted and counting
 * goes on; a killed server makes the next start discard statistics, PostgreSQL's rule — unless
 * {@code stats_durability = checkpoint}, which keeps the last checkpoint.
 */
class CrashRecoveryTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final ServerFixture servers = new ServerFixture();

    private ServerProcess start(Path data, String logName, String... args) throws Exception {
        return servers.start(data, tmp.resolve(logName), args);
    }

    /**
     * kill -9 of the collector child: the server logs how it ended and starts another at once
     * (the default restart interval of 60 s only caps a crash loop's back-off). The new
     * collector starts from the newest complete statistics files — here those a reader's
     * inquiry made it write — and then counts what was sent while no collector ran, which
     * waited in the socket's queue.
     */
    @Test
    void aKilledCollectorIsRestartedAndCountingContinues() throws Exception {
        Path data = tmp.resolve("data");
        ServerProcess server = start(data, "server.log");
        PidFile before = server.awaitReady();
        assertThat(sendFromAnotherJvm(data, 3).exitCode()).isZero();
        assertThat(insertedNow(data)).isEqualTo(3);

        long first = before.collectorPid();
        ProcessHandle.of(first).orElseThrow().destroyForcibly();
        ServerProcess.awaitDead(first);
        DaemonTestSupport.Result whileDown = sendFromAnotherJvm(data, 2);
        assertThat(whileDown.exitCode()).as(whileDown.output()).isZero(); // never blocks, never fails

        server.awaitLog("LOG:  statistics collector process (PID " + first + ") was terminated by signal 9: Killed");
        server.await("a new collector", () -> server.readPidFile()
                .map(pf -> pf.collectorPid() != 0 && pf.collectorPid() != first).orElse(false));
        PidFile after = server.awaitReady();
        assertThat(after.collectorPid()).isNotEqualTo(first);
        assertThat(after.statsPort()).isEqualTo(before.statsPort()); // the same socket, kept by the server
        assertThat(server.log()).contains("restarting the statistics collector at once",
                "statistics collector restarted (PID " + after.collectorPid() + ") after a delay of 0 ms");

        assertThat(sendFromAnotherJvm(data, 4).exitCode()).isZero();
        assertThat(insertedNow(data)).as("3 from the files, 2 from the queue, 4 sent after").isEqualTo(3 + 2 + 4);
    }

    /**
     * kill -9 of the server: its collector notices, writes its files and exits; the lock file
     * stays and proves the unclean stop, so the next start discards every statistics file and
     * logs why.
     */
    @Test
    void afterAKilledServerTheNextStartDiscardsStatistics() throws Exception {
        Path data = tmp.resolve("data");
        ServerProcess first = start(data, "first.log");
        PidFile pf = first.awaitReady();
        assertThat(sendFromAnotherJvm(data, 3).exitCode()).isZero();
        assertThat(insertedNow(data)).isEqualTo(3);

        first.process.destroyForcibly();
        first.awaitExit();
        ServerProcess.awaitDead(pf.collectorPid());
        assertThat(first.log()).contains("server process (PID " + first.pid() + ") is gone");
        assertThat(data.resolve(DataDirectory.PID_FILE)).exists();
        assertThat(data.resolve("pg_stat/db_5.stat")).as("written by the orphaned collector").exists();
        DaemonTestSupport.Result status = ctl("status", "-D", data.toString());
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.output()).contains("did not shut down cleanly");

        ServerProcess second = start(data, "second.log");
        second.awaitReady();
        assertThat(second.log()).contains("the server (PID " + first.pid() + ") did not shut down cleanly",
                "statistics were reset because the previous server did not shut down cleanly");
        assertThat(sendFromAnotherJvm(data, 1).exitCode()).isZero();
        assertThat(insertedNow(data)).isEqualTo(1);
    }

    /**
     * stats_durability = checkpoint: after a crash of server and collector together (the
     * collector frozen first, so it writes nothing on the way out) the next start keeps the
     * last checkpoint, which holds everything applied before it.
     */
    @Test
    void inDurableModeTheLastCheckpointSurvivesACrash() throws Exception {
        Path data = tmp.resolve("data");
        Path conf = writeConfig(tmp.resolve("durable.conf"),
                "stats_durability = checkpoint   # beyond PostgreSQL", "stats_checkpoint_interval = 1");
        ServerProcess first = start(data, "first.log", "--config", conf.toString());
        PidFile pf = first.awaitReady();
        assertThat(sendFromAnotherJvm(data, 3).exitCode()).isZero();
        assertThat(insertedNow(data)).isEqualTo(3);

        // a checkpoint that began after the datagram was applied: two more than now reported
        DataDirectory dir = new DataDirectory(data);
        long seen = ServerProcess.status(dir).orElseThrow().number("checkpoints");
        first.await("two more checkpoints", () -> ServerProcess.status(dir)
                .map(s -> s.number("checkpoints") >= seen + 2).orElse(false));
        assertThat(data.resolve("pg_stat/db_5.stat")).exists();
        assertThat(data.resolve("pg_stat_tmp/db_5.stat")).as("checkpoints keep the readers' files").exists();

        long collector = pf.collectorPid();
        PosixSignals.send(collector, PosixSignals.SIGSTOP);
        first.process.destroyForcibly();
        first.awaitExit();
        PosixSignals.send(collector, PosixSignals.SIGKILL);
        ServerProcess.awaitDead(collector);

        ServerProcess second = start(data, "second.log", "--config", conf.toString());
        second.awaitReady();
        assertThat(second.log()).contains("did not shut down cleanly",
                "stats_durability = checkpoint: keeping the statistics written at");
        assertThat(second.log()).doesNotContain("statistics were reset");
        assertThat(sendFromAnotherJvm(data, 1).exitCode()).isZero();
        assertThat(insertedNow(data)).isEqualTo(3 + 1);
    }
}
