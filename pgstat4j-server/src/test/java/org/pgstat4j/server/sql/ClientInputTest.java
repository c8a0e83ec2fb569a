package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The read-ahead of a client's bytes: every byte once, in order, across the ring's wrap; the end is noticed. */
class ClientInputTest {
    @Test
    void bytesComeOutInOrderAcrossTheRingAndTheEndIsNoticed() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        byte[] sent = new byte[5 * ClientInput.CAPACITY + 123];
        random.nextBytes(sent);
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream source = new PipedInputStream(writer, 3 * ClientInput.CAPACITY);
        CountDownLatch ended = new CountDownLatch(1);
        ClientInput in = new ClientInput(source, ended::countDown);
        Thread producer = Thread.ofPlatform().start(() -> {
            try (writer) {
                for (int at = 0; at < sent.length; ) {
                    int n = Math.min(sent.length - at, 1 + random.nextInt(3 * ClientInput.CAPACITY / 2));
                    writer.write(sent, at, n);
                    at += n;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Random reads = new Random(seed + 1);
        byte[] buf = new byte[2 * ClientInput.CAPACITY];
        while (true) {
            int n = reads.nextBoolean() ? in.read(buf, 0, 1 + reads.nextInt(buf.length)) : oneByte(in, buf);
            if (n < 0) {
                break;
            }
            received.write(buf, 0, n);
        }
        producer.join();
        assertThat(received.toByteArray()).as("seed %d", seed).isEqualTo(sent);
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(in.read()).isEqualTo(-1);
    }

    private static int oneByte(ClientInput in, byte[] buf) throws IOException {
        int b = in.read();
        if (b < 0) {
            return -1;
        }
        buf[0] = (byte) b;
        return 1;
    }
}
