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
import org.pgstat4j.postmaster.StatsClient;

/**
 * SIGHUP (through ctl reload): valid settings are applied by the server and forwarded to the
 * collector child; a file with errors is refused line by line and the old settings stay, as
 * PostgreSQL does.
 */
class ReloadTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final ServerFixture servers = new ServerFixture();

    private ServerProcess server;

    @Test
    void reloadAppliesAValidFileEverywhereAndKeepsOldSettingsOnErrors() throws Exception {
        Path data = tmp.resolve("data");
        Path conf = writeConfig(tmp.resolve("pgstat4j.conf"), "track_functions = none");
        server = servers.start(data, tmp.resolve("server.log"), "--config", conf.toString());
        server.awaitReady();

        writeConfig(conf, "track_functions = 'all'", "stats_temp_directory = 'alt_tmp'  # on a RAM disk, say");
        DaemonTestSupport.Result reload = ctl("reload", "-D", data.toString());
        assertThat(reload.exitCode()).as(reload.output()).isZero();
        assertThat(reload.output()).contains("server signaled");
        server.awaitLog("parameter \"stats_temp_directory\" changed to \"alt_tmp\"");
        assertThat(server.log()).contains("LOG:  received SIGHUP, reloading configuration files",
                "parameter \"track_functions\" changed to \"all\"");
        // the collector child got the SIGHUP too: it now writes where the new setting says
        server.awaitLog("statistics collector writes temporary statistics files to \"" + data.resolve("alt_tmp"));
        try (StatsClient client = StatsClient.attach(data)) {
            assertThat(client.files().tempDir()).isEqualTo(data.resolve("alt_tmp"));
            assertThat(client.settings().trackFunctions().name()).isEqualTo("ALL");
        }
        assertThat(sendFromAnotherJvm(data, 3).exitCode()).isZero();
        assertThat(insertedNow(data)).isEqualTo(3);
        assertThat(data.resolve("alt_tmp/db_5.stat")).exists();

        writeConfig(conf, "stats_temp_directory = 'elsewhere'", "track_counts = perhaps", "no_such_setting = 1");
        assertThat(ctl("reload", "-D", data.toString()).exitCode()).isZero();
        server.awaitLog("contains errors; no supported changes were applied");
        assertThat(server.log()).contains(
                "invalid value for parameter \"track_counts\": \"perhaps\"",
                "in file \"" + conf + "\" line 2",
                "unrecognized configuration parameter \"no_such_setting\" in file \"" + conf + "\" line 3");
        assertThat(server.log()).doesNotContain("changed to \"elsewhere\"");
        try (StatsClient client = StatsClient.attach(data)) {
            assertThat(client.files().tempDir()).isEqualTo(data.resolve("alt_tmp"));
        }
        assertThat(server.process.isAlive()).isTrue();
    }
}
