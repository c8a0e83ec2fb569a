package org.pgstat4j.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.daemon.DaemonTestSupport.ctl;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.postmaster.DataDirectory;

/** pg_ctl's exit statuses when there is no server to talk to: 3 not running, 4 no directory, 1 for stop/reload. */
class CtlCommandTest {
    @TempDir
    Path tmp;

    @Test
    void statusWithoutADataDirectoryExitsWith4() {
        DaemonTestSupport.Result r = ctl("status", "-D", tmp.resolve("missing").toString());
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.output()).contains("does not exist");
    }

    @Test
    void statusWithoutALockFileExitsWith3() {
        DaemonTestSupport.Result r = ctl("status", "-D", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.output()).contains("no server running");
    }

    @Test
    void aLockFileOfADeadProcessIsReportedAsAnUncleanStop() throws Exception {
        long dead = deadPid();
        Files.writeString(tmp.resolve(DataDirectory.PID_FILE),
                dead + "\n" + tmp + "\n" + 1 + "\n0\n\n0\nready\n");
        DaemonTestSupport.Result status = ctl("status", "-D", tmp.toString());
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.output()).contains("lock file of PID " + dead, "did not shut down cleanly");
        DaemonTestSupport.Result stop = ctl("stop", "-D", tmp.toString());
        assertThat(stop.exitCode()).isEqualTo(1);
        assertThat(ctl("reload", "-D", tmp.toString()).exitCode()).isEqualTo(1);
    }

    @Test
    void stopAndReloadWithoutALockFileFail() {
        DaemonTestSupport.Result stop = ctl("stop", "-D", tmp.toString());
        assertThat(stop.exitCode()).isEqualTo(1);
        assertThat(stop.output()).contains("PID file", "does not exist", "Is server running?");
        assertThat(ctl("reload", "-D", tmp.toString()).exitCode()).isEqualTo(1);
    }

    @Test
    void ctlWithoutACommandIsAUsageError() {
        assertThat(ctl().exitCode()).isEqualTo(2);
    }

    /** The PID of a process that has exited and been reaped. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
