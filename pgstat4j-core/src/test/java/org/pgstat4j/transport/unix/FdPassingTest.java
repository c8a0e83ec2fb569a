package org.pgstat4j.transport.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Descriptor frames over a real AF_UNIX stream socketpair, carrying the real UDP socket of a
 * self-connected channel. The invariant under test besides delivery: receiving never leaks a
 * descriptor, whatever the peer sends.
 */
class FdPassingTest {
    private DatagramChannel channel;
    private int statsFd;
    private String statsSocket;
    private int sender;
    private int receiver;

    @BeforeEach
    void setUp() throws IOException {
        channel = TestSockets.selfConnectedChannel();
        statsFd = DatagramChannelFd.duplicate(channel);
        statsSocket = TestSockets.kernelObject(statsFd);
        int[] pair = TestSockets.socketPair(LinuxAbi.SOCK_STREAM);
        sender = pair[0];
        receiver = pair[1];
    }

    @AfterEach
    void tearDown() throws IOException {
        if (sender >= 0) {
            TestSockets.closeQuietly(sender);
        }
        if (receiver >= 0) {
            TestSockets.closeQuietly(receiver);
        }
        TestSockets.closeQuietly(statsFd);
        channel.close();
    }

    @Test
    void descriptorArrivesAsANewNumberForTheSameSocket() throws IOException {
        int before = TestSockets.descriptorsOf(statsSocket);
        FdPassing.sendFd(sender, statsFd, "pgstat4j 1 ok".getBytes(StandardCharsets.US_ASCII));
        ReceivedFd frame = FdPassing.receiveFd(receiver, 64);
        try {
            assertThat(frame.hasFd()).isTrue();
            assertThat(frame.fd()).isNotEqualTo(statsFd);
            assertThat(TestSockets.kernelObject(frame.fd())).isEqualTo(statsSocket);
            assertThat(TestSockets.descriptorsOf(statsSocket)).isEqualTo(before + 1);
            assertThat(new String(frame.payload(), StandardCharsets.US_ASCII)).isEqualTo("pgstat4j 1 ok");
            try (Arena arena = Arena.ofConfined()) {
                int flags = Libc.fcntl(Libc.newCallState(arena), frame.fd(), LinuxAbi.F_GETFD, 0);
                assertThat(flags & LinuxAbi.FD_CLOEXEC).as("received with MSG_CMSG_CLOEXEC").isNotZero();
            }
        } finally {
            Libc.closeFd(frame.fd());
        }
        assertThat(TestSockets.descriptorsOf(statsSocket)).isEqualTo(before);
    }

    @Test
    void receivedDescriptorSendsIntoTheSharedSocket() throws IOException {
        FdPassing.sendFd(sender, statsFd, new byte[0]);
        ReceivedFd frame = FdPassing.receiveFd(receiver, 0);
        assertThat(frame.payload()).isEmpty();
        try (RawDatagramSender raw = new RawDatagramSender(frame.fd())) {
            assertThat(raw.send(TestSockets.ascii("through the passed fd"))).isTrue();
        }
        assertThat(TestSockets.ascii(TestSockets.receive(channel))).isEqualTo("through the passed fd");
    }

    @Test
    void framesKeepTheirBoundariesOnTheStream() throws IOException {
        FdPassing.sendWithoutFd(sender, "first".getBytes(StandardCharsets.US_ASCII));
        FdPassing.sendFd(sender, statsFd, "second".getBytes(StandardCharsets.US_ASCII));
        FdPassing.sendWithoutFd(sender, "third".getBytes(StandardCharsets.US_ASCII));
        ReceivedFd first = FdPassing.receiveFd(receiver, 64);
        ReceivedFd second = FdPassing.receiveFd(receiver, 64);
        ReceivedFd third = FdPassing.receiveFd(receiver, 64);
        try {
            assertThat(first.hasFd()).isFalse();
            assertThat(TestSockets.ascii(first.payload())).isEqualTo("first");
            assertThat(second.hasFd()).isTrue();
            assertThat(TestSockets.ascii(second.payload())).isEqualTo("second");
            assertThat(TestSockets.kernelObject(second.fd())).isEqualTo(statsSocket);
            assertThat(third.hasFd()).isFalse();
            assertThat(TestSockets.ascii(third.payload())).isEqualTo("third");
        } finally {
            Libc.closeFd(second.fd());
        }
    }

    @Test
    void largestPayloadTravels() throws IOException {
        byte[] payload = new byte[FdPassing.MAX_PAYLOAD];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        FdPassing.sendWithoutFd(sender, payload);
        assertThat(FdPassing.receiveFd(receiver, FdPassing.MAX_PAYLOAD).payload()).isEqualTo(payload);
        assertThatThrownBy(() -> FdPassing.sendWithoutFd(sender, new byte[FdPassing.MAX_PAYLOAD + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oversizedPayloadIsRefusedAndItsDescriptorClosed() throws IOException {
        int before = TestSockets.descriptorsOf(statsSocket);
        FdPassing.sendFd(sender, statsFd, new byte[100]);
        assertThatThrownBy(() -> FdPassing.receiveFd(receiver, 99))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("100-byte payload");
        assertThat(TestSockets.descriptorsOf(statsSocket)).isEqualTo(before);
    }

    @Test
    void severalDescriptorsAreRefusedAndAllClosed() throws IOException {
        int before = TestSockets.descriptorsOf(statsSocket);
        sendRawFrame(new int[] {statsFd, statsFd}, new byte[] {0, 0});
        assertThatThrownBy(() -> FdPassing.receiveFd(receiver, 10))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("received 2");
        assertThat(TestSockets.descriptorsOf(statsSocket)).isEqualTo(before);
    }

    @Test
    void peerClosingMidFrameIsEofAndLeaksNothing() throws IOException {
        int before = TestSockets.descriptorsOf(statsSocket);
        sendRawFrame(new int[] {statsFd}, new byte[] {0, 10, 'a', 'b', 'c'}); // announces 10, sends 3
        sender = closeEnd(sender);
        assertThatThrownBy(() -> FdPassing.receiveFd(receiver, 10)).isInstanceOf(EOFException.class);
        assertThat(TestSockets.descriptorsOf(statsSocket)).isEqualTo(before);
    }

    @Test
    void peerClosingBeforeAnyFrameIsEof() throws IOException {
        sender = closeEnd(sender);
        assertThatThrownBy(() -> FdPassing.receiveFd(receiver, 10))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("before sending");
    }

    @Test
    void sendingOnABrokenStreamThrowsWithoutKillingTheJvm() throws IOException {
        receiver = closeEnd(receiver);
        // MSG_NOSIGNAL: EPIPE comes back as an error instead of a SIGPIPE.
        assertThatThrownBy(() -> FdPassing.sendFd(sender, statsFd, new byte[1]))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("sendmsg: ")
                .hasMessageEndingWith("(errno " + LinuxAbi.EPIPE + ")");
    }

    /** A frame built by hand, to send what FdPassing itself never would. */
    private void sendRawFrame(int[] fds, byte[] data) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            MemorySegment bytes = arena.allocateFrom(ValueLayout.JAVA_BYTE, data);
            MemorySegment iov = arena.allocate(LinuxAbi.IOVEC);
            iov.set(ValueLayout.ADDRESS, LinuxAbi.IOV_BASE, bytes);
            iov.set(ValueLayout.JAVA_LONG, LinuxAbi.IOV_LEN, data.length);
            long dataLen = (long) Integer.BYTES * fds.length;
            MemorySegment control = arena.allocate(LinuxAbi.cmsgSpace(dataLen), 8);
            control.set(ValueLayout.JAVA_LONG, LinuxAbi.CMSG_LEN_FIELD, LinuxAbi.cmsgLen(dataLen));
            control.set(ValueLayout.JAVA_INT, LinuxAbi.CMSG_LEVEL, LinuxAbi.SOL_SOCKET);
            control.set(ValueLayout.JAVA_INT, LinuxAbi.CMSG_TYPE, LinuxAbi.SCM_RIGHTS);
            for (int i = 0; i < fds.length; i++) {
                control.set(ValueLayout.JAVA_INT, LinuxAbi.CMSG_DATA_OFFSET + (long) i * Integer.BYTES, fds[i]);
            }
            MemorySegment msg = arena.allocate(LinuxAbi.MSGHDR);
            msg.set(ValueLayout.ADDRESS, LinuxAbi.MSG_IOV, iov);
            msg.set(ValueLayout.JAVA_LONG, LinuxAbi.MSG_IOVLEN, 1);
            msg.set(ValueLayout.ADDRESS, LinuxAbi.MSG_CONTROL, control);
            msg.set(ValueLayout.JAVA_LONG, LinuxAbi.MSG_CONTROLLEN, control.byteSize());
            if (Libc.sendmsg(cs, sender, msg, LinuxAbi.MSG_NOSIGNAL) != data.length) {
                throw Libc.error("sendmsg", cs);
            }
        }
    }

    /** Closes one end now; teardown must not close the number again (it may be reused). */
    private int closeEnd(int fd) throws IOException {
        Libc.closeFd(fd);
        return -1;
    }
}
