package org.pgstat4j.transport.unix;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.Locale;

/**
 * Every number this package hands to the Linux kernel: constants from the C headers and the
 * layouts of the structs it passes, for LP64 Linux on x86-64 and aarch64.
 *
 * <p>Invariant: these values are identical on both supported architectures (both use the
 * generic socket, errno and fcntl numbers, and glibc's 64-bit struct layouts); on any other
 * platform {@link #requireSupported()} refuses before a single call is made. The struct
 * sizes are checked when this class loads, so a layout typo fails at once, not in the
 * kernel.
 */
public final class LinuxAbi {

    // ---- address families and socket types (<sys/socket.h>, <bits/socket_type.h>)
    /** {@code AF_UNIX}: Unix-domain sockets, addressed by a file system path. */
    public static final int AF_UNIX = 1;
    /** {@code AF_INET}: IPv4. */
    public static final int AF_INET = 2;
    /** {@code AF_INET6}: IPv6 (10 on Linux). */
    public static final int AF_INET6 = 10;
    /** {@code SOCK_STREAM}: a connection-oriented byte stream. */
    public static final int SOCK_STREAM = 1;
    /** {@code SOCK_DGRAM}: datagrams. */
    public static final int SOCK_DGRAM = 2;
    /** {@code SOCK_NONBLOCK} (= {@code O_NONBLOCK}), or-ed into a socket type. */
    public static final int SOCK_NONBLOCK = 0x800;
    /** {@code SOCK_CLOEXEC} (= {@code O_CLOEXEC}), or-ed into a socket type. */
    public static final int SOCK_CLOEXEC = 0x80000;

    // ---- socket options
    /** {@code SOL_SOCKET}: the socket-level option namespace. */
    public static final int SOL_SOCKET = 1;
    /** {@code SO_TYPE}: read-only socket type (int). */
    public static final int SO_TYPE = 3;
    /** {@code SO_SNDBUF}: send buffer size (int). */
    public static final int SO_SNDBUF = 7;
    /** {@code SO_RCVBUF}: receive buffer size (int). */
    public static final int SO_RCVBUF = 8;
    /** {@code SO_RCVBUFFORCE}: as SO_RCVBUF, above {@code net.core.rmem_max} (needs CAP_NET_ADMIN). */
    public static final int SO_RCVBUFFORCE = 33;
    /** {@code SO_PEERCRED}: credentials of the peer at connect time ({@code struct ucred}). */
    public static final int SO_PEERCRED = 17;
    /** {@code SO_RCVTIMEO}: receive timeout ({@code struct timeval}, 64-bit time on LP64). */
    public static final int SO_RCVTIMEO = 20;
    /** {@code SO_SNDTIMEO}: send timeout ({@code struct timeval}). */
    public static final int SO_SNDTIMEO = 21;
    /** {@code SO_DOMAIN}: read-only address family (int). */
    public static final int SO_DOMAIN = 39;
    /** {@code SO_MEMINFO}: read-only socket memory figures ({@code u32[SK_MEMINFO_VARS]}, Linux 4.6+). */
    public static final int SO_MEMINFO = 55;
    /** Index in SO_MEMINFO's array: bytes the receive queue holds (its datagrams' truesize). */
    public static final int SK_MEMINFO_RMEM_ALLOC = 0;
    /** Index in SO_MEMINFO's array: the receive buffer's limit (as SO_RCVBUF reports it). */
    public static final int SK_MEMINFO_RCVBUF = 1;
    /** {@code SCM_RIGHTS}: ancillary data type carrying file descriptors. */
    public static final int SCM_RIGHTS = 1;

    // ---- send/recv flags
    /** {@code MSG_PEEK}: look at the first waiting datagram without taking it. */
    public static final int MSG_PEEK = 0x2;
    /** {@code MSG_CTRUNC}: control data was truncated (returned in msg_flags). */
    public static final int MSG_CTRUNC = 0x8;
    /** {@code MSG_TRUNC}: datagram was truncated (returned in msg_flags). */
    public static final int MSG_TRUNC = 0x20;
    /** {@code MSG_DONTWAIT}: this one call does not block, whatever the file's O_NONBLOCK. */
    public static final int MSG_DONTWAIT = 0x40;
    /** {@code MSG_WAITALL}: a stream receive waits for the full length. */
    public static final int MSG_WAITALL = 0x100;
    /** {@code MSG_NOSIGNAL}: a send to a closed stream returns EPIPE instead of raising SIGPIPE. */
    public static final int MSG_NOSIGNAL = 0x4000;
    /** {@code MSG_CMSG_CLOEXEC}: descriptors received by SCM_RIGHTS get FD_CLOEXEC. */
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;

    /** {@code SHUT_RDWR}: shut down both directions (wakes a thread blocked in accept). */
    public static final int SHUT_RDWR = 2;

    // ---- fcntl (<fcntl.h>, asm-generic values used by x86-64 and arm64)
    /** {@code F_GETFD}: read the descriptor flags. */
    public static final int F_GETFD = 1;
    /** {@code F_GETFL}: read the file status flags (shared by every holder of the file). */
    public static final int F_GETFL = 3;
    /** {@code F_SETFL}: set the file status flags. */
    public static final int F_SETFL = 4;
    /** {@code F_DUPFD_CLOEXEC}: dup to the lowest free number at or above arg, with FD_CLOEXEC. */
    public static final int F_DUPFD_CLOEXEC = 1030;
    /** {@code FD_CLOEXEC}: descriptor flag, closed on exec. */
    public static final int FD_CLOEXEC = 1;
    /** {@code O_NONBLOCK}: file status flag. */
    public static final int O_NONBLOCK = 0x800;

    // ---- poll (<poll.h>)
    /** {@code POLLIN}: there is data to read (or a connection to accept). */
    public static final short POLLIN = 0x1;
    /** {@code POLLOUT}: writing will not block. */
    public static final short POLLOUT = 0x4;
    /** {@code POLLERR}: error condition (output only). */
    public static final short POLLERR = 0x8;
    /** {@code POLLHUP}: hang up (output only). */
    public static final short POLLHUP = 0x10;
    /** {@code POLLNVAL}: the descriptor is not open (output only). */
    public static final short POLLNVAL = 0x20;

    // ---- errno values (<asm-generic/errno-base.h>, <asm-generic/errno.h>)
    /** {@code ENOENT}: no such file or directory. */
    public static final int ENOENT = 2;
    /** {@code EINTR}: interrupted by a signal; the call is retried. */
    public static final int EINTR = 4;
    /** {@code EBADF}: not an open descriptor. */
    public static final int EBADF = 9;
    /** {@code EAGAIN} (= {@code EWOULDBLOCK}): the call would block. */
    public static final int EAGAIN = 11;
    /** {@code EINVAL}: invalid argument (also: accept on a shut-down listener). */
    public static final int EINVAL = 22;
    /** {@code EPIPE}: the peer closed the stream. */
    public static final int EPIPE = 32;
    /** {@code EADDRINUSE}: the address (socket path) is taken. */
    public static final int EADDRINUSE = 98;
    /** {@code ECONNABORTED}: a pending connection was aborted before accept took it. */
    public static final int ECONNABORTED = 103;
    /** {@code ENOBUFS}: no kernel buffer space; a datagram that cannot be queued. */
    public static final int ENOBUFS = 105;
    /** {@code ENOTCONN}: the socket is not connected. */
    public static final int ENOTCONN = 107;
    /** {@code ECONNREFUSED}: nobody listens (or the datagram peer has gone). */
    public static final int ECONNREFUSED = 111;

    // ---- struct layouts (glibc, LP64)

    /** {@code struct iovec}: base pointer, length. 16 bytes. */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len"));
    public static final long IOV_BASE = IOVEC.byteOffset(groupElement("iov_base"));
    public static final long IOV_LEN = IOVEC.byteOffset(groupElement("iov_len"));

    /** {@code struct msghdr}: socklen_t after a pointer, then padding to 8. 56 bytes. */
    public static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));
    public static final long MSG_NAME = MSGHDR.byteOffset(groupElement("msg_name"));
    public static final long MSG_NAMELEN = MSGHDR.byteOffset(groupElement("msg_namelen"));
    public static final long MSG_IOV = MSGHDR.byteOffset(groupElement("msg_iov"));
    public static final long MSG_IOVLEN = MSGHDR.byteOffset(groupElement("msg_iovlen"));
    public static final long MSG_CONTROL = MSGHDR.byteOffset(groupElement("msg_control"));
    public static final long MSG_CONTROLLEN = MSGHDR.byteOffset(groupElement("msg_controllen"));
    public static final long MSG_FLAGS = MSGHDR.byteOffset(groupElement("msg_flags"));

    /** {@code struct mmsghdr}: a msghdr and the length received into it. 64 bytes. */
    public static final StructLayout MMSGHDR = MemoryLayout.structLayout(
            MSGHDR.withName("msg_hdr"),
            JAVA_INT.withName("msg_len"),
            MemoryLayout.paddingLayout(4));
    public static final long MMSG_HDR = MMSGHDR.byteOffset(groupElement("msg_hdr"));
    public static final long MMSG_LEN = MMSGHDR.byteOffset(groupElement("msg_len"));

    /**
     * {@code struct cmsghdr}: glibc declares cmsg_len as size_t (8 bytes), so the header is
     * 16 bytes and the data that follows is 8-aligned. 16 bytes.
     */
    public static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"),
            JAVA_INT.withName("cmsg_level"),
            JAVA_INT.withName("cmsg_type"));
    public static final long CMSG_LEN_FIELD = CMSGHDR.byteOffset(groupElement("cmsg_len"));
    public static final long CMSG_LEVEL = CMSGHDR.byteOffset(groupElement("cmsg_level"));
    public static final long CMSG_TYPE = CMSGHDR.byteOffset(groupElement("cmsg_type"));
    /** {@code CMSG_ALIGN} unit: sizeof(size_t). */
    public static final long CMSG_ALIGNMENT = 8;
    /** {@code CMSG_DATA(c) - c}: where the payload starts, i.e. CMSG_ALIGN(sizeof(cmsghdr)). */
    public static final long CMSG_DATA_OFFSET = cmsgAlign(CMSGHDR.byteSize());

    /** {@code struct ucred}: pid, uid, gid as 32-bit ints. 12 bytes. */
    public static final StructLayout UCRED = MemoryLayout.structLayout(
            JAVA_INT.withName("pid"),
            JAVA_INT.withName("uid"),
            JAVA_INT.withName("gid"));
    public static final long UCRED_PID = UCRED.byteOffset(groupElement("pid"));
    public static final long UCRED_UID = UCRED.byteOffset(groupElement("uid"));
    public static final long UCRED_GID = UCRED.byteOffset(groupElement("gid"));

    /** {@code sizeof(sun_path)}: the path and its terminating NUL must fit. */
    public static final int SUN_PATH_LEN = 108;
    /** {@code struct sockaddr_un}: sa_family_t (2 bytes), then the path. 110 bytes. */
    public static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(SUN_PATH_LEN, JAVA_BYTE).withName("sun_path"));
    public static final long SUN_FAMILY = SOCKADDR_UN.byteOffset(groupElement("sun_family"));
    public static final long SUN_PATH = SOCKADDR_UN.byteOffset(groupElement("sun_path"));

    /** {@code struct pollfd}: fd, requested events, returned events. 8 bytes. */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents"));
    public static final long POLLFD_FD = POLLFD.byteOffset(groupElement("fd"));
    public static final long POLLFD_EVENTS = POLLFD.byteOffset(groupElement("events"));
    public static final long POLLFD_REVENTS = POLLFD.byteOffset(groupElement("revents"));

    /** {@code struct timeval}: 64-bit seconds and microseconds on LP64. 16 bytes. */
    public static final StructLayout TIMEVAL = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_usec"));
    public static final long TV_SEC = TIMEVAL.byteOffset(groupElement("tv_sec"));
    public static final long TV_USEC = TIMEVAL.byteOffset(groupElement("tv_usec"));

    /**
     * {@code struct sockaddr_in}: family, port (network order), address (network order),
     * 8 bytes of zero. 16 bytes.
     */
    public static final int SOCKADDR_IN_SIZE = 16;
    public static final long SIN_PORT = 2;
    public static final long SIN_ADDR = 4;
    /**
     * {@code struct sockaddr_in6}: family, port, flow info, 16-byte address, scope id.
     * 28 bytes.
     */
    public static final int SOCKADDR_IN6_SIZE = 28;
    public static final long SIN6_PORT = 2;
    public static final long SIN6_ADDR = 8;
    /** {@code sizeof(struct sockaddr_storage)}: room for any address. */
    public static final int SOCKADDR_STORAGE_SIZE = 128;
    /** Offset of sa_family in every sockaddr. */
    public static final long SA_FAMILY = 0;

    static {
        checkSize("struct iovec", IOVEC.byteSize(), 16);
        checkSize("struct msghdr", MSGHDR.byteSize(), 56);
        checkSize("struct cmsghdr", CMSGHDR.byteSize(), 16);
        checkSize("struct ucred", UCRED.byteSize(), 12);
        checkSize("struct sockaddr_un", SOCKADDR_UN.byteSize(), 110);
        checkSize("struct pollfd", POLLFD.byteSize(), 8);
        checkSize("struct timeval", TIMEVAL.byteSize(), 16);
        checkSize("msg_control offset", MSG_CONTROL, 32);
    }

    private LinuxAbi() {
    }

    /** {@code CMSG_ALIGN(len)}: rounds up to a multiple of sizeof(size_t). */
    public static long cmsgAlign(long len) {
        return (len + CMSG_ALIGNMENT - 1) & -CMSG_ALIGNMENT;
    }

    /** {@code CMSG_LEN(dataLen)}: the value of cmsg_len for that much data. */
    public static long cmsgLen(long dataLen) {
        return CMSG_DATA_OFFSET + dataLen;
    }

    /** {@code CMSG_SPACE(dataLen)}: the bytes one such control message occupies, padding included. */
    public static long cmsgSpace(long dataLen) {
        return CMSG_DATA_OFFSET + cmsgAlign(dataLen);
    }

    /** True on the platforms whose numbers this class holds: Linux on x86-64 or aarch64. */
    public static boolean isSupported() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.startsWith("linux")
                && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))
                && ADDRESS.byteSize() == 8;
    }

    /** Refuses, with a message naming the platform, anywhere these numbers would be wrong. */
    public static void requireSupported() {
        if (!isSupported()) {
            throw new UnsupportedOperationException("descriptor passing needs Linux on x86-64 or aarch64; this is "
                    + System.getProperty("os.name") + " on " + System.getProperty("os.arch"));
        }
    }

    private static void checkSize(String what, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException(what + " is " + actual + " bytes, expected " + expected);
        }
    }
}
