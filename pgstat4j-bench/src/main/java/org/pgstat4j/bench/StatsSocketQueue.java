package org.pgstat4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the kernel holds for a statistics socket on Linux, from its line in
 * {@code /proc/net/udp} (or {@code udp6}): the bytes queued for the receiver
 * ({@code rx_queue}) and the datagrams dropped because the queue was full ({@code drops}).
 * A benchmark that sends from another process paces itself on the first and proves with the
 * second that nothing was lost. The socket is the one bound to {@code port} and connected to
 * itself, as the server's statistics socket is.
 */
record StatsSocketQueue(long bytes, long drops) {
    static StatsSocketQueue of(int port) throws IOException {
        String suffix = String.format(Locale.ROOT, ":%04X", port);
        for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                // sl local_address rem_address st tx_queue:rx_queue ... drops
                String[] f = line.trim().split("\\s+");
                if (f.length > 5 && f[1].endsWith(suffix) && f[2].equals(f[1])) {
                    String rx = f[4].substring(f[4].indexOf(':') + 1);
                    return new StatsSocketQueue(Long.parseLong(rx, 16), Long.parseLong(f[f.length - 1]));
                }
            }
        }
        throw new IOException("no UDP socket on port " + port + " connected to itself in /proc/net/udp");
    }
}
