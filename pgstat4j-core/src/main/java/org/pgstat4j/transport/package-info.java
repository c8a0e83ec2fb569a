/**
 * The statistics socket and the two ends that use it (spec §2, §3.3–3.4; DESIGN.md §1).
 *
 * <pre>
 *  backends (threads)                                   collector (one thread)
 *  StatsSender.send ──▶ ChannelStatsSender ──▶ ┌──────────────────────┐ ──▶ DatagramReceiver
 *   never blocks,       one non-blocking write │ UDP 127.0.0.1:port   │     drain until empty,
 *   drops are counted                          │ connected to itself  │     then sleep on a
 *  other processes ──── the same descriptor ─▶ └──────────────────────┘     Selector (wakeup())
 *                        (passed by another package)  StatsSocket
 * </pre>
 *
 * <p><b>Making the socket.</b> {@link org.pgstat4j.transport.StatsSocket#open} is PostgreSQL's
 * {@code pgstat_init}, step by step: resolve {@code localhost} ({@link
 * org.pgstat4j.transport.AddressResolver}), and for each IP address in turn create a datagram
 * socket ({@link org.pgstat4j.transport.ChannelFactory}, {@link
 * org.pgstat4j.transport.CandidateChannel}), bind it to port 0, connect it to its own address,
 * and prove it with a test byte (199) that must come back within 0.5 s. The first address that
 * passes wins; the socket is then made non-blocking and given a receive buffer of at least
 * 100 KiB. Every failure is logged with PostgreSQL's own text, and if no address works the
 * server carries on with statistics disabled: nothing here ever throws at start-up.
 *
 * <p><b>Why connected to itself.</b> The kernel then delivers only datagrams whose source is
 * the socket's own address and port, that is, datagrams sent through this socket. Holding the
 * socket is the credential: in-process backends share it, other processes must be handed its
 * descriptor ({@link org.pgstat4j.transport.StatsSocket#channel()}).
 *
 * <p><b>Sending</b> ({@link org.pgstat4j.transport.ChannelStatsSender}): one {@code write} per
 * datagram on the non-blocking socket; if the kernel does not take it at once it is dropped and
 * counted, never retried. The socket's own sender is wrapped in a
 * {@link org.pgstat4j.transport.SequencingSender}: every datagram goes out behind this
 * process's identity and its next sequence number (a {@code SEQUENCED} envelope, pgstat4j's
 * own message type 100), so the collector counts each sender's lost datagrams, wherever they
 * were lost. <b>Receiving</b> ({@link org.pgstat4j.transport.DatagramReceiver}): one datagram
 * per call into one reused buffer larger than the 1000-byte limit, so that an over-long
 * datagram shows as such and is rejected by the protocol package's validation. The collector
 * normally receives in batches instead, on a thread of its own
 * ({@code transport.unix.DrainingReceiver}).
 *
 * <p>Dependencies: this package uses {@code org.pgstat4j.protocol} for the size limit only;
 * it never decodes messages.
 */
package org.pgstat4j.transport;
