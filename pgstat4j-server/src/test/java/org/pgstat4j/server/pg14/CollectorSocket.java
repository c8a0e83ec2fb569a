package org.pgstat4j.server.pg14;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the UDP port of a PostgreSQL 14 postmaster's statistics-collector socket from Linux's
 * {@code /proc}: among the sockets the postmaster holds open ({@code /proc/PID/fd}), the UDP one
 * (in {@code /proc/net/udp} or {@code /proc/net/udp6}) whose local address equals its remote
 * address — PostgreSQL connects that socket to itself.
 *
 * <p>Invariant: answers one port or fails; it never guesses among several candidates.
 */
final class CollectorSocket {
    private CollectorSocket() {
    }

    /**
     * Datagrams the kernel dropped because the self-connected socket on {@code port} was full
     * (the last field of its {@code /proc/net/udp} line), or -1 if no such socket is found.
     */
    static long drops(int port) throws IOException {
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 12 && f[1].equals(f[2])
                        && Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16) == port) {
                    return Long.parseLong(f[f.length - 1]);
                }
            }
        }
        return -1;
    }

    static int find(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        Set<Integer> ports = new TreeSet<>();
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && inodes.contains(f[9]) && f[1].equals(f[2])) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        if (ports.size() != 1) {
            throw new IOException("expected one self-connected UDP socket of postmaster " + pid + ", found ports "
                    + ports);
        }
        return ports.iterator().next();
    }
}
