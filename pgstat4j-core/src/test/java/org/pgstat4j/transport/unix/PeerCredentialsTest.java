package org.pgstat4j.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SO_PEERCRED within one process; the cross-process case is in {@link AttachChildProcessTest}. */
class PeerCredentialsTest {
    @TempDir
    Path dir;

    @Test
    void bothEndsSeeThisProcess() throws IOException {
        Path path = dir.resolve("s");
        try (UnixSocketServer server = UnixSocketServer.bind(path);
                UnixConnection client = UnixSocketClient.connect(path);
                UnixConnection accepted = server.accept()) {
            // Compared with the kernel's own report in /proc, not with our other native calls.
            String[] uid = statusLine("Uid:");
            String[] gid = statusLine("Gid:");
            PeerCredentials expected = new PeerCredentials((int) ProcessHandle.current().pid(),
                    Integer.parseInt(uid[2]), Integer.parseInt(gid[2]));
            assertThat(accepted.peerCredentials()).isEqualTo(expected);
            assertThat(client.peerCredentials()).isEqualTo(expected);
            assertThat(PeerCredentials.of(accepted.fd())).isEqualTo(expected);
            assertThat(accepted.peerCredentials().isSameUserAsThisProcess()).isTrue();
        }
    }

    @Test
    void socketpairRecordsCredentialsAndABadDescriptorFails() throws IOException {
        int[] pair = TestSockets.socketPair(LinuxAbi.SOCK_DGRAM);
        try {
            assertThat(PeerCredentials.of(pair[0]).pid()).isEqualTo(Libc.getpid());
        } finally {
            Libc.closeFd(pair[0]);
            Libc.closeFd(pair[1]);
        }
        assertThatThrownBy(() -> PeerCredentials.of(-1))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("getsockopt(SO_PEERCRED): ");
    }

    private static String[] statusLine(String key) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith(key)).findFirst().orElseThrow().split("\\s+");
    }
}
