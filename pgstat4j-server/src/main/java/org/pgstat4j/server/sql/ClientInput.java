package org.pgstat4j.server.sql;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a client sends, read ahead by a virtual thread of its own into a small buffer, so that
 * the server learns at once when the client goes away — also while the connection's thread
 * is busy running a statement, which is then cancelled ({@link #onEnd}). PostgreSQL checks
 * the socket for the same purpose ({@code client_connection_check_interval}).
 *
 * <p>Invariants: at most {@link #CAPACITY} bytes are read ahead (the reader waits for the
 * consumer, so a client sending without end costs no more); bytes come out in the order they
 * arrived; after the end of the stream or a read error, the buffered bytes are still
 * delivered, then the end (-1) or the error. One consumer thread only.
 */
final class ClientInput extends InputStream {
    static final int CAPACITY = 8192;

    private final InputStream source;
    private final Runnable onEnd;
    private final byte[] ring = new byte[CAPACITY];
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private int head;
    private int count;
    private boolean ended;
    private IOException failure;

    /** Starts reading {@code source}; {@code onEnd} runs (on the reading thread) when it ends or fails. */
    ClientInput(InputStream source, Runnable onEnd) {
        this.source = source;
        this.onEnd = onEnd;
        Thread.ofVirtual().name("pgstat4j-sql-reader").start(this::pump);
    }

    private void pump() {
        byte[] chunk = new byte[CAPACITY];
        try {
            while (true) {
                int free;
                lock.lock();
                try {
                    while (count == CAPACITY) {
                        writable.awaitUninterruptibly();
                    }
                    free = CAPACITY - count;
                } finally {
                    lock.unlock();
                }
                int n = source.read(chunk, 0, free);
                if (n < 0) {
                    finish(null);
                    return;
                }
                lock.lock();
                try {
                    int tail = (head + count) % CAPACITY;
                    int first = Math.min(n, CAPACITY - tail);
                    System.arraycopy(chunk, 0, ring, tail, first);
                    System.arraycopy(chunk, first, ring, 0, n - first);
                    count += n;
                    readable.signal();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            finish(e);
        }
    }

    private void finish(IOException e) {
        lock.lock();
        try {
            ended = true;
            failure = e;
            readable.signal();
        } finally {
            lock.unlock();
        }
        onEnd.run();
    }

    @Override
    public int read() throws IOException {
        lock.lock();
        try {
            if (!awaitBytes()) {
                return -1;
            }
            int b = ring[head] & 0xff;
            head = (head + 1) % CAPACITY;
            count--;
            writable.signal();
            return b;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for bytes (lock held); false at the end of the stream; throws the read error. */
    private boolean awaitBytes() throws IOException {
        while (count == 0 && !ended) {
            readable.awaitUninterruptibly();
        }
        if (count == 0) {
            if (failure != null) {
                throw failure;
            }
            return false;
        }
        return true;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            if (!awaitBytes()) {
                return -1;
            }
            int n = Math.min(len, count);
            int first = Math.min(n, CAPACITY - head);
            System.arraycopy(ring, head, b, off, first);
            System.arraycopy(ring, 0, b, off + first, n - first);
            head = (head + n) % CAPACITY;
            count -= n;
            writable.signal();
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }
}
