package org.pgstat4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A response body leaves {@link Exchanges#send} in writes no larger than what the JDK
 * server's own buffered stream flushes at once, in order and complete: the server keeps, for
 * every open connection, a heap buffer twice the size of the largest write it was given, so
 * a scraper that got a 32 KiB body in one write kept 64 KiB for as long as it stayed
 * connected (64 MB for a thousand scrapers).
 */
class BodiesAreWrittenInPiecesTheServerDoesNotKeepTest {
    /** What the JDK server's buffered output stream writes at most at once (its buffer). */
    private static final int SERVER_FLUSH = 8192;

    @Test
    void aBodyGoesOutInWritesOfAtMostOneChunkAndArrivesWhole() throws Exception {
        long seed = new Random().nextLong();
        Random r = new Random(seed);
        for (int length : new int[] {0, 1, Exchanges.WRITE_CHUNK, Exchanges.WRITE_CHUNK + 1, 32_242,
                935_029, 1 + r.nextInt(2_000_000)}) {
            byte[] body = new byte[length];
            r.nextBytes(body);
            RecordingExchange ex = new RecordingExchange("GET");
            Exchanges.send(ex, 200, "text/plain", body);
            assertThat(ex.writes).as("seed %d, %d bytes", seed, length)
                    .allSatisfy(w -> assertThat(w).isBetween(1, SERVER_FLUSH));
            assertThat(ex.body.toByteArray()).as("seed %d, %d bytes", seed, length).isEqualTo(body);
            assertThat(ex.declaredLength).isEqualTo(length == 0 ? -1 : length);
        }
    }

    /** An exchange that records the response's declared length and each write of its body. */
    private static final class RecordingExchange extends HttpExchange {
        final List<Integer> writes = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final Headers requestHeaders = new Headers();
        final Headers responseHeaders = new Headers();
        final String method;
        long declaredLength = Long.MIN_VALUE;

        RecordingExchange(String method) {
            this.method = method;
        }

        @Override
        public OutputStream getResponseBody() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    writes.add(1);
                    body.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    writes.add(len);
                    body.write(b, off, len);
                }
            };
        }

        @Override
        public void sendResponseHeaders(int rCode, long responseLength) {
            declaredLength = responseLength;
        }

        @Override
        public Headers getRequestHeaders() {
            return requestHeaders;
        }

        @Override
        public Headers getResponseHeaders() {
            return responseHeaders;
        }

        @Override
        public URI getRequestURI() {
            return URI.create("/metrics");
        }

        @Override
        public String getRequestMethod() {
            return method;
        }

        @Override
        public HttpContext getHttpContext() {
            return null;
        }

        @Override
        public void close() {
        }

        @Override
        public InputStream getRequestBody() {
            return InputStream.nullInputStream();
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public int getResponseCode() {
            return 200;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return new InetSocketAddress("127.0.0.1", 2);
        }

        @Override
        public String getProtocol() {
            return "HTTP/1.1";
        }

        @Override
        public Object getAttribute(String name) {
            return null;
        }

        @Override
        public void setAttribute(String name, Object value) {
        }

        @Override
        public void setStreams(InputStream i, OutputStream o) {
        }

        @Override
        public HttpPrincipal getPrincipal() {
            return null;
        }
    }
}
