package org.pgstat4j.transport.unix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Builds the {@code struct sockaddr_un} for a socket file.
 *
 * <p>Invariant: the path is absolute, encoded as the JDK encodes file names, and fits in
 * {@code sun_path} with its terminating NUL; a path that does not fit is refused with a message
 * naming it and the limit, never silently truncated (a truncated path names another file).
 */
final class UnixAddress {
    /** The JDK encodes file names to bytes with this charset; socket paths must match it. */
    private static final Charset FILE_NAME_CHARSET = fileNameCharset();

    private final MemorySegment sockaddr;
    private final int length;

    private UnixAddress(MemorySegment sockaddr, int length) {
        this.sockaddr = sockaddr;
        this.length = length;
    }

    /** The address of {@code path} (made absolute), allocated in {@code arena}. */
    static UnixAddress of(Path path, Arena arena) {
        Path absolute = path.toAbsolutePath();
        byte[] bytes = absolute.toString().getBytes(FILE_NAME_CHARSET);
        if (bytes.length + 1 > LinuxAbi.SUN_PATH_LEN) {
            throw new IllegalArgumentException("socket path " + absolute + " is " + bytes.length
                    + " bytes; a Unix-domain socket path must be shorter than " + LinuxAbi.SUN_PATH_LEN
                    + " bytes: choose a data directory with a shorter path");
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException("socket path " + absolute + " contains a NUL byte");
            }
        }
        MemorySegment sa = arena.allocate(LinuxAbi.SOCKADDR_UN); // zeroed: the NUL is already there
        sa.set(ValueLayout.JAVA_SHORT, LinuxAbi.SUN_FAMILY, (short) LinuxAbi.AF_UNIX);
        MemorySegment.copy(bytes, 0, sa, ValueLayout.JAVA_BYTE, LinuxAbi.SUN_PATH, bytes.length);
        return new UnixAddress(sa, (int) LinuxAbi.SUN_PATH + bytes.length + 1);
    }

    MemorySegment sockaddr() {
        return sockaddr;
    }

    /** The socklen_t to pass with it: family, path bytes and the NUL. */
    int length() {
        return length;
    }

    private static Charset fileNameCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
