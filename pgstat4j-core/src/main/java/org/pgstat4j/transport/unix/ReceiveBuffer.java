package org.pgstat4j.transport.unix;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Raises a socket's receive buffer, so that bursts wait in the kernel instead of being
 * dropped: {@code SO_RCVBUFFORCE} first (allowed to a process with CAP_NET_ADMIN, and not
 * capped by {@code net.core.rmem_max}), else {@code SO_RCVBUF} (capped by it). It only ever
 * grows the buffer, and always says what the kernel granted: the figure that bounds how
 * large a burst can be absorbed. (The one way it could shrink: SO_RCVBUFFORCE refused on a
 * socket someone else had forced above {@code rmem_max}; the log then shows the smaller figure.)
 *
 * <p>Linux doubles the value set (for its own bookkeeping) and {@code getsockopt} reports the
 * doubled figure; {@link #granted} is that raw figure, the one {@code /proc/net/udp} and
 * {@code ss -m} show as {@code rb}.
 */
public final class ReceiveBuffer {
    /** What the collector asks for: 8 MiB, some 4,000 full datagrams. */
    public static final int REQUESTED = 8 * 1024 * 1024;

    private ReceiveBuffer() {
    }

    /** What was asked, how, and what the kernel granted (raw, doubled figure; -1 if unknown). */
    public record Result(int requested, String option, int before, int granted) {
        @Override
        public String toString() {
            return "statistics socket receive buffer: requested " + requested + " bytes with " + option
                    + ", kernel granted " + granted + " (was " + before + ")";
        }
    }

    /** Raises the receive buffer of {@code fd} to {@code requested} bytes if smaller; logs the result at INFO. */
    public static Result raise(int fd, int requested, Logger log) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            int before = granted(arena, cs, fd);
            String option;
            if (before >= 2L * requested) {
                option = "nothing (already large enough)";
            } else if (set(arena, cs, fd, LinuxAbi.SO_RCVBUFFORCE, requested)) {
                option = "SO_RCVBUFFORCE";
            } else if (set(arena, cs, fd, LinuxAbi.SO_RCVBUF, requested)) {
                option = "SO_RCVBUF (SO_RCVBUFFORCE refused: " + Libc.strerror(Libc.errno(cs))
                        + "; capped by net.core.rmem_max)";
            } else {
                option = "nothing (setsockopt failed: " + Libc.strerror(Libc.errno(cs)) + ")";
            }
            Result r = new Result(requested, option, before, granted(arena, cs, fd));
            log.log(Level.INFO, r.toString());
            return r;
        }
    }

    private static boolean set(Arena arena, MemorySegment cs, int fd, int option, int bytes) {
        MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
        v.set(ValueLayout.JAVA_INT, 0, bytes);
        return Libc.setsockopt(cs, fd, LinuxAbi.SOL_SOCKET, option, v, Integer.BYTES) == 0;
    }

    /** The receive buffer as the kernel reports it, or -1. */
    private static int granted(Arena arena, MemorySegment cs, int fd) {
        MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
        MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
        len.set(ValueLayout.JAVA_INT, 0, Integer.BYTES);
        if (Libc.getsockopt(cs, fd, LinuxAbi.SOL_SOCKET, LinuxAbi.SO_RCVBUF, v, len) != 0) {
            return -1;
        }
        return v.get(ValueLayout.JAVA_INT, 0);
    }
}
