package org.pgstat4j.transport.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the kernel socket behind a JDK {@link DatagramChannel} and returns a duplicate
 * descriptor of it, which can then be passed to other processes with {@link FdPassing}.
 *
 * <p>The JDK does not expose a channel's descriptor, and reading its internals would need
 * {@code --add-opens java.base/sun.nio.ch}. Instead we ask the kernel: every socket this process
 * holds is listed in {@code /proc/self/fd}; for each we take a duplicate and keep the one whose
 * type is datagram and whose local and peer addresses ({@code getsockname},
 * {@code getpeername}) are the channel's. Because the checks run on our own duplicate, what
 * was checked is what is returned even if the original number is closed and reused meanwhile.
 * A bound UDP port belongs to one socket (the statistics socket sets no reuse option), so
 * the match is unique; two different sockets matching is reported as an error, not guessed.
 */
public final class DatagramChannelFd {
    private static final Path PROC_SELF_FD = Path.of("/proc/self/fd");
    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private DatagramChannelFd() {
    }

    /**
     * A new close-on-exec descriptor for the socket of {@code channel}, owned by the caller.
     * The channel must be open and bound; it stays fully usable.
     */
    public static int duplicate(DatagramChannel channel) throws IOException {
        LinuxAbi.requireSupported();
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        if (!(channel.getLocalAddress() instanceof InetSocketAddress local)) {
            throw new IOException("the datagram channel is not bound, so its socket cannot be identified");
        }
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        int found = -1;
        String foundSocket = null;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            MemorySegment addr = arena.allocate(LinuxAbi.SOCKADDR_STORAGE_SIZE, 8);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            for (int candidate : socketDescriptors()) {
                int copy;
                try {
                    copy = Libc.duplicate(candidate);
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                boolean keep = false;
                try {
                    if (isDatagram(cs, copy, addr, len)
                            && sameEndpoint(local, address(cs, copy, addr, len, false))
                            && sameEndpoint(remote, address(cs, copy, addr, len, true))) {
                        String socket = Files.readSymbolicLink(PROC_SELF_FD.resolve(Integer.toString(copy))).toString();
                        if (found < 0) {
                            found = copy;
                            foundSocket = socket;
                            keep = true;
                        } else if (!socket.equals(foundSocket)) {
                            throw new IOException("two different sockets (" + foundSocket + ", " + socket
                                    + ") are bound to " + local + "; cannot tell which one the channel uses");
                        }
                    }
                } finally {
                    if (!keep) {
                        Libc.close(cs, copy);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (found >= 0) {
                Libc.closeFd(found);
            }
            throw e;
        }
        if (found < 0) {
            throw new IOException("no socket of this process is bound to " + local
                    + (remote == null ? "" : " and connected to " + remote) + " (is /proc mounted?)");
        }
        return found;
    }

    /** Numbers in /proc/self/fd whose link names a socket ("socket:[inode]"). */
    private static List<Integer> socketDescriptors() throws IOException {
        List<Integer> result = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC_SELF_FD)) {
            for (Path entry : entries) {
                try {
                    if (Files.readSymbolicLink(entry).toString().startsWith("socket:")) {
                        result.add(Integer.parseInt(entry.getFileName().toString()));
                    }
                } catch (IOException | NumberFormatException gone) {
                    // closed since the listing (e.g. the directory stream's own descriptor)
                }
            }
        }
        return result;
    }

    private static boolean isDatagram(MemorySegment cs, int fd, MemorySegment value, MemorySegment len) {
        len.set(ValueLayout.JAVA_INT, 0, Integer.BYTES);
        return Libc.getsockopt(cs, fd, LinuxAbi.SOL_SOCKET, LinuxAbi.SO_TYPE, value, len) == 0
                && value.get(ValueLayout.JAVA_INT, 0) == LinuxAbi.SOCK_DGRAM;
    }

    /** The socket's local (or peer) IP address, or null if it has none (not connected, not IP). */
    private static InetSocketAddress address(MemorySegment cs, int fd, MemorySegment addr, MemorySegment len,
            boolean peer) throws IOException {
        len.set(ValueLayout.JAVA_INT, 0, (int) addr.byteSize());
        int rc = peer ? Libc.getpeername(cs, fd, addr, len) : Libc.getsockname(cs, fd, addr, len);
        if (rc < 0) {
            return null;
        }
        int family = Short.toUnsignedInt(addr.get(ValueLayout.JAVA_SHORT, LinuxAbi.SA_FAMILY));
        if (family == LinuxAbi.AF_INET) {
            byte[] ip = addr.asSlice(LinuxAbi.SIN_ADDR, 4).toArray(ValueLayout.JAVA_BYTE);
            return new InetSocketAddress(InetAddress.getByAddress(ip), Short.toUnsignedInt(addr.get(PORT, LinuxAbi.SIN_PORT)));
        }
        if (family == LinuxAbi.AF_INET6) {
            // getByAddress turns an IPv4-mapped address into the IPv4 address, as the JDK reports it.
            byte[] ip = addr.asSlice(LinuxAbi.SIN6_ADDR, 16).toArray(ValueLayout.JAVA_BYTE);
            return new InetSocketAddress(InetAddress.getByAddress(ip), Short.toUnsignedInt(addr.get(PORT, LinuxAbi.SIN6_PORT)));
        }
        return null;
    }

    private static boolean sameEndpoint(InetSocketAddress expected, InetSocketAddress actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected.getPort() != actual.getPort()) {
            return false;
        }
        InetAddress a = expected.getAddress();
        InetAddress b = actual.getAddress();
        return a.equals(b) || (a.isAnyLocalAddress() && b.isAnyLocalAddress());
    }
}
