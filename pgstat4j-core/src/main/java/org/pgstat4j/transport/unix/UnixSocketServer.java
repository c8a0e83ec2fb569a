package org.pgstat4j.transport.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A listening Unix-domain stream socket at a file system path, owner-only (mode 0600).
 *
 * <p>Invariants: nobody can connect before the file is 0600, because the mode is set between
 * {@code bind} and {@code listen} and a socket that does not listen refuses every connect. A
 * thread blocked in {@link #accept()} returns (with {@link AsynchronousCloseException}) when
 * another thread calls {@link #close()}: close shuts the socket down, which wakes the waiting
 * {@code poll}, and the descriptor itself is closed only once that thread has left the call.
 * The server removes its socket file on close; it never removes a file it did not create, so
 * an existing file at the path (a running server's, or a stale one) makes {@link #bind} fail
 * and is the caller's to judge.
 */
public final class UnixSocketServer implements AutoCloseable {
    private static final int BACKLOG = 16;
    /** Upper bound of one wait in accept; close wakes it sooner, this is only a safety net. */
    private static final int POLL_SLICE_MILLIS = 1000;

    private final Path path;
    private final NativeFd handle;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UnixSocketServer(Path path, int fd) {
        this.path = path;
        this.handle = new NativeFd(fd, true);
    }

    /** Creates the socket file at {@code path} with mode 0600 and listens on it. */
    public static UnixSocketServer bind(Path path) throws IOException {
        LinuxAbi.requireSupported();
        Path absolute = path.toAbsolutePath();
        try (Arena arena = Arena.ofConfined()) {
            UnixAddress address = UnixAddress.of(absolute, arena);
            MemorySegment cs = Libc.newCallState(arena);
            // Non-blocking, so a connection that vanishes between poll and accept cannot block us.
            int fd = Libc.socket(cs, LinuxAbi.AF_UNIX,
                    LinuxAbi.SOCK_STREAM | LinuxAbi.SOCK_NONBLOCK | LinuxAbi.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw Libc.error("socket(AF_UNIX)", cs);
            }
            boolean bound = false;
            try {
                if (Libc.bind(cs, fd, address.sockaddr(), address.length()) < 0) {
                    int errno = Libc.errno(cs);
                    if (errno == LinuxAbi.EADDRINUSE) {
                        throw new IOException("bind to " + absolute + ": the file already exists (another server may"
                                + " be using it; if none is running, remove the file)");
                    }
                    throw Libc.error("bind to " + absolute, errno);
                }
                bound = true;
                Files.setPosixFilePermissions(absolute,
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
                if (Libc.listen(cs, fd, BACKLOG) < 0) {
                    throw Libc.error("listen on " + absolute, cs);
                }
                return new UnixSocketServer(absolute, fd);
            } catch (IOException | RuntimeException e) {
                Libc.close(cs, fd);
                if (bound) {
                    Files.deleteIfExists(absolute);
                }
                throw e;
            }
        }
    }

    /** The socket file. */
    public Path path() {
        return path;
    }

    /**
     * Waits for the next connection and returns it.
     *
     * @throws AsynchronousCloseException if the server was closed while waiting
     * @throws ClosedChannelException if the server was already closed
     * @throws IOException for any other failure of poll or accept (e.g. too many open files);
     *     the server stays usable
     */
    public UnixConnection accept() throws IOException {
        boolean waited = false;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            MemorySegment pollfd = arena.allocate(LinuxAbi.POLLFD);
            while (true) {
                int fd = handle.acquire();
                if (fd < 0) {
                    throw waited ? new AsynchronousCloseException() : new ClosedChannelException();
                }
                try {
                    waited = true;
                    pollfd.set(ValueLayout.JAVA_INT, LinuxAbi.POLLFD_FD, fd);
                    pollfd.set(ValueLayout.JAVA_SHORT, LinuxAbi.POLLFD_EVENTS, LinuxAbi.POLLIN);
                    pollfd.set(ValueLayout.JAVA_SHORT, LinuxAbi.POLLFD_REVENTS, (short) 0);
                    int ready = Libc.poll(cs, pollfd, 1, POLL_SLICE_MILLIS);
                    if (ready < 0 && Libc.errno(cs) != LinuxAbi.EINTR) {
                        throw Libc.error("poll", cs);
                    }
                    if (ready <= 0 || !handle.isOpen()) {
                        continue; // timeout, signal, or closed meanwhile: look again
                    }
                    int connection = Libc.accept4(cs, fd, MemorySegment.NULL, MemorySegment.NULL,
                            LinuxAbi.SOCK_CLOEXEC);
                    if (connection >= 0) {
                        return new UnixConnection(connection);
                    }
                    int errno = Libc.errno(cs);
                    boolean retry = errno == LinuxAbi.EAGAIN || errno == LinuxAbi.EINTR
                            || errno == LinuxAbi.ECONNABORTED
                            || (errno == LinuxAbi.EINVAL && !handle.isOpen()); // shut down by close()
                    if (!retry) {
                        throw Libc.error("accept on " + path, errno);
                    }
                } finally {
                    handle.release();
                }
            }
        }
    }

    public boolean isOpen() {
        return handle.isOpen();
    }

    /** Stops listening, wakes a thread in {@link #accept()}, and removes the socket file. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            try {
                Files.deleteIfExists(path);
            } finally {
                handle.close();
            }
        }
    }

    @Override
    public String toString() {
        return "UnixSocketServer[" + path + ", " + handle + "]";
    }
}
