package org.pgstat4j.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with a real second JVM, as the server shares its statistics socket with an
 * attached client or a collector process (DESIGN.md §1): the child connects to the socket
 * file, the server learns its pid and uid from the kernel and passes the socket's descriptor.
 */
class AttachChildProcessTest {
    @TempDir
    Path dir;

    private DatagramChannel stats;
    private int statsFd;
    private UnixSocketServer server;
    private Process child;

    @BeforeEach
    void setUp() throws IOException {
        stats = TestSockets.selfConnectedChannel();
        statsFd = DatagramChannelFd.duplicate(stats);
        server = UnixSocketServer.bind(dir.resolve(".s.PGSTAT"));
    }

    @AfterEach
    void tearDown() throws IOException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
        server.close();
        Libc.closeFd(statsFd);
        stats.close();
    }

    /**
     * An attached process sends through the passed descriptor, and its datagram reaches the
     * server's channel — while a datagram from an unrelated socket to the same port does not,
     * because the socket is connected to itself (spec §2.2).
     */
    @Test
    void attachedProcessSendsThroughTheSharedSocket() throws Exception {
        try (DatagramChannel stranger = DatagramChannel.open(StandardProtocolFamily.INET)) {
            stranger.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            stranger.send(TestSockets.ascii("forged"), stats.getLocalAddress());
        }
        child = startChild("send", "tabstat");
        try (UnixConnection connection = acceptChild()) {
            PeerCredentials peer = connection.peerCredentials();
            assertThat((long) peer.pid()).isEqualTo(child.pid());
            assertThat(peer.uid()).isEqualTo(Libc.geteuid());
            assertThat(peer.isSameUserAsThisProcess()).isTrue();
            connection.sendFd(statsFd, "pgstat4j 1 ok".getBytes(StandardCharsets.UTF_8));
        }
        List<String> output = finish();
        assertThat(output).contains("payload=pgstat4j 1 ok", "sent=true dropped=0");

        assertThat(TestSockets.ascii(TestSockets.receive(stats))).isEqualTo("tabstat from pid " + child.pid());
        assertThat(TestSockets.receiveNow(stats)).as("the forged datagram was filtered").isNull();
    }

    /** A collector process drains what the server's own channel queued on the shared socket. */
    @Test
    void collectorProcessDrainsTheSharedSocket() throws Exception {
        stats.write(TestSockets.ascii("queued before the collector started"));
        child = startChild("receive", "-");
        try (UnixConnection connection = acceptChild()) {
            assertThat((long) connection.peerCredentials().pid()).isEqualTo(child.pid());
            connection.sendFd(statsFd, "collector".getBytes(StandardCharsets.UTF_8));
        }
        List<String> output = finish();
        assertThat(output).contains("payload=collector", "received=queued before the collector started");
        assertThat(TestSockets.receiveNow(stats)).as("consumed once, by the child").isNull();
    }

    /** A refusal travels as a payload without a descriptor. */
    @Test
    void refusedProcessGetsAReasonAndNoDescriptor() throws Exception {
        child = startChild("send", "-");
        try (UnixConnection connection = acceptChild()) {
            connection.sendWithoutFd("refused: wrong user".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(child.waitFor(TestSockets.LIVENESS_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(2);
        assertThat(Files.readAllLines(dir.resolve("child.out"))).contains("payload=refused: wrong user", "no descriptor");
        assertThat(TestSockets.receiveNow(stats)).isNull();
    }

    private Process startChild(String mode, String text) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(java,
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                AttachChild.class.getName(), mode, server.path().toString(), text);
        builder.redirectErrorStream(true);
        builder.redirectOutput(dir.resolve("child.out").toFile());
        Process process = builder.start();
        // If the child dies before connecting, stop waiting for it.
        process.onExit().thenRun(() -> {
            try {
                server.close();
            } catch (IOException ignored) {
                // the test reports the child's output instead
            }
        });
        return process;
    }

    private UnixConnection acceptChild() throws IOException {
        try {
            return server.accept();
        } catch (IOException e) {
            throw new AssertionError("child did not connect; its output: " + childOutput(), e);
        }
    }

    private List<String> finish() throws Exception {
        boolean exited = child.waitFor(TestSockets.LIVENESS_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(exited).as("child exited; output: %s", childOutput()).isTrue();
        assertThat(child.exitValue()).as("child exit status; output: %s", childOutput()).isZero();
        return Files.readAllLines(dir.resolve("child.out"));
    }

    private String childOutput() {
        try {
            return Files.readString(dir.resolve("child.out"));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
