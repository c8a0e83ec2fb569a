package org.pgstat4j.server.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The kernel's drop counter of the statistics socket on Linux: the last column of its line
 * in {@code /proc/net/udp} (or {@code udp6}). Loopback UDP drops at the receiver without
 * telling the sender, so this is the only place message loss under bursts becomes visible.
 */
public final class KernelDrops {
    private KernelDrops() {
    }

    /**
     * Drops counted for the socket bound to {@code local} and connected to itself, or -1 if it
     * cannot be found. Both tables are searched: an IPv4 address may belong to a dual-stack
     * IPv6 socket, listed in {@code udp6} with a v4-mapped address.
     */
    public static long of(InetSocketAddress local) {
        String port = String.format(Locale.ROOT, ":%04X", local.getPort());
        for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
            long n = find(Path.of(table), port);
            if (n >= 0) {
                return n;
            }
        }
        return -1;
    }

    private static long find(Path table, String port) {
        try {
            List<String> lines = Files.readAllLines(table);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st ... drops: connected to itself, on that port
                if (f.length > 3 && f[1].endsWith(port) && f[2].equals(f[1])) {
                    return Long.parseLong(f[f.length - 1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
