package org.pgstat4j.transport.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Who is at the other end of a connected Unix-domain socket, as the kernel recorded it when
 * the connection was made ({@code SO_PEERCRED}): process id, effective user id and group id.
 *
 * <p>The kernel fills these in, so a peer cannot lie about them; this is what lets the server
 * hand the statistics socket only to processes of its own user. The pid is the one at connect
 * time: the process may have exited since.
 */
public record PeerCredentials(int pid, int uid, int gid) {

    /** The credentials of the peer of {@code unixSocketFd}, a connected AF_UNIX socket. */
    public static PeerCredentials of(int unixSocketFd) throws IOException {
        LinuxAbi.requireSupported();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            MemorySegment ucred = arena.allocate(LinuxAbi.UCRED);
            MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, (int) LinuxAbi.UCRED.byteSize());
            if (Libc.getsockopt(cs, unixSocketFd, LinuxAbi.SOL_SOCKET, LinuxAbi.SO_PEERCRED, ucred, len) < 0) {
                throw Libc.error("getsockopt(SO_PEERCRED)", cs);
            }
            if (len.get(ValueLayout.JAVA_INT, 0) != LinuxAbi.UCRED.byteSize()) {
                throw new IOException("getsockopt(SO_PEERCRED) returned " + len.get(ValueLayout.JAVA_INT, 0)
                        + " bytes, expected " + LinuxAbi.UCRED.byteSize());
            }
            return new PeerCredentials(
                    ucred.get(ValueLayout.JAVA_INT, LinuxAbi.UCRED_PID),
                    ucred.get(ValueLayout.JAVA_INT, LinuxAbi.UCRED_UID),
                    ucred.get(ValueLayout.JAVA_INT, LinuxAbi.UCRED_GID));
        }
    }

    /** True if the peer runs as the same effective user as this process. */
    public boolean isSameUserAsThisProcess() {
        return uid == Libc.geteuid();
    }
}
