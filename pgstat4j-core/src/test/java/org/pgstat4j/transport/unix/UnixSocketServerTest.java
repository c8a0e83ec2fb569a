package org.pgstat4j.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketServerTest {
    @TempDir
    Path dir;

    @Test
    void socketFileIsOwnerOnly() throws IOException {
        Path path = dir.resolve(".s.PGSTAT");
        try (UnixSocketServer server = UnixSocketServer.bind(path)) {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            assertThat(mode & 0170000).as("file type is socket").isEqualTo(0140000);
            assertThat(mode & 07777).as("permission bits").isEqualTo(0600);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
            assertThat(server.path()).isEqualTo(path.toAbsolutePath());
        }
    }

    @Test
    void clientAndServerExchangeAFrame() throws Exception {
        Path path = dir.resolve("s");
        try (UnixSocketServer server = UnixSocketServer.bind(path)) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (UnixConnection client = UnixSocketClient.connect(path)) {
                    ReceivedFd frame = client.receiveFd(100);
                    return (frame.hasFd() ? "fd:" : "nofd:") + new String(frame.payload(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (UnixConnection accepted = server.accept()) {
                accepted.sendWithoutFd("hello".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(received.get(TestSockets.LIVENESS_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo("nofd:hello");
        }
    }

    @Test
    void closeFromAnotherThreadEndsABlockedAccept() throws Exception {
        UnixSocketServer server = UnixSocketServer.bind(dir.resolve("s"));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread acceptor = Thread.ofPlatform().start(() -> {
            started.countDown();
            try {
                UnixConnection unexpected = server.accept();
                unexpected.close();
                outcome.set(new AssertionError("accept returned a connection"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        started.await();
        Thread.sleep(200); // give it time to block in poll; the assertion holds either way
        server.close();
        acceptor.join(TestSockets.LIVENESS_MILLIS);
        assertThat(acceptor.isAlive()).as("accept still blocked after close").isFalse();
        assertThat(outcome.get()).isInstanceOf(ClosedChannelException.class);
        assertThat(server.isOpen()).isFalse();
    }

    @Test
    void acceptAfterCloseIsRefused() throws IOException {
        UnixSocketServer server = UnixSocketServer.bind(dir.resolve("s"));
        server.close();
        server.close(); // idempotent
        assertThatThrownBy(server::accept).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void closeRemovesTheFileAndRefusesNewClients() throws IOException {
        Path path = dir.resolve("s");
        UnixSocketServer.bind(path).close();
        assertThat(path).doesNotExist();
        assertThatThrownBy(() -> UnixSocketClient.connect(path))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("connect to " + path.toAbsolutePath() + ": ")
                .hasMessageEndingWith("(errno " + LinuxAbi.ENOENT + ")");
    }

    @Test
    void anExistingFileIsNeverTakenOver() throws IOException {
        Path path = dir.resolve("s");
        try (UnixSocketServer first = UnixSocketServer.bind(path)) {
            assertThatThrownBy(() -> UnixSocketServer.bind(path))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(path.toAbsolutePath().toString())
                    .hasMessageContaining("already exists");
            // the first server is untouched: its file still accepts clients
            try (UnixConnection c = UnixSocketClient.connect(path); UnixConnection a = first.accept()) {
                assertThat(a.peerCredentials().pid()).isEqualTo(Libc.getpid());
            }
        }
    }

    @Test
    void tooLongPathIsRefusedWithTheLimit() {
        Path path = dir.resolve("x".repeat(120));
        assertThatThrownBy(() -> UnixSocketServer.bind(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shorter than 108 bytes");
        assertThat(path).doesNotExist();
    }

    @Test
    void receiveTimeoutBoundsASilentPeer() throws IOException {
        Path path = dir.resolve("s");
        try (UnixSocketServer server = UnixSocketServer.bind(path);
                UnixConnection client = UnixSocketClient.connect(path);
                UnixConnection silent = server.accept()) {
            client.setTimeout(Duration.ofMillis(100));
            assertThatThrownBy(() -> client.receiveFd(10)).isInstanceOf(SocketTimeoutException.class);
            assertThat(silent.isOpen()).isTrue();
        }
    }

    @Test
    void closingAConnectionWakesItsReceiver() throws Exception {
        Path path = dir.resolve("s");
        try (UnixSocketServer server = UnixSocketServer.bind(path);
                UnixConnection client = UnixSocketClient.connect(path);
                UnixConnection silent = server.accept()) {
            CompletableFuture<Throwable> receiver = CompletableFuture.supplyAsync(() -> {
                try {
                    client.receiveFd(10);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            Thread.sleep(200); // let it block in recvmsg; the assertion holds either way
            client.close();
            Throwable t = receiver.get(TestSockets.LIVENESS_MILLIS, TimeUnit.MILLISECONDS);
            assertThat(t).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> client.receiveFd(10)).isInstanceOf(ClosedChannelException.class);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }
}
