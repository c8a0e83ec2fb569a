package org.pgstat4j.postmaster;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.pgstat4j.transport.unix.FdPassing;
import org.pgstat4j.transport.unix.Libc;
import org.pgstat4j.transport.unix.ReceivedFd;
import org.pgstat4j.transport.unix.UnixConnection;
import org.pgstat4j.transport.unix.UnixSocketClient;

/**
 * Requests to a running server over its control socket {@code DIR/.s.PGSTAT}
 * ({@link AttachService}): connect, take the attach reply (closing any descriptor in it), send
 * one {@code request=NAME} frame, read the acknowledgement. A signal can be ignored (a server
 * started under {@code nohup} inherits SIGHUP ignored) and says nothing back; this answers, so
 * a request that was not carried out fails loudly.
 *
 * <p>The one way to misuse it: taking a returned acknowledgement as the request's effect. The
 * server has queued the request; a reload's new settings apply on its next loop.
 */
public final class ServerControl {
    static final String RELOAD = "reload";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ServerControl() {
    }

    /**
     * Asks the server of {@code dataDir} to re-read its settings.
     *
     * @throws IOException if no server answers, or it refused; the message says which
     */
    public static void reload(Path dataDir) throws IOException {
        request(new DataDirectory(dataDir), RELOAD);
    }

    private static void request(DataDirectory dir, String name) throws IOException {
        try (UnixConnection c = UnixSocketClient.connect(dir.attachSocket())) {
            c.setTimeout(TIMEOUT);
            Map<String, String> reply = frame(c.receiveFd(FdPassing.MAX_PAYLOAD));
            if (AttachReply.REFUSED.equals(reply.get("status"))) {
                throw new IOException("the pgstat4j server on data directory \"" + dir.root() + "\" refused: "
                        + reply.getOrDefault("message", ""));
            }
            c.sendWithoutFd(AttachReply.encode(Map.of("protocol", AttachReply.PROTOCOL, "request", name)));
            Map<String, String> ack = frame(c.receiveFd(FdPassing.MAX_PAYLOAD));
            if (!AttachReply.OK.equals(ack.get("status"))) {
                throw new IOException("the pgstat4j server on data directory \"" + dir.root() + "\" did not accept the "
                        + name + " request: " + ack.getOrDefault("message", ""));
            }
        } catch (EOFException e) {
            throw new IOException("the pgstat4j server on data directory \"" + dir.root()
                    + "\" closed the control connection without an answer (is it older than this client?)", e);
        }
    }

    private static Map<String, String> frame(ReceivedFd f) throws IOException {
        if (f.fd() >= 0) {
            Libc.closeFd(f.fd());
        }
        return KeyValues.parse(new String(f.payload(), StandardCharsets.UTF_8));
    }
}
