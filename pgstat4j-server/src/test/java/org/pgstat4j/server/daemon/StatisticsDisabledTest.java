package org.pgstat4j.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.daemon.DaemonTestSupport.ctl;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.postmaster.PidFile;
import org.pgstat4j.postmaster.StatsClient;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.Wire;

/**
 * DESIGN.md §4: the server starts whatever happens to the statistics socket. With a socket
 * that cannot be made (the hidden --stats-host names a host that does not resolve) it runs
 * with statistics disabled, starts no collector, says so in its log and in ctl status, and
 * attached clients get a sender that drops.
 */
class StatisticsDisabledTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final ServerFixture servers = new ServerFixture();

    private ServerProcess server;

    @Test
    void withoutAWorkingSocketTheServerRunsWithStatisticsDisabled() throws Exception {
        Path data = tmp.resolve("data");
        server = servers.start(data, tmp.resolve("server.log"), "--stats-host", "no-such-host.invalid");
        PidFile pf = server.awaitReady();
        assertThat(pf.statisticsDisabled()).isTrue();
        assertThat(pf.collectorPid()).isZero();
        server.awaitLog("pgstat4j server is ready, with statistics disabled");
        assertThat(server.log()).contains("could not resolve \"localhost\"",
                "LOG:  disabling statistics collector for lack of working socket",
                "pgstat4j server is ready, with statistics disabled");
        assertThat(ProcessHandle.of(server.pid()).orElseThrow().children().count()).as("no collector child").isZero();

        DaemonTestSupport.Result status = ctl("status", "-D", data.toString());
        assertThat(status.exitCode()).isZero();
        assertThat(status.output()).contains("server is running", "statistics: disabled");

        try (StatsClient client = StatsClient.attach(data)) {
            assertThat(client.isEnabled()).isFalse();
            ByteBuffer b = Wire.newBuffer();
            MessageCodec.encode(new TabStatMessage(5, 1, 0, 0, 0, 0, 0, 0, java.util.List.of()), b);
            assertThat(client.sender().send(b)).isFalse();
            assertThat(client.sender().droppedCount()).isEqualTo(1);
        }

        DaemonTestSupport.Result stop = ctl("stop", "-D", data.toString());
        assertThat(stop.exitCode()).as(stop.output()).isZero();
        assertThat(server.awaitExit()).isZero();
    }
}
