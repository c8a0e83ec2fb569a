package org.pgstat4j.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

/**
 * Loopback UDP drops at the receiver without telling the sender; the kernel's per-socket
 * counter in /proc/net/udp is where the loss shows. A burst into a socket nobody reads must
 * appear there, and a socket that lost nothing reads 0.
 */
class KernelDropsTest {
    @Test
    void aBurstIntoAnUnreadSocketShowsAsKernelDrops() throws Exception {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress self = (InetSocketAddress) ch.getLocalAddress();
            ch.connect(self);
            ch.configureBlocking(false);
            assertThat(KernelDrops.of(self)).isZero();
            ByteBuffer b = ByteBuffer.allocate(1000);
            for (int i = 0; i < 2000; i++) {
                b.clear();
                ch.write(b);
            }
            assertThat(KernelDrops.of(self)).isPositive();
        }
    }

    @Test
    void anUnknownSocketIsNotKnown() {
        assertThat(KernelDrops.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1))).isEqualTo(-1);
    }
}
