/**
 * Sharing the one statistics socket with other processes (DESIGN.md §1, spec §2.2–2.4), on
 * Linux, through the Foreign Function &amp; Memory API calling the C library.
 *
 * <p>PostgreSQL creates one UDP socket, connects it to its own address and shares it with every
 * child by {@code fork}. The kernel then accepts only datagrams whose source is that very
 * address and port, so only holders of the socket can feed the collector. A JVM cannot fork,
 * so pgstat4j shares the descriptor itself:
 *
 * <ol>
 *   <li>The server finds the descriptor of its statistics {@code DatagramChannel} and takes a
 *       duplicate ({@link org.pgstat4j.transport.unix.DatagramChannelFd}).</li>
 *   <li>It listens on a Unix-domain socket file in the data directory, mode 0600
 *       ({@link org.pgstat4j.transport.unix.UnixSocketServer}).</li>
 *   <li>A process that connects ({@link org.pgstat4j.transport.unix.UnixSocketClient}) is
 *       identified by the kernel ({@link org.pgstat4j.transport.unix.PeerCredentials},
 *       {@code SO_PEERCRED}), and, if the server agrees, receives the descriptor with a short
 *       payload such as a version or status line
 *       ({@link org.pgstat4j.transport.unix.FdPassing}, {@code SCM_RIGHTS}).</li>
 *   <li>The receiving process now holds the same kernel socket as the server: an attached
 *       client sends on it ({@link org.pgstat4j.transport.unix.RawDatagramSender}, a
 *       {@link org.pgstat4j.transport.StatsSender}); the collector process drains it
 *       ({@link org.pgstat4j.transport.unix.RawDatagramReceiver}). Their datagrams carry the
 *       socket's own source address, so the connect-to-self filter keeps working and no
 *       other authentication of messages is needed.</li>
 * </ol>
 *
 * <p><b>Receiving in batches.</b> The collector (in its own process or on a thread of the
 * server) receives through {@link org.pgstat4j.transport.unix.DrainingReceiver}: 64 datagrams
 * per {@code recvmmsg} call into a ring of 4,096 slots it applies them from. The collector
 * fills the ring itself whenever it finds it empty; a thread that only drains takes over once
 * the kernel's queue holds half the receive buffer (the collector behind, applying a long
 * burst or writing stats files), so the buffer never fills while the ring has room. At start
 * it raises the socket's receive buffer
 * ({@link org.pgstat4j.transport.unix.ReceiveBuffer}: {@code SO_RCVBUFFORCE}, else
 * {@code SO_RCVBUF} up to {@code net.core.rmem_max}) and logs what the kernel granted.
 *
 * <p>Every holder shares one open file description, so its O_NONBLOCK flag is shared too; the
 * senders and the receiver here therefore never rely on it and pass {@code MSG_DONTWAIT} on
 * every call. Nothing here ever shuts the shared socket down.
 *
 * <p>{@link org.pgstat4j.transport.unix.Libc} holds the C calls (errno captured with each
 * call); {@link org.pgstat4j.transport.unix.LinuxAbi} holds every constant and struct layout,
 * for LP64 Linux on x86-64 and aarch64. Each descriptor has one owner that closes it exactly
 * once and never while a call uses it. The JVM needs native access for the library:
 * {@code --enable-native-access=org.pgstat4j.core} on the module path, {@code ALL-UNNAMED} on
 * the class path. The package is not exported: users reach it through {@code StatsClient} and
 * the attach service.
 */
package org.pgstat4j.transport.unix;
