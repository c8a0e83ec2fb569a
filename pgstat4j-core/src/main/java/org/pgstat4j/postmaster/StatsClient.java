package org.pgstat4j.postmaster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.SequencingSender;
import org.pgstat4j.transport.StatsSender;
import org.pgstat4j.transport.unix.RawDatagramSender;

/**
 * A process attached to a running pgstat4j server — what a JVM other than the server uses to
 * send statistics and read them. {@link #attach} connects to {@code DIR/.s.PGSTAT}, receives
 * the server's statistics socket itself (so datagrams carry the socket's own address and pass
 * its connect-to-self filter, as a forked PostgreSQL backend's do) and learns where the stats
 * files are.
 *
 * <pre>{@code
 * try (StatsClient stats = StatsClient.attach(Path.of("/var/lib/pgstat4j"))) {
 *     stats.sender().send(datagram);                  // never blocks
 *     Snapshot s = stats.newReader(dbOid).snapshot(); // inquiry, then the collector's file
 * }
 * }</pre>
 *
 * <p>Invariant (DESIGN.md §4): statistics never hurt the host. If the server runs with
 * statistics disabled the client attaches all the same, with a sender that drops and counts
 * ({@link #isEnabled()} false). Only a missing server or a refusal (another user) makes
 * {@link #attach} throw. The sender is thread-safe; readers are one per session.
 *
 * <p>The one way to misuse it: closing it while backends built on its sender still run.
 * Everything they send afterwards is dropped; close the backends first.
 */
public final class StatsClient implements AutoCloseable {
    private final DataDirectory dir;
    private final StatsSender sender;
    private final StatsFiles files;
    private final ServerSettings settings;
    private final InetSocketAddress address;
    private final long serverPid;

    private StatsClient(DataDirectory dir, StatsSender sender, StatsFiles files, ServerSettings settings,
                        InetSocketAddress address, long serverPid) {
        this.dir = dir;
        this.sender = sender;
        this.files = files;
        this.settings = settings;
        this.address = address;
        this.serverPid = serverPid;
    }

    /**
     * Attaches to the server running on {@code dataDir}.
     *
     * @throws AttachRefusedException if the server refuses (the process is not of the server's user)
     * @throws IOException if no server answers on the data directory
     */
    public static StatsClient attach(Path dataDir) throws IOException {
        DataDirectory dir = new DataDirectory(dataDir);
        AttachReply reply = AttachReply.request(dir);
        switch (reply.status()) {
            case AttachReply.REFUSED -> throw new AttachRefusedException(reply.message());
            case AttachReply.DISABLED -> {
                return build(dir, reply, StatsSender.disabled(), null);
            }
            case AttachReply.OK -> {
                if (reply.fd() < 0) {
                    throw new IOException("the pgstat4j server on \"" + dir.root()
                            + "\" granted the attach but sent no socket");
                }
                RawDatagramSender sender = new RawDatagramSender(reply.fd());
                try {
                    InetSocketAddress a = new InetSocketAddress(reply.values().get("stats_address"),
                            Integer.parseInt(reply.values().get("stats_port")));
                    // numbered, like the server's own sender, so the collector counts this process's losses
                    return build(dir, reply, new SequencingSender(sender), a);
                } catch (RuntimeException e) {
                    sender.close();
                    throw new IOException("malformed attach reply from the pgstat4j server: " + e.getMessage(), e);
                }
            }
            default -> {
                reply.closeFd();
                throw new IOException("unexpected attach reply from the pgstat4j server: status \"" + reply.status()
                        + "\" " + reply.message());
            }
        }
    }

    private static StatsClient build(DataDirectory dir, AttachReply reply, StatsSender sender, InetSocketAddress a) {
        Path permanent = Path.of(reply.values().getOrDefault("permanent_directory", dir.permanentDir().toString()));
        Path temp = Path.of(reply.values().getOrDefault("temp_directory", dir.root().resolve(DataDirectory.TEMP_DIR)
                .toString()));
        return new StatsClient(dir, sender, new StatsFiles(permanent, temp), reply.settings(), a,
                Long.parseLong(reply.values().getOrDefault("server_pid", "0")));
    }

    /** False when the server has no working statistics socket: the sender then drops everything. */
    public boolean isEnabled() {
        return address != null;
    }

    /** Sends on the server's statistics socket; never blocks, drops and counts when it cannot send. */
    public StatsSender sender() {
        return sender;
    }

    /** The stats files, where the collector publishes snapshots (as of the attach). */
    public StatsFiles files() {
        return files;
    }

    /** A reader for a session connected to database {@code databaseId} (spec §7). */
    public SnapshotReader newReader(int databaseId) {
        return new SnapshotReader(files, sender, databaseId);
    }

    /**
     * The server's settings at attach time; the {@code track_*} ones tell a backend what to
     * count. A later reload of the server is seen by attaching again.
     */
    public ServerSettings settings() {
        return settings;
    }

    /** The statistics socket's address, or null when statistics are disabled. */
    public InetSocketAddress statsAddress() {
        return address;
    }

    public long serverPid() {
        return serverPid;
    }

    public Path dataDirectory() {
        return dir.root();
    }

    /** Closes this process's descriptor of the socket; the server and other holders keep theirs. */
    @Override
    public void close() {
        StatsSender s = sender instanceof SequencingSender numbered ? numbered.target() : sender;
        if (s instanceof RawDatagramSender raw) {
            raw.close();
        }
    }
}
