package org.pgstat4j.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Step 6 of {@code pgstat_init} (spec §2.1): the receive buffer is raised to
 * {@code PGSTAT_MIN_RCVBUF} (102 400) when the socket reports less, never lowered, and a failure
 * to read or set it is logged but never fatal. The socket is real; only what SO_RCVBUF reads as
 * is scripted.
 */
class StatsSocketReceiveBufferTest {
    private final RecordingLogger log = new RecordingLogger();
    private final List<StatsSocket> opened = new ArrayList<>();

    @AfterEach
    void closeSockets() {
        opened.forEach(StatsSocket::close);
    }

    /** A real socket whose SO_RCVBUF reads as {@code reported} (or fails); records every set. */
    private StatsSocket openReportingReceiveBuffer(Integer reported, boolean setFails, List<Integer> sets) {
        ScriptedSockets sockets = new ScriptedSockets(ch -> new JdkCandidateChannel(ch) {
            @Override
            public int receiveBufferSize() throws IOException {
                if (reported == null) {
                    throw new SocketException("Protocol not available");
                }
                return reported;
            }

            @Override
            public void setReceiveBufferSize(int bytes) throws IOException {
                sets.add(bytes);
                if (setFails) {
                    throw new SocketException("No buffer space available");
                }
                super.setReceiveBufferSize(bytes);
            }
        });
        StatsSocket s = StatsSocket.open(host -> List.of(ScriptedSockets.LOOPBACK4), sockets, log);
        opened.add(s);
        return s;
    }

    @Test
    void smallReceiveBufferIsRaisedTo102400() throws IOException {
        List<Integer> sets = new ArrayList<>();
        StatsSocket s = openReportingReceiveBuffer(8192, false, sets);
        assertThat(sets).containsExactly(102_400);
        assertThat(log.lines()).isEmpty();
        // the JDK reads back what was set (see StatsSocketRealTest for why that holds)
        assertThat(s.channel().getOption(StandardSocketOptions.SO_RCVBUF)).isGreaterThanOrEqualTo(102_400);
    }

    @Test
    void receiveBufferOfAtLeast102400IsNeverTouched() {
        for (int reported : new int[] {102_400, 106_496, 4 * 1024 * 1024}) {
            List<Integer> sets = new ArrayList<>();
            StatsSocket s = openReportingReceiveBuffer(reported, false, sets);
            assertThat(s.isEnabled()).isTrue();
            assertThat(sets).as("reported %d", reported).isEmpty();
        }
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void unreadableReceiveBufferIsLoggedAndTreatedAsZero() {
        List<Integer> sets = new ArrayList<>();
        StatsSocket s = openReportingReceiveBuffer(null, false, sets);
        assertThat(log.lines()).containsExactly("INFO getsockopt(SO_RCVBUF) failed: Protocol not available");
        assertThat(sets).containsExactly(102_400);
        assertThat(s.isEnabled()).isTrue();
    }

    @Test
    void receiveBufferThatCannotBeSetIsLoggedButNotFatal() {
        List<Integer> sets = new ArrayList<>();
        StatsSocket s = openReportingReceiveBuffer(2048, true, sets);
        assertThat(log.lines()).containsExactly("INFO setsockopt(SO_RCVBUF) failed: No buffer space available");
        assertThat(sets).containsExactly(102_400);
        assertThat(s.isEnabled()).isTrue();
        assertThat(s.sender().send(ByteBuffer.wrap(new byte[12]))).isTrue();
    }
}
