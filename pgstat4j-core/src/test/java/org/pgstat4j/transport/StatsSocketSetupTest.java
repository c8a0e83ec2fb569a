package org.pgstat4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every failure path of {@code pgstat_init} (spec §2.1) with its exact log text (Appendix A,
 * PostgreSQL's LOG as INFO). Sockets are real except for the one step a test makes fail, so
 * each test also shows that the failing socket is closed and that what follows is real.
 *
 * <p>Invariant (DESIGN.md §4): {@link StatsSocket#open} never throws; whatever goes wrong ends in
 * "disabling statistics collector for lack of working socket" and a disabled socket.
 */
class StatsSocketSetupTest {
    private static final String DISABLING = "INFO disabling statistics collector for lack of working socket";
    private static final InetSocketAddress LOOPBACK4 = ScriptedSockets.LOOPBACK4;

    private final RecordingLogger log = new RecordingLogger();
    private final List<StatsSocket> opened = new ArrayList<>();

    private StatsSocket open(AddressResolver resolver, ChannelFactory factory) {
        StatsSocket s = StatsSocket.open(resolver, factory, log);
        opened.add(s);
        return s;
    }

    private StatsSocket openOnLoopback(Function<DatagramChannel, CandidateChannel> make, ScriptedSockets[] out) {
        ScriptedSockets sockets = new ScriptedSockets(make);
        out[0] = sockets;
        return open(host -> List.of(LOOPBACK4), sockets);
    }

    @AfterEach
    void closeSockets() {
        opened.forEach(StatsSocket::close);
    }

    private void assertDisabled(StatsSocket s) {
        assertThat(s.isEnabled()).isFalse();
        assertThatThrownBy(s::channel).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::address).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::newReceiver).isInstanceOf(IllegalStateException.class);
        // backends keep working: their datagrams are dropped and counted
        assertThat(s.sender().send(ByteBuffer.wrap(new byte[12]))).isFalse();
        assertThat(s.sender().droppedCount()).isEqualTo(1);
    }

    /** Opens with one step of the only (real, IPv4 loopback) socket failing; checks it was closed. */
    private void assertStepFailure(Function<DatagramChannel, CandidateChannel> make, String expectedLine) {
        ScriptedSockets[] sockets = new ScriptedSockets[1];
        StatsSocket s = openOnLoopback(make, sockets);
        assertThat(log.lines()).containsExactly(expectedLine, DISABLING);
        assertDisabled(s);
        assertThat(sockets[0].channels).hasSize(1);
        assertThat(sockets[0].channels.get(0).isOpen()).as("failed socket closed").isFalse();
    }

    @Test
    void resolveFailureIsLoggedAndStatisticsAreDisabled() {
        List<String> asked = new ArrayList<>();
        ScriptedSockets sockets = new ScriptedSockets(JdkCandidateChannel::new);
        StatsSocket s = open(host -> {
            asked.add(host);
            throw new UnknownHostException("localhost: Name or service not known");
        }, sockets);
        assertThat(asked).containsExactly("localhost");
        assertThat(log.lines()).containsExactly(
                "INFO could not resolve \"localhost\": localhost: Name or service not known", DISABLING);
        assertDisabled(s);
        assertThat(sockets.channels).isEmpty();
    }

    @Test
    void resolvingToNoAddressIsAResolveFailure() {
        StatsSocket s = open(host -> List.of(), new ScriptedSockets(JdkCandidateChannel::new));
        assertThat(log.lines()).containsExactly(
                "INFO could not resolve \"localhost\": no address returned", DISABLING);
        assertDisabled(s);
    }

    @Test
    void unexpectedResolverExceptionIsAResolveFailureNotACrash() {
        StatsSocket s = open(host -> {
            throw new IllegalStateException("resolver broke");
        }, new ScriptedSockets(JdkCandidateChannel::new));
        assertThat(log.lines()).containsExactly("INFO could not resolve \"localhost\": resolver broke", DISABLING);
        assertDisabled(s);
    }

    @Test
    void createFailureIsLoggedAndStatisticsAreDisabled() {
        StatsSocket s = open(host -> List.of(LOOPBACK4), family -> {
            throw new SocketException("Address family not supported by protocol");
        });
        assertThat(log.lines()).containsExactly(
                "INFO could not create socket for statistics collector: Address family not supported by protocol",
                DISABLING);
        assertDisabled(s);
    }

    @Test
    void unsupportedFamilyIsACreateFailureNotACrash() {
        // DatagramChannel.open throws UnsupportedOperationException for a family the host lacks
        StatsSocket s = open(host -> List.of(LOOPBACK4), family -> {
            throw new UnsupportedOperationException("Protocol family not supported");
        });
        assertThat(log.lines()).containsExactly(
                "INFO could not create socket for statistics collector: Protocol family not supported", DISABLING);
        assertDisabled(s);
    }

    @Test
    void bindFailureIsLoggedAndTheSocketClosed() {
        assertStepFailure(ch -> new JdkCandidateChannel(ch) {
            @Override
            public void bind(InetSocketAddress address) throws IOException {
                throw new BindException("Cannot assign requested address");
            }
        }, "INFO could not bind socket for statistics collector: Cannot assign requested address");
    }

    @Test
    void getsocknameFailureIsLoggedAndTheSocketClosed() {
        assertStepFailure(ch -> new JdkCandidateChannel(ch) {
            @Override
            public InetSocketAddress localAddress() throws IOException {
                throw new SocketException("Bad file descriptor");
            }
        }, "INFO could not get address of socket for statistics collector: Bad file descriptor");
    }

    @Test
    void connectFailureIsLoggedAndTheSocketClosed() {
        assertStepFailure(ch -> new JdkCandidateChannel(ch) {
            @Override
            public void connect(InetSocketAddress address) throws IOException {
                throw new SocketException("Network is unreachable");
            }
        }, "INFO could not connect socket for statistics collector: Network is unreachable");
    }

    @Test
    void testByteSendFailureIsLoggedAndTheSocketClosed() {
        assertStepFailure(ch -> new JdkCandidateChannel(ch) {
            @Override
            public int write(ByteBuffer src) throws IOException {
                throw new IOException("No buffer space available");
            }
        }, "INFO could not send test message on socket for statistics collector: No buffer space available");
    }

    @Test
    void testByteShortSendIsASendFailure() {
        assertStepFailure(ch -> new JdkCandidateChannel(ch) {
            @Override
            public int write(ByteBuffer src) {
                return 0;
            }
        }, "INFO could not send test message on socket for statistics collector: sent 0 of 1 byte");
    }

    @Test
    void selectFailureIsLoggedAndTheSocketClosed() {
        assertStepFailure(ch -> new JdkCandidateChannel(ch) {
            @Override
            public boolean awaitReadable(long timeoutMillis) throws IOException {
                throw new IOException("Too many open files");
            }
        }, "INFO select() failed in statistics collector: Too many open files");
    }

    @Test
    void lostTestByteIsLoggedAfterTheRealWait() {
        // the byte is "sent" but never leaves: what a firewall dropping loopback UDP looks like
        List<Long> waits = new ArrayList<>();
        assertStepFailure(ch -> new JdkCandidateChannel(ch) {
            @Override
            public int write(ByteBuffer src) {
                src.position(src.limit());
                return 1;
            }

            @Override
            public boolean awaitReadable(long timeoutMillis) throws IOException {
                waits.add(timeoutMillis);
                return super.awaitReadable(timeoutMillis);
            }
        }, "INFO test message did not get through on socket for statistics collector");
        assertThat(waits).containsExactly(500L);
    }

    @Test
    void receiveFailureIsLoggedAndTheSocketClosed() {
        assertStepFailure(ch -> new JdkCandidateChannel(ch) {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                throw new java.net.PortUnreachableException("Connection refused");
            }
        }, "INFO could not receive test message on socket for statistics collector: Connection refused");
    }

    @Test
    void wrongTestByteIsAnIncorrectTransmission() {
        assertStepFailure(ch -> new JdkCandidateChannel(ch) {
            @Override
            public int write(ByteBuffer src) throws IOException {
                return super.write(ByteBuffer.wrap(new byte[] {42}));
            }
        }, "INFO incorrect test message transmission on socket for statistics collector");
    }

    @Test
    void readThatStoresNothingIsAnIncorrectTransmission() {
        // "1 byte received" is not enough: the byte itself must be 199
        assertStepFailure(ch -> new JdkCandidateChannel(ch) {
            @Override
            public int read(ByteBuffer dst) {
                return 1;
            }
        }, "INFO incorrect test message transmission on socket for statistics collector");
    }

    @Test
    void emptyReadIsAnIncorrectTransmission() {
        assertStepFailure(ch -> new JdkCandidateChannel(ch) {
            @Override
            public int read(ByteBuffer dst) {
                return 0;
            }
        }, "INFO incorrect test message transmission on socket for statistics collector");
    }

    @Test
    void nonBlockingFailureDisablesStatistics() {
        assertStepFailure(ch -> new JdkCandidateChannel(ch) {
            @Override
            public void configureNonBlocking() throws IOException {
                throw new IOException("Operation not permitted");
            }
        }, "INFO could not set statistics collector socket to nonblocking mode: Operation not permitted");
    }

    @Test
    void whenTheFirstAddressFailsTheSecondIsTriedAndUsed() {
        ScriptedSockets sockets = new ScriptedSockets((attempt, ch) -> attempt > 0 ? new JdkCandidateChannel(ch)
                : new JdkCandidateChannel(ch) {
                    @Override
                    public void bind(InetSocketAddress address) throws IOException {
                        throw new BindException("Address already in use");
                    }
                });
        StatsSocket s = open(host -> List.of(LOOPBACK4, LOOPBACK4), sockets);
        assertThat(log.lines()).containsExactly(
                "INFO could not bind socket for statistics collector: Address already in use",
                "INFO trying another address for the statistics collector");
        assertThat(s.isEnabled()).isTrue();
        assertThat(sockets.channels).hasSize(2);
        assertThat(sockets.channels.get(0).isOpen()).isFalse();
        assertThat(s.channel()).isSameAs(sockets.channels.get(1));
        assertThat(s.address()).isEqualTo(sockets.channels.get(1).socket().getLocalSocketAddress());
    }

    @Test
    void whenEveryAddressFailsEachIsLoggedThenStatisticsAreDisabled() {
        StatsSocket s = open(host -> List.of(LOOPBACK4, LOOPBACK4, LOOPBACK4), family -> {
            throw new SocketException("Too many open files");
        });
        String create = "INFO could not create socket for statistics collector: Too many open files";
        String another = "INFO trying another address for the statistics collector";
        assertThat(log.lines()).containsExactly(create, another, create, another, create, DISABLING);
        assertDisabled(s);
    }

    @Test
    void addressesThatAreNotIpAreSkippedSilently() {
        // PostgreSQL skips AF_UNIX results without a word and without counting them as tries
        ScriptedSockets sockets = new ScriptedSockets(JdkCandidateChannel::new);
        SocketAddress unix = UnixDomainSocketAddress.of("pgstat-test.sock");
        StatsSocket s = open(host -> List.of(unix, InetSocketAddress.createUnresolved("localhost", 0), LOOPBACK4),
                sockets);
        assertThat(log.lines()).isEmpty();
        assertThat(s.isEnabled()).isTrue();
        assertThat(sockets.families).containsExactly(StandardProtocolFamily.INET);
    }

    @Test
    void onlyNonIpAddressesMeanNoWorkingSocket() {
        StatsSocket s = open(host -> List.of(UnixDomainSocketAddress.of("pgstat-test.sock")),
                new ScriptedSockets(JdkCandidateChannel::new));
        assertThat(log.lines()).containsExactly(DISABLING);
        assertDisabled(s);
    }

    @Test
    void socketFamilyFollowsEachAddress() throws Exception {
        List<ProtocolFamily> asked = new ArrayList<>();
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        open(host -> List.of(v6, LOOPBACK4), family -> {
            asked.add(family);
            throw new SocketException("refused by test");
        });
        assertThat(asked).containsExactly(StandardProtocolFamily.INET6, StandardProtocolFamily.INET);
    }

    @Test
    void bindIsToTheResolvedAddressAndConnectToTheBoundOne() {
        List<InetSocketAddress> binds = new ArrayList<>();
        List<InetSocketAddress> connects = new ArrayList<>();
        ScriptedSockets sockets = new ScriptedSockets(ch -> new JdkCandidateChannel(ch) {
            @Override
            public void bind(InetSocketAddress address) throws IOException {
                binds.add(address);
                super.bind(address);
            }

            @Override
            public void connect(InetSocketAddress address) throws IOException {
                connects.add(address);
                super.connect(address);
            }
        });
        StatsSocket s = open(host -> List.of(LOOPBACK4), sockets);
        assertThat(binds).containsExactly(LOOPBACK4);
        assertThat(connects).containsExactly(s.address());
        assertThat(s.address().getPort()).isPositive();
        assertThat(s.address().getAddress()).isEqualTo(LOOPBACK4.getAddress());
    }
}
