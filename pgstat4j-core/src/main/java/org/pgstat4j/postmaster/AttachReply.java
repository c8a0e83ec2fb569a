package org.pgstat4j.postmaster;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pgstat4j.transport.unix.FdPassing;
import org.pgstat4j.transport.unix.ReceivedFd;
import org.pgstat4j.transport.unix.UnixConnection;
import org.pgstat4j.transport.unix.UnixSocketClient;

/**
 * The one frame the server sends to a process that connects to {@code DIR/.s.PGSTAT}: the
 * statistics socket's descriptor (when granted) and {@code key=value} lines saying what it is
 * and how to read statistics. Keys:
 *
 * <pre>
 * protocol             {@value #PROTOCOL}
 * status               ok (descriptor attached), disabled (no working socket) or refused
 * message              why, for disabled and refused
 * server_pid           the server's PID
 * data_directory, permanent_directory, temp_directory   where the stats files are
 * stats_address, stats_port                              the statistics socket
 * setting.NAME         every setting ({@link ServerSettings#asMap()}), e.g. setting.track_counts=on
 * </pre>
 *
 * <p>A refusal carries {@code protocol}, {@code status} and {@code message} only.
 *
 * <p>Invariant: a descriptor travels only with status {@code ok}; the client closes any that
 * comes with another status.
 */
record AttachReply(int fd, Map<String, String> values) {
    static final String PROTOCOL = "1";
    static final String OK = "ok";
    static final String DISABLED = "disabled";
    static final String REFUSED = "refused";
    private static final String SETTING = "setting.";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    String status() {
        return values.getOrDefault("status", "");
    }

    String message() {
        return values.getOrDefault("message", "");
    }

    /** The server's settings; names this version does not know are ignored. */
    ServerSettings settings() {
        ServerSettings s = ServerSettings.DEFAULTS;
        for (ServerSettings.Parameter p : ServerSettings.Parameter.values()) {
            String v = values.get(SETTING + p.settingName());
            if (v != null) {
                s = s.with(p.settingName(), v);
            }
        }
        return s;
    }

    /** A refusal: the status and why, nothing about the server. */
    static Map<String, String> refusal(String why) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("protocol", PROTOCOL);
        m.put("status", REFUSED);
        m.put("message", why);
        return m;
    }

    /** The lines of a reply with {@code status}, plus the common facts. */
    static Map<String, String> lines(String status, String message, DataDirectory dir, ServerSettings settings,
                                     String address, int port) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("protocol", PROTOCOL);
        m.put("status", status);
        if (message != null) {
            m.put("message", message);
        }
        m.put("server_pid", Long.toString(ProcessHandle.current().pid()));
        m.put("data_directory", dir.root().toString());
        m.put("permanent_directory", dir.permanentDir().toString());
        m.put("temp_directory", dir.tempDir(settings).toString());
        if (address != null) {
            m.put("stats_address", address);
            m.put("stats_port", Integer.toString(port));
        }
        settings.asMap().forEach((k, v) -> m.put(SETTING + k, v));
        return m;
    }

    static byte[] encode(Map<String, String> lines) {
        byte[] b = KeyValues.format(lines).getBytes(StandardCharsets.UTF_8);
        if (b.length > FdPassing.MAX_PAYLOAD) {
            throw new IllegalStateException("attach reply of " + b.length + " bytes exceeds " + FdPassing.MAX_PAYLOAD
                    + " (is the data directory path very long?)");
        }
        return b;
    }

    /** Connects to the server of {@code dir} and receives its reply; the caller owns {@link #fd()}. */
    static AttachReply request(DataDirectory dir) throws IOException {
        Path socket = dir.attachSocket();
        ReceivedFd frame;
        try (UnixConnection c = UnixSocketClient.connect(socket)) {
            c.setTimeout(TIMEOUT);
            frame = c.receiveFd(FdPassing.MAX_PAYLOAD);
        } catch (EOFException e) {
            throw new IOException("the pgstat4j server on data directory \"" + dir.root()
                    + "\" closed the connection without a reply", e);
        } catch (IOException e) {
            throw new IOException("could not attach to the pgstat4j server: " + e.getMessage()
                    + "; is the server running on data directory \"" + dir.root() + "\"?", e);
        }
        AttachReply reply = new AttachReply(frame.fd(),
                KeyValues.parse(new String(frame.payload(), StandardCharsets.UTF_8)));
        if (!PROTOCOL.equals(reply.values.get("protocol"))) {
            reply.closeFd();
            throw new IOException("the pgstat4j server on data directory \"" + dir.root()
                    + "\" speaks attach protocol " + reply.values.get("protocol") + ", this client " + PROTOCOL);
        }
        if (reply.fd >= 0 && !OK.equals(reply.status())) {
            reply.closeFd();
            return new AttachReply(-1, reply.values);
        }
        return reply;
    }

    void closeFd() {
        if (fd >= 0) {
            try {
                org.pgstat4j.transport.unix.Libc.closeFd(fd);
            } catch (IOException ignored) {
                // the number is released whatever close reports
            }
        }
    }
}
