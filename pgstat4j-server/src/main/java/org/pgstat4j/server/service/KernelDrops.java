package org.pgstat4j.server.service;

import java.io.IOException;
import java.net.Inet6Address;
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

    /** Drops counted for the socket bound to {@code local}, or -1 if it cannot be read. */
    public static long of(InetSocketAddress local) {
        boolean v6 = local.getAddress() instanceof Inet6Address;
        Path table = Path.of(v6 ? "/proc/net/udp6" : "/proc/net/udp");
        String port = String.format(Locale.ROOT, ":%04X", local.getPort());
        try {
            List<String> lines = Files.readAllLines(table);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st ... drops
                if (f.length > 3 && f[1].endsWith(port) && f[2].endsWith(port)) {
                    return Long.parseLong(f[f.length - 1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
