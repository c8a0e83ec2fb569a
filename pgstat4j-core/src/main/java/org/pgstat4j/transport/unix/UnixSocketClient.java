package org.pgstat4j.transport.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Connects to a {@link UnixSocketServer}'s socket file.
 *
 * <p>The kernel checks write permission on the socket file (and search permission on its
 * directories) at connect time, so a server whose file is 0600 can be reached only by its own
 * user (and root); the error then says "Permission denied".
 */
public final class UnixSocketClient {
    private UnixSocketClient() {
    }

    /** A connection to the server listening at {@code path}. */
    public static UnixConnection connect(Path path) throws IOException {
        LinuxAbi.requireSupported();
        try (Arena arena = Arena.ofConfined()) {
            UnixAddress address = UnixAddress.of(path, arena);
            MemorySegment cs = Libc.newCallState(arena);
            int fd = Libc.socket(cs, LinuxAbi.AF_UNIX, LinuxAbi.SOCK_STREAM | LinuxAbi.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw Libc.error("socket(AF_UNIX)", cs);
            }
            UnixConnection connection = new UnixConnection(fd);
            try {
                int rc;
                do {
                    rc = Libc.connect(cs, fd, address.sockaddr(), address.length());
                } while (rc < 0 && Libc.errno(cs) == LinuxAbi.EINTR);
                if (rc < 0) {
                    throw Libc.error("connect to " + path.toAbsolutePath(), cs);
                }
                return connection;
            } catch (IOException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
    }
}
