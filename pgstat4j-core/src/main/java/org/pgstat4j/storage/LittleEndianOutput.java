package org.pgstat4j.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** Buffered little-endian writes to a file channel; one reusable buffer per writer. */
final class LittleEndianOutput {
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private FileChannel ch;

    void open(FileChannel channel) {
        this.ch = channel;
        buf.clear();
    }

    private void ensure(int n) throws IOException {
        if (buf.remaining() < n) {
            flush();
        }
    }

    void writeByte(int b) throws IOException {
        ensure(1);
        buf.put((byte) b);
    }

    void writeInt(int v) throws IOException {
        ensure(4);
        buf.putInt(v);
    }

    void writeLong(long v) throws IOException {
        ensure(8);
        buf.putLong(v);
    }

    void pad(int n) throws IOException {
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf.put((byte) 0);
        }
    }

    /** A NUL-padded C string in exactly {@code len} bytes. */
    void writeCString(String s, int len) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(b.length, len - 1);
        ensure(len);
        buf.put(b, 0, n);
        for (int i = n; i < len; i++) {
            buf.put((byte) 0);
        }
    }

    void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }
}
