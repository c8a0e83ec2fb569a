package org.pgstat4j.postmaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.transport.ChannelFactory;
import org.pgstat4j.transport.StatsSocket;

/**
 * The attach path in one JVM: AttachService hands out the real statistics socket through
 * DIR/.s.PGSTAT, a StatsClient sends on the received descriptor, an embedded collector counts,
 * and the client's reader gets the counts from the files the reply pointed to.
 */
class StatsClientTest {
    @TempDir
    Path tmp;

    @Test
    void aClientSendsOnTheHandedOverSocketAndReadsTheCollectorsFiles() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        dir.initialise();
        ServerSettings settings = ServerSettings.DEFAULTS.withTrackIoTiming(true);
        try (StatsSocket socket = StatsSocket.open();
             AttachService attach = AttachService.start(dir, socket, () -> settings)) {
            CollectorRunner runner = CollectorRunner.onSocket(dir, settings, socket);
            Thread t = Thread.ofPlatform().start(runner);
            try (StatsClient client = StatsClient.attach(dir.root())) {
                assertThat(client.isEnabled()).isTrue();
                assertThat(client.statsAddress()).isEqualTo(socket.address());
                assertThat(client.serverPid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(client.settings()).isEqualTo(settings);
                assertThat(client.files().tempDir()).isEqualTo(dir.root().resolve("pg_stat_tmp"));
                ByteBuffer b = Wire.newBuffer();
                MessageCodec.encode(new TabStatMessage(9, 2, 1, 0, 0, 0, 0, 0,
                        List.of(new TableEntry(300, 1, 0, 0, 6, 0, 0, 0, false, 6, 0, 6, 0, 0))), b);
                assertThat(client.sender().send(b)).isTrue();

                SnapshotReader reader = client.newReader(9);
                assertThat(reader.snapshot().table(300).tuplesInserted()).isEqualTo(6);
                assertThat(reader.lastLoadWasStale()).isFalse();
                assertThat(reader.snapshot().database(9).xactCommit()).isEqualTo(2);
            } finally {
                runner.requestShutdown();
                t.join(30_000);
            }
            assertThat(attach.grantedCount()).isEqualTo(1);
            assertThat(attach.refusedCount()).isZero();
        }
        assertThat(dir.attachSocket()).doesNotExist();
    }

    @Test
    void withStatisticsDisabledTheClientAttachesWithADroppingSender() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        dir.initialise();
        StatsSocket none = StatsSocket.open(host -> {
            throw new java.net.UnknownHostException(host + ": no such host");
        }, ChannelFactory.system(), System.getLogger("test"));
        try (AttachService attach = AttachService.start(dir, none, () -> ServerSettings.DEFAULTS);
             StatsClient client = StatsClient.attach(dir.root())) {
            assertThat(client.isEnabled()).isFalse();
            assertThat(client.statsAddress()).isNull();
            assertThat(client.sender().send(Wire.newBuffer().limit(8))).isFalse();
            assertThat(client.sender().droppedCount()).isEqualTo(1);
            assertThat(attach.grantedCount()).isZero();
        }
    }

    @Test
    void withoutAServerAttachFailsSayingSo() {
        assertThatThrownBy(() -> StatsClient.attach(tmp))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(AttachRefusedException.class)
                .hasMessageContaining("could not attach to the pgstat4j server")
                .hasMessageContaining("is the server running on data directory \"" + tmp + "\"");
    }

    @Test
    void aStaleSocketFileFromACrashIsReplaced() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        dir.initialise();
        java.nio.file.Files.writeString(dir.attachSocket(), "left over");
        try (StatsSocket socket = StatsSocket.open();
             AttachService attach = AttachService.start(dir, socket, () -> ServerSettings.DEFAULTS);
             StatsClient client = StatsClient.attach(dir.root())) {
            assertThat(client.isEnabled()).isTrue();
        }
    }
}
