package org.pgstat4j.server.sql;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * One listener's accept loop, on a platform thread of its own: each accepted connection
 * takes a connection slot of the {@link PgWireServer} and gets a {@link PgConnection} on a
 * platform thread; beyond the slots it is refused at once with FATAL 53300, without a thread
 * and without blocking the loop.
 *
 * <p>Invariant: failing accepts (EMFILE: too many open files, and the like) never flood the
 * log nor spin: the first is logged, later ones at most once per {@link #LOG_INTERVAL_NANOS}
 * with the number left unsaid, and each makes the loop wait longer, up to a second, until an
 * accept succeeds again.
 */
final class AcceptLoop {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.server.sql");
    static final long LOG_INTERVAL_NANOS = 10_000_000_000L;
    private static final long MAX_BACKOFF_MILLIS = 1_000;

    private final PgWireServer server;
    private final ServerSocketChannel listener;
    private final boolean isTcp;
    private long lastLog = System.nanoTime() - LOG_INTERVAL_NANOS;
    private long unsaid;
    private long backoffMillis;

    private AcceptLoop(PgWireServer server, ServerSocketChannel listener, boolean isTcp) {
        this.server = server;
        this.listener = listener;
        this.isTcp = isTcp;
    }

    /** Starts accepting on {@code listener} until it is closed; returns the loop's thread. */
    static Thread start(PgWireServer server, ServerSocketChannel listener, boolean isTcp) {
        AcceptLoop loop = new AcceptLoop(server, listener, isTcp);
        return Thread.ofPlatform().daemon(true).name("pgstat4j-sql-accept-" + (isTcp ? "tcp" : "unix"))
                .start(loop::run);
    }

    private void run() {
        while (!server.isClosed()) {
            try {
                SocketChannel ch = listener.accept();
                backoffMillis = 0;
                if (!server.openConnection()) {
                    refuse(ch);
                    continue;
                }
                try {
                    if (isTcp) {
                        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    }
                    PgConnection c = new PgConnection(server, ch, isTcp ? null : server.peer(ch));
                    Thread.ofPlatform().daemon(true).name("pgstat4j-sql-session").start(c);
                } catch (IOException | RuntimeException | OutOfMemoryError e) {
                    server.closeConnection();
                    PgWireServer.closeQuietly(ch);
                    throw e;
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                if (server.isClosed()) {
                    return;
                }
                failed(e);
            }
        }
    }

    private void failed(Throwable e) {
        long now = System.nanoTime();
        if (now - lastLog >= LOG_INTERVAL_NANOS) {
            LOG.log(System.Logger.Level.WARNING, "could not accept a SQL connection: " + e.getMessage()
                    + (unsaid > 0 ? " (and " + unsaid + " more failures since the last report)" : ""));
            lastLog = now;
            unsaid = 0;
        } else {
            unsaid++;
        }
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, Math.max(10, backoffMillis * 2));
        try {
            Thread.sleep(backoffMillis);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /** FATAL 53300 without blocking: the error fits the socket's send buffer, or is dropped. */
    private static void refuse(SocketChannel ch) {
        try (ch) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            BackendWriter w = new BackendWriter(bytes);
            w.error(PgError.fatal(PgError.TOO_MANY_CONNECTIONS, "sorry, too many clients already"));
            w.flush();
            ch.configureBlocking(false);
            ch.write(ByteBuffer.wrap(bytes.toByteArray()));
            ch.shutdownOutput();
            // Read what the client already sent, so that closing does not reset the connection
            // before the client has read the error.
            ch.read(ByteBuffer.allocate(FrontendReader.MAX_STARTUP_PACKET_LENGTH));
        } catch (IOException ignored) {
            // the client is gone; nothing to tell it
        }
    }
}
