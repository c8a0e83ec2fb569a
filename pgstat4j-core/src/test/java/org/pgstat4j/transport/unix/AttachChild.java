package org.pgstat4j.transport.unix;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The other process of {@link AttachChildProcessTest}: connects to the server's socket file,
 * receives the statistics socket and either sends one datagram on it (an attached client) or
 * drains one datagram from it (a collector). Reports on stdout; exit status 0 on success.
 *
 * <p>Usage: {@code AttachChild send|receive <socket path> <text>}
 */
public final class AttachChild {
    private AttachChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path socketPath = Path.of(args[1]);
        String text = args[2];
        ReceivedFd frame;
        try (UnixConnection connection = UnixSocketClient.connect(socketPath)) {
            connection.setTimeout(Duration.ofSeconds(30));
            frame = connection.receiveFd(256);
        }
        System.out.println("payload=" + new String(frame.payload(), StandardCharsets.UTF_8));
        if (!frame.hasFd()) {
            System.out.println("no descriptor");
            System.exit(2);
        }
        switch (mode) {
            case "send" -> {
                try (RawDatagramSender sender = new RawDatagramSender(frame.fd())) {
                    String datagram = text + " from pid " + ProcessHandle.current().pid();
                    boolean sent = sender.send(ByteBuffer.wrap(datagram.getBytes(StandardCharsets.UTF_8)));
                    System.out.println("sent=" + sent + " dropped=" + sender.droppedCount());
                    System.exit(sent ? 0 : 3);
                }
            }
            case "receive" -> {
                try (RawDatagramReceiver receiver = new RawDatagramReceiver(frame.fd())) {
                    if (!receiver.awaitReadable(30_000)) {
                        System.out.println("nothing to receive");
                        System.exit(4);
                    }
                    ByteBuffer into = ByteBuffer.allocate(1000);
                    int n = receiver.receive(into);
                    System.out.println("received=" + new String(into.array(), 0, Math.max(n, 0), StandardCharsets.UTF_8));
                    System.exit(n >= 0 ? 0 : 5);
                }
            }
            default -> {
                System.out.println("unknown mode " + mode);
                System.exit(1);
            }
        }
    }
}
