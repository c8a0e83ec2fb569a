package org.pgstat4j.transport.unix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real sockets for the tests of this package: loopback only. */
final class TestSockets {
    /** Generous bound for waits that only guard against a hang; never a timing assertion. */
    static final long LIVENESS_MILLIS = 30_000;

    private TestSockets() {
    }

    /** A UDP channel on 127.0.0.1, ephemeral port, connected to itself: the statistics socket's shape. */
    static DatagramChannel selfConnectedChannel() throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel.connect(channel.getLocalAddress());
        channel.configureBlocking(false);
        return channel;
    }

    /** Receives one datagram on a non-blocking channel, waiting at most {@link #LIVENESS_MILLIS}; null if none. */
    static byte[] receive(DatagramChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        try (Selector selector = Selector.open()) {
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            try {
                if (channel.receive(buffer) == null) {
                    selector.select(LIVENESS_MILLIS);
                    if (channel.receive(buffer) == null) {
                        return null;
                    }
                }
            } finally {
                key.cancel();
                selector.selectNow(); // deregister, so the channel can be used blocking later
            }
        }
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** A datagram already queued on a non-blocking channel, or null: no waiting. */
    static byte[] receiveNow(DatagramChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        if (channel.receive(buffer) == null) {
            return null;
        }
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** {@code socketpair(AF_UNIX, type)}: two connected descriptors, owned by the caller. */
    static int[] socketPair(int type) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            if (Libc.socketpair(cs, LinuxAbi.AF_UNIX, type | LinuxAbi.SOCK_CLOEXEC, 0, fds) < 0) {
                throw Libc.error("socketpair", cs);
            }
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        }
    }

    /** What /proc/self/fd/N links to, e.g. "socket:[12345]"; identifies the kernel socket. */
    static String kernelObject(int fd) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/fd", Integer.toString(fd))).toString();
    }

    /** How many descriptors of this process refer to {@code kernelObject}: detects leaked duplicates. */
    static int descriptorsOf(String kernelObject) throws IOException {
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path entry : entries) {
                try {
                    if (Files.readSymbolicLink(entry).toString().equals(kernelObject)) {
                        count++;
                    }
                } catch (IOException gone) {
                    // the directory stream's own descriptor, or one closed meanwhile
                }
            }
        }
        return count;
    }

    /** Local port of a socket descriptor (getsockname), to tell sockets apart. */
    static int localPort(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            MemorySegment addr = arena.allocate(LinuxAbi.SOCKADDR_STORAGE_SIZE, 8);
            MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, LinuxAbi.SOCKADDR_STORAGE_SIZE);
            if (Libc.getsockname(cs, fd, addr, len) < 0) {
                throw Libc.error("getsockname", cs);
            }
            return Short.toUnsignedInt(addr.get(
                    ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), LinuxAbi.SIN_PORT));
        }
    }

    static int intOption(int fd, int option) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, Integer.BYTES);
            if (Libc.getsockopt(cs, fd, LinuxAbi.SOL_SOCKET, option, value, len) < 0) {
                throw Libc.error("getsockopt", cs);
            }
            return value.get(ValueLayout.JAVA_INT, 0);
        }
    }

    static void setIntOption(int fd, int option, int v) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            MemorySegment value = arena.allocateFrom(ValueLayout.JAVA_INT, v);
            if (Libc.setsockopt(cs, fd, LinuxAbi.SOL_SOCKET, option, value, Integer.BYTES) < 0) {
                throw Libc.error("setsockopt", cs);
            }
        }
    }

    static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    static String ascii(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.US_ASCII);
    }

    static void closeQuietly(int fd) {
        try {
            Libc.closeFd(fd);
        } catch (IOException ignored) {
            // test cleanup
        }
    }
}
