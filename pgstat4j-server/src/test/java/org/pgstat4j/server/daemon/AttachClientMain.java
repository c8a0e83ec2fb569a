package org.pgstat4j.server.daemon;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.pgstat4j.postmaster.AttachRefusedException;
import org.pgstat4j.postmaster.StatsClient;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.Wire;

/**
 * A second JVM that attaches to a running server and sends one TABSTAT: {@code n} tuples
 * inserted into table {@code rel} of database {@code db}, in one committed transaction.
 * Prints what happened; exit status 0 sent, 2 refused, 3 any other failure, 4 not sent.
 *
 * <p>Usage: {@code AttachClientMain DIR db rel n}
 */
public final class AttachClientMain {
    private AttachClientMain() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int db = Integer.parseInt(args[1]);
        int rel = Integer.parseInt(args[2]);
        long n = Long.parseLong(args[3]);
        try (StatsClient client = StatsClient.attach(dir)) {
            System.out.println("enabled=" + client.isEnabled() + " server_pid=" + client.serverPid());
            ByteBuffer b = Wire.newBuffer();
            MessageCodec.encode(new TabStatMessage(db, 1, 0, 0, 0, 0, 0, 0,
                    List.of(new TableEntry(rel, 0, 0, 0, n, 0, 0, 0, false, n, 0, n, 0, 0))), b);
            boolean sent = client.sender().send(b);
            System.out.println("sent=" + sent);
            System.out.flush();
            System.exit(sent ? 0 : 4);
        } catch (AttachRefusedException e) {
            System.out.println("refused: " + e.getMessage());
            System.out.flush();
            System.exit(2);
        } catch (Exception e) {
            System.out.println("error: " + e);
            System.out.flush();
            System.exit(3);
        }
    }
}
