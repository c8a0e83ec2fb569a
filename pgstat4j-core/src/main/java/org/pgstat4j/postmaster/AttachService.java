package org.pgstat4j.postmaster;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.pgstat4j.transport.StatsSocket;
import org.pgstat4j.transport.unix.DatagramChannelFd;
import org.pgstat4j.transport.unix.FdPassing;
import org.pgstat4j.transport.unix.ReceivedFd;
import org.pgstat4j.transport.unix.Libc;
import org.pgstat4j.transport.unix.PeerCredentials;
import org.pgstat4j.transport.unix.UnixConnection;
import org.pgstat4j.transport.unix.UnixSocketServer;

/**
 * Hands the statistics socket to processes of the server's own user: listens on
 * {@code DIR/.s.PGSTAT} (mode 0600) and answers each connection with one
 * {@link AttachReply} — the socket's descriptor ({@code SCM_RIGHTS}) for the collector child
 * and for attached clients ({@link StatsClient}), or a refusal.
 *
 * <p>Invariant (DESIGN.md §4): a descriptor goes only to a peer whose effective uid, as the
 * kernel reports it ({@code SO_PEERCRED}), is the server's own; the file mode keeps others out
 * first, and this check holds even when the modes have been loosened. Every refusal is told to
 * the peer and logged. With statistics disabled the service still answers, with status
 * {@code disabled}, so that clients run with a dropping sender instead of failing.
 *
 * <p>The same socket carries control requests: after its reply the service reads one optional
 * frame from the peer (an attaching process just closes the connection). {@code request=reload}
 * — what {@code pgstat4j ctl reload} sends ({@link ServerControl}) — queues a reload and is
 * acknowledged, so a reload works even when the server cannot catch SIGHUP. A refused peer gets
 * the refusal and nothing else: no directory, no setting.
 *
 * <p>One accept thread; replies are small and every send and receive is bounded by a timeout,
 * so a stuck peer cannot hold it for long.
 *
 * <p>The one way to misuse it: starting it outside a {@link Postmaster} that holds the data
 * directory's lock file. The lock is what makes {@code DIR/.s.PGSTAT} this server's; without
 * it two services can fight over the path.
 */
public final class AttachService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.postmaster");
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);

    private final DataDirectory dir;
    private final StatsSocket socket;
    private final Supplier<ServerSettings> settings;
    private final UnixSocketServer server;
    /** Our own duplicate of the statistics socket, or -1 when statistics are disabled. */
    private final int statsFd;
    private final int euid = Libc.geteuid();
    private final Thread thread;
    private final AtomicLong granted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile Runnable onReload;

    private AttachService(DataDirectory dir, StatsSocket socket, Supplier<ServerSettings> settings,
                          UnixSocketServer server, int statsFd) {
        this.dir = dir;
        this.socket = socket;
        this.settings = settings;
        this.server = server;
        this.statsFd = statsFd;
        this.thread = Thread.ofPlatform().name("pgstat4j-attach").daemon(true).unstarted(this::acceptLoop);
    }

    /**
     * Listens on {@code DIR/.s.PGSTAT}. A file left there by a server that did not stop cleanly
     * is removed first: the caller holds the lock file, so no live server owns it.
     */
    public static AttachService start(DataDirectory dir, StatsSocket socket, Supplier<ServerSettings> settings)
            throws IOException {
        Files.deleteIfExists(dir.attachSocket());
        int fd = socket.isEnabled() ? DatagramChannelFd.duplicate(socket.channel()) : -1;
        UnixSocketServer server;
        try {
            server = UnixSocketServer.bind(dir.attachSocket());
        } catch (IOException | RuntimeException e) {
            if (fd >= 0) {
                Libc.closeFd(fd);
            }
            throw e;
        }
        AttachService s = new AttachService(dir, socket, settings, server, fd);
        s.thread.start();
        return s;
    }

    /** What a {@code request=reload} frame does (the server queues a reload). */
    void onReloadRequest(Runnable action) {
        this.onReload = action;
    }

    /** Descriptors handed out so far. */
    public long grantedCount() {
        return granted.get();
    }

    /** Connections refused so far (wrong user). */
    public long refusedCount() {
        return refused.get();
    }

    private void acceptLoop() {
        while (true) {
            UnixConnection c;
            try {
                c = server.accept();
            } catch (ClosedChannelException e) { // includes AsynchronousCloseException: closed while waiting
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not accept a connection on \"" + dir.attachSocket() + "\": "
                        + e.getMessage());
                pause();
                continue;
            }
            try (c) {
                answer(c);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.INFO, "could not answer a process attaching to the statistics socket: " + e.getMessage());
            }
        }
    }

    private void answer(UnixConnection c) throws IOException {
        c.setTimeout(PEER_TIMEOUT);
        PeerCredentials peer = c.peerCredentials();
        ServerSettings now = settings.get();
        if (peer.uid() != euid) {
            refused.incrementAndGet();
            String why = "user with uid " + peer.uid() + " may not attach to the pgstat4j server on data directory \""
                    + dir.root() + "\": only its owner (uid " + euid + ") may";
            LOG.log(Level.INFO, "refused to hand the statistics socket to process " + peer.pid() + " (uid "
                    + peer.uid() + "): only uid " + euid + ", the server's user, may attach");
            c.sendWithoutFd(AttachReply.encode(AttachReply.refusal(why)));
            return;
        }
        if (statsFd < 0) {
            c.sendWithoutFd(AttachReply.encode(AttachReply.lines(AttachReply.DISABLED,
                    "statistics are disabled: the server has no working statistics socket", dir, now, null, 0)));
        } else {
            var address = socket.address();
            c.sendFd(statsFd, AttachReply.encode(AttachReply.lines(AttachReply.OK, null, dir, now,
                    address.getAddress().getHostAddress(), address.getPort())));
            granted.incrementAndGet();
            LOG.log(Level.DEBUG, "handed the statistics socket to process " + peer.pid());
        }
        serveRequest(c, peer);
    }

    /** The optional control frame after the reply; end of file (an attaching process) ends it. */
    private void serveRequest(UnixConnection c, PeerCredentials peer) throws IOException {
        ReceivedFd frame;
        try {
            frame = c.receiveFd(FdPassing.MAX_PAYLOAD);
        } catch (EOFException e) {
            return;
        }
        if (frame.fd() >= 0) {
            Libc.closeFd(frame.fd()); // nobody sends us descriptors
        }
        String request = KeyValues.parse(new String(frame.payload(), StandardCharsets.UTF_8))
                .getOrDefault("request", "");
        Runnable reload = onReload;
        if (ServerControl.RELOAD.equals(request) && reload != null) {
            reload.run();
            c.sendWithoutFd(AttachReply.encode(java.util.Map.of("protocol", AttachReply.PROTOCOL,
                    "status", AttachReply.OK, "message", "reload requested")));
        } else {
            LOG.log(Level.INFO, "unknown request \"" + request + "\" from process " + peer.pid() + " on \""
                    + dir.attachSocket() + "\"");
            c.sendWithoutFd(AttachReply.encode(java.util.Map.of("protocol", AttachReply.PROTOCOL,
                    "status", AttachReply.REFUSED, "message", "unknown request \"" + request + "\"")));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100); // e.g. out of descriptors: do not spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops listening (removing the socket file) and closes our descriptor of the statistics socket. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(Level.INFO, "could not remove \"" + dir.attachSocket() + "\": " + e.getMessage());
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (statsFd >= 0) {
            try {
                Libc.closeFd(statsFd);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the attach descriptor: " + e.getMessage());
            }
        }
    }
}
