package org.pgstat4j.transport;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;

/**
 * The statistics socket, made as PostgreSQL 14's {@code pgstat_init} makes it (spec §2.1–2.2):
 * a UDP socket on an address of {@code localhost}, bound to a kernel-chosen port, connected to
 * itself, proven by a test byte that must come back, then non-blocking with a receive buffer
 * of at least {@value #MIN_RCVBUF} bytes.
 *
 * <p>Invariant (DESIGN.md §4): {@link #open} never throws and never stops the server. If no
 * address yields a working socket it logs why, at each step, with PostgreSQL's exact texts
 * (Appendix A; PostgreSQL's LOG level is {@link Level#INFO}), and returns a socket for which
 * {@link #isEnabled()} is false; the caller then runs with statistics disabled (PostgreSQL forces
 * {@code track_counts} off), and {@link #sender()} drops everything.
 *
 * <p>Because the socket is connected to its own address, the kernel delivers only datagrams
 * whose source is that same address and port, i.e. datagrams sent through this very socket:
 * only its holders can feed the collector. It is shared, never copied: every in-process sender
 * writes through {@link #sender()}, the collector reads through a {@link DatagramReceiver}, and
 * other processes get the descriptor of {@link #channel()} passed to them.
 *
 * <p>Immutable once opened; safe to share between threads. The one way to misuse it is to
 * close it while the server runs: every sender then drops, as if the socket were gone.
 */
public final class StatsSocket implements Closeable {
    /** {@code TESTBYTEVAL}: the self-test byte. */
    public static final int TEST_BYTE = 199;
    /** How long the self-test waits for its byte: PostgreSQL's 500 000 µs {@code select}. */
    public static final long TEST_WAIT_MILLIS = 500;
    /** {@code PGSTAT_MIN_RCVBUF}: the receive buffer is raised to this if smaller. */
    public static final int MIN_RCVBUF = 100 * 1024;
    /** The host whose addresses are tried. */
    static final String HOST = "localhost";

    private final CandidateChannel socket;
    private final InetSocketAddress address;
    private final StatsSender sender;

    private StatsSocket(CandidateChannel socket, InetSocketAddress address, Logger log) {
        this.socket = socket;
        this.address = address;
        // the unchecked constructor: open() must not throw, whatever a ChannelFactory returned;
        // every datagram carries this process's sequence number, so the collector counts losses
        this.sender = socket == null ? StatsSender.disabled()
                : new SequencingSender(new ChannelStatsSender(socket.channel()::write, log));
    }

    /** Opens the statistics socket with real sockets, logging to {@code org.pgstat4j.transport}. */
    public static StatsSocket open() {
        return open(AddressResolver.system(), ChannelFactory.system(),
                System.getLogger(StatsSocket.class.getPackageName()));
    }

    /** Opens the statistics socket; never throws. See the class comment. */
    public static StatsSocket open(AddressResolver resolver, ChannelFactory factory, Logger log) {
        List<SocketAddress> addresses;
        try {
            addresses = resolver.resolve(HOST);
        } catch (Exception e) {
            log.log(Level.INFO, "could not resolve \"" + HOST + "\": " + describe(e));
            return disabled(log);
        }
        if (addresses == null || addresses.isEmpty()) {
            log.log(Level.INFO, "could not resolve \"" + HOST + "\": no address returned");
            return disabled(log);
        }

        Working working = null;
        int tries = 0;
        for (SocketAddress a : addresses) {
            // PostgreSQL skips AF_UNIX results silently; here anything that is not an IP address
            if (!(a instanceof InetSocketAddress candidate) || candidate.isUnresolved()) {
                continue;
            }
            if (++tries > 1) {
                log.log(Level.INFO, "trying another address for the statistics collector");
            }
            working = tryAddress(candidate, factory, log);
            if (working != null) {
                break;
            }
        }
        if (working == null) {
            return disabled(log);
        }

        CandidateChannel socket = working.socket();
        try {
            socket.configureNonBlocking();
        } catch (Exception e) {
            log.log(Level.INFO, "could not set statistics collector socket to nonblocking mode: " + describe(e));
            closeQuietly(socket);
            return disabled(log);
        }
        ensureReceiveBuffer(socket, log);
        return new StatsSocket(socket, working.address(), log);
    }

    /** A socket that passed the self-test, and the address it is bound and connected to. */
    private record Working(CandidateChannel socket, InetSocketAddress address) {
    }

    /**
     * Steps 3.3–3.10 for one address: create, bind, learn the address, connect to it, send the
     * test byte, wait for it, read it back. Returns null, having logged why and closed the
     * socket, if any step fails.
     */
    private static Working tryAddress(InetSocketAddress candidate, ChannelFactory factory, Logger log) {
        ProtocolFamily family = candidate.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        CandidateChannel socket;
        try {
            socket = factory.open(family);
        } catch (Exception e) {
            log.log(Level.INFO, "could not create socket for statistics collector: " + describe(e));
            return null;
        }
        try {
            socket.bind(candidate);
        } catch (Exception e) {
            return fail(socket, log, "could not bind socket for statistics collector: " + describe(e));
        }
        InetSocketAddress own;
        try {
            own = socket.localAddress();
        } catch (Exception e) {
            return fail(socket, log, "could not get address of socket for statistics collector: " + describe(e));
        }
        try {
            socket.connect(own);
        } catch (Exception e) {
            return fail(socket, log, "could not connect socket for statistics collector: " + describe(e));
        }
        try {
            int sent = socket.write(ByteBuffer.wrap(new byte[] {(byte) TEST_BYTE}));
            if (sent != 1) {
                return fail(socket, log, "could not send test message on socket for statistics collector: "
                        + "sent " + sent + " of 1 byte");
            }
        } catch (Exception e) {
            return fail(socket, log, "could not send test message on socket for statistics collector: " + describe(e));
        }
        try {
            if (!socket.awaitReadable(TEST_WAIT_MILLIS)) {
                // what firewall rules that drop loopback UDP look like (SQLSTATE 08006)
                return fail(socket, log, "test message did not get through on socket for statistics collector");
            }
        } catch (Exception e) {
            return fail(socket, log, "select() failed in statistics collector: " + describe(e));
        }
        // a value other than the test byte, so that a read that stores nothing cannot pass
        ByteBuffer in = ByteBuffer.allocate(1).put(0, (byte) (TEST_BYTE + 1));
        int received;
        try {
            received = socket.read(in);
        } catch (Exception e) {
            return fail(socket, log, "could not receive test message on socket for statistics collector: "
                    + describe(e));
        }
        if (received != 1 || in.get(0) != (byte) TEST_BYTE) {
            // SQLSTATE XX000 in PostgreSQL
            return fail(socket, log, "incorrect test message transmission on socket for statistics collector");
        }
        return new Working(socket, own);
    }

    private static Working fail(CandidateChannel socket, Logger log, String line) {
        log.log(Level.INFO, line);
        closeQuietly(socket);
        return null;
    }

    /**
     * Step 6: raise the receive buffer to {@link #MIN_RCVBUF} if smaller, never lower it.
     *
     * <p>The JDK reports {@code SO_RCVBUF} in the units one sets it in: on Linux the kernel
     * doubles a value when it is set and {@code getsockopt} returns the doubled value, and the
     * JDK halves it back (setting 102 400 reads back 102 400). PostgreSQL compares the raw,
     * doubled value, so on Linux we raise the buffer in a few more cases than it does (raw
     * 102 400–204 799), to the same 102 400 it would set; the buffer only ever grows.
     */
    private static void ensureReceiveBuffer(CandidateChannel socket, Logger log) {
        int current;
        try {
            current = socket.receiveBufferSize();
        } catch (Exception e) {
            log.log(Level.INFO, "getsockopt(SO_RCVBUF) failed: " + describe(e));
            current = 0;
        }
        if (current < MIN_RCVBUF) {
            try {
                socket.setReceiveBufferSize(MIN_RCVBUF);
            } catch (Exception e) {
                log.log(Level.INFO, "setsockopt(SO_RCVBUF) failed: " + describe(e));
            }
        }
    }

    private static StatsSocket disabled(Logger log) {
        log.log(Level.INFO, "disabling statistics collector for lack of working socket");
        return new StatsSocket(null, null, log);
    }

    /** What PostgreSQL's {@code %m} would say: the exception's message, or its kind. */
    static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void closeQuietly(CandidateChannel socket) {
        try {
            socket.close();
        } catch (Exception ignored) {
            // a socket we are giving up on; nothing more to do with it
        }
    }

    /** False when no working socket could be made: statistics are disabled. */
    public boolean isEnabled() {
        return socket != null;
    }

    /**
     * The channel itself, for passing its descriptor to other processes and for a
     * {@link DatagramReceiver}. It is connected to itself and non-blocking; do not change that.
     *
     * @throws IllegalStateException if statistics are disabled
     */
    public DatagramChannel channel() {
        if (socket == null) {
            throw new IllegalStateException("statistics are disabled: no statistics socket");
        }
        return socket.channel();
    }

    /**
     * The address the socket is bound and connected to ({@code 127.0.0.1:port} or
     * {@code [::1]:port}).
     *
     * @throws IllegalStateException if statistics are disabled
     */
    public InetSocketAddress address() {
        if (socket == null) {
            throw new IllegalStateException("statistics are disabled: no statistics socket");
        }
        return address;
    }

    /**
     * The one sender of this process, shared by all its backends so that its counts cover them
     * all; it numbers its datagrams ({@link SequencingSender}). Drops and counts everything when
     * statistics are disabled.
     */
    public StatsSender sender() {
        return sender;
    }

    /** A receiver for the collector: drains this socket. */
    public DatagramReceiver newReceiver() throws IOException {
        return DatagramReceiver.open(channel());
    }

    /** Closes the socket; senders drop from then on. Idempotent. */
    @Override
    public void close() {
        if (socket != null) {
            closeQuietly(socket);
        }
    }

    @Override
    public String toString() {
        return socket == null ? "StatsSocket[disabled]" : "StatsSocket[" + address + "]";
    }
}
