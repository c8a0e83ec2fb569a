package org.pgstat4j.transport.unix;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library calls this package makes, bound once through the Foreign Function &amp; Memory
 * API: no JNI, no native library of our own.
 *
 * <p>Invariant: every call that can fail captures {@code errno} in the same native call
 * ({@code Linker.Option.captureCallState}), so no JVM activity between the call and the read
 * can overwrite it. The raw methods return exactly what C returns and leave errno in the
 * caller's call-state segment; {@link #error} turns it into an {@link IOException} naming the
 * call and the error text. The misuse to avoid: reading errno from a call-state segment that
 * another thread also passes to calls — each thread needs its own.
 */
public final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** strerror's text is a NUL-terminated string of unknown length; no message is longer. */
    private static final long MAX_ERROR_TEXT = 1024;

    private static final MethodHandle SOCKET = withErrno("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SOCKETPAIR =
            withErrno("socketpair", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle BIND = withErrno("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LISTEN = withErrno("listen", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle ACCEPT4 =
            withErrno("accept4", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle CONNECT = withErrno("connect", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle CLOSE = withErrno("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle SHUTDOWN = withErrno("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SENDMSG = withErrno("sendmsg", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle RECVMSG = withErrno("recvmsg", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    /** recvmmsg/sendmmsg: fd, struct mmsghdr *, unsigned vlen, flags (, timeout for recvmmsg). */
    private static final MethodHandle RECVMMSG =
            withErrno("recvmmsg", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle SENDMMSG = withErrno("sendmmsg", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle SEND = withErrno("send", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle RECV = withErrno("recv", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle GETSOCKOPT =
            withErrno("getsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle SETSOCKOPT =
            withErrno("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle GETSOCKNAME =
            withErrno("getsockname", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle GETPEERNAME =
            withErrno("getpeername", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    /** fcntl is variadic: its third argument is passed as the first variadic one. */
    private static final MethodHandle FCNTL = LINKER.downcallHandle(find("fcntl"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POLL = withErrno("poll", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    // These three cannot fail, so they capture nothing.
    private static final MethodHandle GETUID = LINKER.downcallHandle(find("getuid"), FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETEUID = LINKER.downcallHandle(find("geteuid"), FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETPID = LINKER.downcallHandle(find("getpid"), FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle STRERROR =
            LINKER.downcallHandle(find("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {
    }

    // ---- errno handling

    /** A segment to receive the errno of the calls that are given it; one per thread at a time. */
    public static MemorySegment newCallState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    /** The errno captured by the last call given {@code callState}. */
    public static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    /** The C library's text for an errno value, e.g. "Connection refused". */
    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.equals(MemorySegment.NULL) ? "errno " + errno : text.reinterpret(MAX_ERROR_TEXT).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** An exception for a failed call: "{@code call}: error text (errno N)". */
    public static IOException error(String call, int errno) {
        return new IOException(call + ": " + strerror(errno) + " (errno " + errno + ")");
    }

    /** {@link #error(String, int)} with the errno captured in {@code callState}. */
    public static IOException error(String call, MemorySegment callState) {
        return error(call, errno(callState));
    }

    // ---- simple calls with checked results, for use outside this package

    /** {@code getuid()}: the real user id of this process. */
    public static int getuid() {
        try {
            return (int) GETUID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code geteuid()}: the effective user id, the one SO_PEERCRED reports for a peer. */
    public static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code getpid()}: this process's id. */
    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Closes {@code fd}. On Linux the number is released even when close reports EINTR, so
     * close is never retried: a retry could close a number another thread was just given.
     */
    public static void closeFd(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = newCallState(arena);
            if (close(cs, fd) < 0 && errno(cs) != LinuxAbi.EINTR) {
                throw error("close", cs);
            }
        }
    }

    /**
     * A new descriptor for the same open socket or file, marked close-on-exec so that it is
     * never inherited by accident ({@code fcntl(F_DUPFD_CLOEXEC)}, the atomic form of dup).
     */
    public static int duplicate(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = newCallState(arena);
            int copy = fcntl(cs, fd, LinuxAbi.F_DUPFD_CLOEXEC, 0);
            if (copy < 0) {
                throw error("fcntl(F_DUPFD_CLOEXEC)", cs);
            }
            return copy;
        }
    }

    // ---- raw calls: C's return value, errno left in callState

    static int socket(MemorySegment cs, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(cs, domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code socketpair}: {@code fds} receives two ints. */
    static int socketpair(MemorySegment cs, int domain, int type, int protocol, MemorySegment fds) {
        try {
            return (int) SOCKETPAIR.invokeExact(cs, domain, type, protocol, fds);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int bind(MemorySegment cs, int fd, MemorySegment addr, int addrLen) {
        try {
            return (int) BIND.invokeExact(cs, fd, addr, addrLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int listen(MemorySegment cs, int fd, int backlog) {
        try {
            return (int) LISTEN.invokeExact(cs, fd, backlog);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code accept4}: accept with flags (SOCK_CLOEXEC) set atomically on the new descriptor. */
    static int accept4(MemorySegment cs, int fd, MemorySegment addr, MemorySegment addrLen, int flags) {
        try {
            return (int) ACCEPT4.invokeExact(cs, fd, addr, addrLen, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int connect(MemorySegment cs, int fd, MemorySegment addr, int addrLen) {
        try {
            return (int) CONNECT.invokeExact(cs, fd, addr, addrLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int close(MemorySegment cs, int fd) {
        try {
            return (int) CLOSE.invokeExact(cs, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int shutdown(MemorySegment cs, int fd, int how) {
        try {
            return (int) SHUTDOWN.invokeExact(cs, fd, how);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long sendmsg(MemorySegment cs, int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) SENDMSG.invokeExact(cs, fd, msghdr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long recvmsg(MemorySegment cs, int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) RECVMSG.invokeExact(cs, fd, msghdr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code recvmmsg}: up to {@code vlen} datagrams in one call; no timeout (pass NULL). */
    static int recvmmsg(MemorySegment cs, int fd, MemorySegment msgvec, int vlen, int flags) {
        try {
            return (int) RECVMMSG.invokeExact(cs, fd, msgvec, vlen, flags, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code sendmmsg}: up to {@code vlen} datagrams in one call. */
    static int sendmmsg(MemorySegment cs, int fd, MemorySegment msgvec, int vlen, int flags) {
        try {
            return (int) SENDMMSG.invokeExact(cs, fd, msgvec, vlen, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long send(MemorySegment cs, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) SEND.invokeExact(cs, fd, buf, len, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long recv(MemorySegment cs, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) RECV.invokeExact(cs, fd, buf, len, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code getsockopt}: {@code optLen} is an in/out socklen_t. */
    static int getsockopt(MemorySegment cs, int fd, int level, int name, MemorySegment value, MemorySegment optLen) {
        try {
            return (int) GETSOCKOPT.invokeExact(cs, fd, level, name, value, optLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int setsockopt(MemorySegment cs, int fd, int level, int name, MemorySegment value, int valueLen) {
        try {
            return (int) SETSOCKOPT.invokeExact(cs, fd, level, name, value, valueLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int getsockname(MemorySegment cs, int fd, MemorySegment addr, MemorySegment addrLen) {
        try {
            return (int) GETSOCKNAME.invokeExact(cs, fd, addr, addrLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int getpeername(MemorySegment cs, int fd, MemorySegment addr, MemorySegment addrLen) {
        try {
            return (int) GETPEERNAME.invokeExact(cs, fd, addr, addrLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int fcntl(MemorySegment cs, int fd, int cmd, int arg) {
        try {
            return (int) FCNTL.invokeExact(cs, fd, cmd, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code poll}: {@code timeoutMillis} &lt; 0 waits forever. */
    static int poll(MemorySegment cs, MemorySegment fds, long nfds, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(cs, fds, nfds, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- binding

    private static MethodHandle withErrno(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(find(name), FunctionDescriptor.of(result, args), CAPTURE_ERRNO);
    }

    private static MemorySegment find(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsupportedOperationException("the C library has no " + name + "()"));
    }

    /** A downcall throws only errors of the JVM itself; pass those through unchanged. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("unexpected checked exception from a native call", t);
    }
}
