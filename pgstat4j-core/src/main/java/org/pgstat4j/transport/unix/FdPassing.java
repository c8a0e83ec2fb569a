package org.pgstat4j.transport.unix;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketTimeoutException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes a descriptor between processes over a connected Unix-domain stream socket
 * ({@code SCM_RIGHTS}), with a short payload alongside — how the server shares its one
 * statistics socket with processes it did not fork.
 *
 * <p>Frame on the stream: a 2-byte big-endian payload length, then the payload; the descriptor,
 * if any, rides as ancillary data on the first byte. The length makes the message boundary
 * explicit on a byte stream and lets a frame carry an empty payload (ancillary data needs at
 * least one byte of real data to travel with).
 *
 * <p>Invariant: {@link #receiveFd} never leaks a descriptor. Every descriptor the kernel
 * installs in this process is either returned or closed before the method returns, whatever
 * the peer sent (several descriptors, a truncated frame, an oversized payload).
 */
public final class FdPassing {
    /** The largest payload a frame may carry; status lines and version strings are far smaller. */
    public static final int MAX_PAYLOAD = 4096;
    private static final int HEADER = 2;
    private static final ValueLayout.OfShort LENGTH = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Room for a few descriptors, so a peer that sends too many is detected and cleaned up. */
    private static final int CONTROL_FDS = 4;

    private FdPassing() {
    }

    /** Sends {@code fdToSend} and {@code payload} as one frame; blocks until the stream takes it. */
    public static void sendFd(int unixSocketFd, int fdToSend, byte[] payload) throws IOException {
        if (fdToSend < 0) {
            throw new IllegalArgumentException("not a descriptor: " + fdToSend);
        }
        send(unixSocketFd, fdToSend, payload);
    }

    /** Sends a frame with a payload and no descriptor, e.g. to tell a peer why it gets none. */
    public static void sendWithoutFd(int unixSocketFd, byte[] payload) throws IOException {
        send(unixSocketFd, -1, payload);
    }

    /**
     * Receives one frame. Refuses (closing anything received) a payload longer than
     * {@code maxPayload}, more than one descriptor, or truncated ancillary data.
     *
     * @throws EOFException if the peer closed the stream before a whole frame arrived
     * @throws SocketTimeoutException if a receive timeout set on the socket expired
     */
    public static ReceivedFd receiveFd(int unixSocketFd, int maxPayload) throws IOException {
        LinuxAbi.requireSupported();
        if (maxPayload < 0 || maxPayload > MAX_PAYLOAD) {
            throw new IllegalArgumentException("maxPayload must be in [0, " + MAX_PAYLOAD + "]: " + maxPayload);
        }
        List<Integer> fds = new ArrayList<>(1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            MemorySegment header = arena.allocate(HEADER);
            receiveHeader(arena, cs, unixSocketFd, header, fds);
            int length = Short.toUnsignedInt(header.get(LENGTH, 0));
            if (length > maxPayload) {
                throw new IOException("descriptor frame announces a " + length + "-byte payload; at most "
                        + maxPayload + " accepted");
            }
            if (fds.size() > 1) {
                throw new IOException("expected at most one descriptor in a frame, received " + fds.size());
            }
            MemorySegment body = arena.allocate(Math.max(1, length));
            receiveFully(cs, unixSocketFd, body, length);
            byte[] payload = body.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
            ReceivedFd result = new ReceivedFd(fds.isEmpty() ? -1 : fds.getFirst(), payload);
            fds.clear(); // ownership passes to the caller
            return result;
        } finally {
            for (int fd : fds) {
                closeQuietly(fd);
            }
        }
    }

    private static void send(int unixSocketFd, int fdToSend, byte[] payload) throws IOException {
        LinuxAbi.requireSupported();
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            int total = HEADER + payload.length;
            MemorySegment data = arena.allocate(total);
            data.set(LENGTH, 0, (short) payload.length);
            MemorySegment.copy(payload, 0, data, ValueLayout.JAVA_BYTE, HEADER, payload.length);

            MemorySegment iov = arena.allocate(LinuxAbi.IOVEC);
            iov.set(ValueLayout.ADDRESS, LinuxAbi.IOV_BASE, data);
            iov.set(ValueLayout.JAVA_LONG, LinuxAbi.IOV_LEN, total);
            MemorySegment msg = arena.allocate(LinuxAbi.MSGHDR);
            msg.set(ValueLayout.ADDRESS, LinuxAbi.MSG_IOV, iov);
            msg.set(ValueLayout.JAVA_LONG, LinuxAbi.MSG_IOVLEN, 1);
            if (fdToSend >= 0) {
                long space = LinuxAbi.cmsgSpace(Integer.BYTES);
                MemorySegment control = arena.allocate(space, LinuxAbi.CMSG_ALIGNMENT);
                control.set(ValueLayout.JAVA_LONG, LinuxAbi.CMSG_LEN_FIELD, LinuxAbi.cmsgLen(Integer.BYTES));
                control.set(ValueLayout.JAVA_INT, LinuxAbi.CMSG_LEVEL, LinuxAbi.SOL_SOCKET);
                control.set(ValueLayout.JAVA_INT, LinuxAbi.CMSG_TYPE, LinuxAbi.SCM_RIGHTS);
                control.set(ValueLayout.JAVA_INT, LinuxAbi.CMSG_DATA_OFFSET, fdToSend);
                msg.set(ValueLayout.ADDRESS, LinuxAbi.MSG_CONTROL, control);
                msg.set(ValueLayout.JAVA_LONG, LinuxAbi.MSG_CONTROLLEN, space);
            }
            long sent;
            do {
                sent = Libc.sendmsg(cs, unixSocketFd, msg, LinuxAbi.MSG_NOSIGNAL);
            } while (sent < 0 && Libc.errno(cs) == LinuxAbi.EINTR);
            if (sent < 0) {
                throw Libc.error("sendmsg", cs);
            }
            // The descriptor went with the first byte; whatever the stream did not take yet is plain data.
            while (sent < total) {
                long n = Libc.send(cs, unixSocketFd, data.asSlice(sent), total - sent, LinuxAbi.MSG_NOSIGNAL);
                if (n < 0) {
                    if (Libc.errno(cs) == LinuxAbi.EINTR) {
                        continue;
                    }
                    throw Libc.error("send", cs);
                }
                sent += n;
            }
        }
    }

    /** Reads the 2-byte header with recvmsg, collecting any descriptors that arrive with it. */
    private static void receiveHeader(Arena arena, MemorySegment cs, int sock, MemorySegment header,
            List<Integer> fds) throws IOException {
        long controlSpace = LinuxAbi.cmsgSpace((long) Integer.BYTES * CONTROL_FDS);
        MemorySegment control = arena.allocate(controlSpace, LinuxAbi.CMSG_ALIGNMENT);
        MemorySegment iov = arena.allocate(LinuxAbi.IOVEC);
        MemorySegment msg = arena.allocate(LinuxAbi.MSGHDR);
        int got = 0;
        while (got < HEADER) {
            iov.set(ValueLayout.ADDRESS, LinuxAbi.IOV_BASE, header.asSlice(got));
            iov.set(ValueLayout.JAVA_LONG, LinuxAbi.IOV_LEN, HEADER - got);
            msg.set(ValueLayout.ADDRESS, LinuxAbi.MSG_IOV, iov);
            msg.set(ValueLayout.JAVA_LONG, LinuxAbi.MSG_IOVLEN, 1);
            msg.set(ValueLayout.ADDRESS, LinuxAbi.MSG_CONTROL, control);
            msg.set(ValueLayout.JAVA_LONG, LinuxAbi.MSG_CONTROLLEN, controlSpace);
            msg.set(ValueLayout.JAVA_INT, LinuxAbi.MSG_FLAGS, 0);
            long n = Libc.recvmsg(cs, sock, msg, LinuxAbi.MSG_CMSG_CLOEXEC);
            if (n < 0) {
                int errno = Libc.errno(cs);
                if (errno == LinuxAbi.EINTR) {
                    continue;
                }
                throw errno == LinuxAbi.EAGAIN
                        ? new SocketTimeoutException("recvmsg: timed out waiting for a descriptor frame")
                        : Libc.error("recvmsg", errno);
            }
            collectDescriptors(control, msg.get(ValueLayout.JAVA_LONG, LinuxAbi.MSG_CONTROLLEN), fds);
            if ((msg.get(ValueLayout.JAVA_INT, LinuxAbi.MSG_FLAGS) & LinuxAbi.MSG_CTRUNC) != 0) {
                throw new IOException("recvmsg: ancillary data truncated (the peer sent more than "
                        + CONTROL_FDS + " descriptors)");
            }
            if (n == 0) {
                throw new EOFException("the peer closed the connection before sending a descriptor frame");
            }
            got += (int) n;
        }
    }

    /** Walks the control messages (CMSG_FIRSTHDR / CMSG_NXTHDR) and keeps every SCM_RIGHTS descriptor. */
    static void collectDescriptors(MemorySegment control, long controlLen, List<Integer> fds) {
        long offset = 0;
        while (offset + LinuxAbi.CMSG_DATA_OFFSET <= controlLen) {
            long len = control.get(ValueLayout.JAVA_LONG, offset + LinuxAbi.CMSG_LEN_FIELD);
            if (len < LinuxAbi.CMSG_DATA_OFFSET || offset + len > controlLen) {
                break;
            }
            int level = control.get(ValueLayout.JAVA_INT, offset + LinuxAbi.CMSG_LEVEL);
            int type = control.get(ValueLayout.JAVA_INT, offset + LinuxAbi.CMSG_TYPE);
            if (level == LinuxAbi.SOL_SOCKET && type == LinuxAbi.SCM_RIGHTS) {
                long count = (len - LinuxAbi.CMSG_DATA_OFFSET) / Integer.BYTES;
                for (long i = 0; i < count; i++) {
                    fds.add(control.get(ValueLayout.JAVA_INT, offset + LinuxAbi.CMSG_DATA_OFFSET + i * Integer.BYTES));
                }
            }
            offset += LinuxAbi.cmsgAlign(len);
        }
    }

    private static void receiveFully(MemorySegment cs, int sock, MemorySegment body, int length) throws IOException {
        int got = 0;
        while (got < length) {
            long n = Libc.recv(cs, sock, body.asSlice(got), length - got, LinuxAbi.MSG_WAITALL);
            if (n < 0) {
                int errno = Libc.errno(cs);
                if (errno == LinuxAbi.EINTR) {
                    continue;
                }
                throw errno == LinuxAbi.EAGAIN
                        ? new SocketTimeoutException("recv: timed out waiting for a descriptor frame's payload")
                        : Libc.error("recv", errno);
            }
            if (n == 0) {
                throw new EOFException("the peer closed the connection after " + got + " of " + length
                        + " payload bytes");
            }
            got += (int) n;
        }
    }

    private static void closeQuietly(int fd) {
        try {
            Libc.closeFd(fd);
        } catch (IOException e) {
            // The number is released whatever close says; nothing more can be done.
        }
    }
}
