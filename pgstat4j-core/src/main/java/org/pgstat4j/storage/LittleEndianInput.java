package org.pgstat4j.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** Buffered little-endian reads from a file channel; a short read is an {@link EOFException}. */
final class LittleEndianInput implements AutoCloseable {
    private final FileChannel ch;
    private final ByteBuffer buf;

    LittleEndianInput(FileChannel ch) {
        this(ch, 1 << 16);
    }

    /** With a buffer of {@code capacity} bytes (at least the largest single read). */
    LittleEndianInput(FileChannel ch, int capacity) {
        this.ch = ch;
        this.buf = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        buf.limit(0);
    }

    private void need(int n) throws IOException {
        if (buf.remaining() >= n) {
            return;
        }
        buf.compact();
        while (buf.position() < n) {
            if (ch.read(buf) < 0) {
                buf.flip();
                throw new EOFException();
            }
        }
        buf.flip();
    }

    /** The next byte, or -1 at end of file. */
    int readByteOrEof() throws IOException {
        try {
            need(1);
        } catch (EOFException e) {
            return -1;
        }
        return buf.get() & 0xff;
    }

    int readInt() throws IOException {
        need(4);
        return buf.getInt();
    }

    long readLong() throws IOException {
        need(8);
        return buf.getLong();
    }

    void skip(int n) throws IOException {
        need(n);
        buf.position(buf.position() + n);
    }

    /** A C string stored NUL-padded in {@code len} bytes. */
    String readCString(int len) throws IOException {
        need(len);
        byte[] b = new byte[len];
        buf.get(b);
        int n = 0;
        while (n < len && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** The file position of the next byte this reader returns. */
    long position() throws IOException {
        return ch.position() - buf.remaining();
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
