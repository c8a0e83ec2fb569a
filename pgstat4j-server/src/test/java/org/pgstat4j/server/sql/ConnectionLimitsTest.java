package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections cost the server a bounded amount: a connection that does not log in is closed
 * after the authentication timeout, and beyond twice the session limit connections are
 * refused at once, cleanly, with FATAL 53300 — however many a client opens.
 */
class ConnectionLimitsTest {
    @TempDir
    Path dir;

    @Test
    void aConnectionThatDoesNotLogInIsClosedAfterTheAuthenticationTimeout() throws Exception {
        PgWireConfig config = PgWireConfig.defaults().withAuthenticationTimeout(Duration.ofSeconds(1));
        try (SqlFixture f = SqlFixture.start(dir, config)) {
            try (RawClient silent = new RawClient(f.server.port()); RawClient halfway = new RawClient(f.server.port())) {
                // one says nothing; the other starts but never answers the password request
                halfway.out.writeInt(8 + "user\0x\0\0".length());
                halfway.out.writeInt(3 << 16);
                halfway.out.writeBytes("user\0x\0\0");
                halfway.out.flush();
                long start = System.nanoTime();
                assertThat(silent.closedByServer()).isTrue();
                assertThat(halfway.readUntil('Z')).isNull(); // AuthenticationSASL, then the end
                System.out.printf("closed after %.0f ms (authentication timeout 1 s)%n", (System.nanoTime() - start) / 1e6);
            }
            StatementLimitsTest.await(() -> f.server.openConnections() == 0, "the connections are released");
            try (Connection c = f.connect()) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void connectionsBeyondTheCapAreRefusedWith53300() throws Exception {
        PgWireConfig config = PgWireConfig.defaults().withMaxConnections(2);
        try (SqlFixture f = SqlFixture.start(dir, config)) {
            List<RawClient> idle = new ArrayList<>();
            try {
                for (int i = 0; i < config.maxOpenConnections(); i++) {
                    idle.add(new RawClient(f.server.port()));
                }
                StatementLimitsTest.await(() -> f.server.openConnections() == config.maxOpenConnections(),
                        "the idle connections are held");
                try (RawClient extra = new RawClient(f.server.port())) {
                    RawClient.Msg m = extra.read();
                    assertThat(m.type()).isEqualTo('E');
                    assertThat(m.fields()).containsEntry('S', "FATAL").containsEntry('C', "53300")
                            .containsEntry('M', "sorry, too many clients already");
                    assertThat(extra.closedByServer()).isTrue();
                }
                SQLException e = catchThrowableOfType(SQLException.class, f::connect);
                assertThat(e.getSQLState()).isEqualTo("53300");
            } finally {
                for (RawClient r : idle) {
                    r.close();
                }
            }
            StatementLimitsTest.await(() -> f.server.openConnections() == 0, "the idle connections are released");
            try (Connection a = f.connect(); Connection b = f.connect()) {
                assertThat(a.isValid(5) && b.isValid(5)).isTrue();
                // the session limit itself: a third session is refused after logging in
                SQLException e = catchThrowableOfType(SQLException.class, f::connect);
                assertThat(e.getSQLState()).isEqualTo("53300");
            }
        }
    }

    /**
     * 20,000 connections that say nothing (the count that once exhausted the descriptors and
     * grew the heap by gigabytes): the server holds at most its cap, refuses the rest at once,
     * its heap does not grow with them, and after they are gone a client logs in.
     */
    @Test
    void twentyThousandIdleConnectionsHoldOnlyTheCap() throws Exception {
        PgWireConfig config = PgWireConfig.defaults();
        int attempts = 20_000;
        try (SqlFixture f = SqlFixture.start(dir, config)) {
            long heapBefore = usedHeapAfterGc();
            List<Socket> open = new ArrayList<>();
            int refused = 0;
            int maxHeld = 0;
            long start = System.nanoTime();
            try {
                for (int i = 0; i < attempts; i++) {
                    Socket s = new Socket("127.0.0.1", f.server.port());
                    maxHeld = Math.max(maxHeld, f.server.openConnections());
                    if (open.size() < config.maxOpenConnections()) {
                        open.add(s); // held by the server, waiting for a start-up packet
                        StatementLimitsTest.await(() -> f.server.openConnections() == open.size(), "held");
                        continue;
                    }
                    try (s) {
                        s.setSoTimeout(10_000);
                        byte[] b = new byte[256];
                        int n = s.getInputStream().read(b);
                        String text = n > 0 ? new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8) : "";
                        assertThat(text).as("connection %d", i).contains("53300", "sorry, too many clients already");
                        refused++;
                    }
                }
                long heapDuring = usedHeapAfterGc();
                System.out.printf("%d connections in %.1f s: %d held, %d refused with 53300; server held at most %d;"
                                + " heap after GC %d MB before, %d MB with them%n", attempts,
                        (System.nanoTime() - start) / 1e9, open.size(), refused, maxHeld,
                        heapBefore >> 20, heapDuring >> 20);
                assertThat(maxHeld).isLessThanOrEqualTo(config.maxOpenConnections());
                assertThat(refused).isEqualTo(attempts - config.maxOpenConnections());
                assertThat(heapDuring - heapBefore).as("heap growth with %d idle connections", open.size())
                        .isLessThan(64L << 20);
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
            StatementLimitsTest.await(() -> f.server.openConnections() == 0, "the idle connections are released");
            try (Connection c = f.connect()) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
