package org.pgstat4j.postmaster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pgstat4j.collector.CollectorCounters;
import org.pgstat4j.protocol.RejectReason;

/**
 * The collector's health as the server and {@code pgstat4j ctl status} see it: the file
 * {@code pg_stat_tmp/collector.status}, {@code key=value} lines, rewritten atomically (tmp +
 * rename) by the collector after every stats-file write and every few seconds. The collector
 * runs in its own process, so a file is how its counters cross over, like its stats files.
 *
 * <p>Keys: {@code pid}, {@code mode} (process or embedded), {@code state} (running or stopped),
 * {@code started_at}, {@code updated_at} (ISO-8601), the counters {@code received},
 * {@code applied}, {@code rejected}, {@code rejected.REASON}, {@code inquiries},
 * {@code file_writes}, {@code file_write_failures}, {@code receive_errors},
 * {@code sequence_lost} (datagrams missing from their senders' sequences), {@code sequence_senders}, and
 * {@code durability}, {@code checkpoints}, {@code last_checkpoint_at}, {@code temp_directory}.
 *
 * <p>The one way to misuse it: taking a {@code running} state for proof of life. The file is
 * rewritten only by the collector, so a killed collector leaves its last state behind; compare
 * {@link #pid()} with a live process.
 */
public record CollectorStatus(Map<String, String> values) {
    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";

    /** The counters shown by {@code ctl status}, in order. */
    public static final String[] COUNTERS = {"received", "applied", "rejected", "inquiries", "file_writes",
        "file_write_failures", "receive_errors", "sequence_lost", "checkpoints"};

    public long pid() {
        return number("pid");
    }

    public String mode() {
        return values.getOrDefault("mode", "");
    }

    public String state() {
        return values.getOrDefault("state", "");
    }

    /** A counter's value, 0 if absent. */
    public long number(String key) {
        try {
            return Long.parseLong(values.getOrDefault(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public String get(String key) {
        return values.getOrDefault(key, "");
    }

    /** The status file, or empty if there is none (no collector has run yet). */
    public static Optional<CollectorStatus> read(Path file) throws IOException {
        try {
            if (!Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).isRegularFile()) {
                throw new IOException("\"" + file + "\" is not a regular file"); // never open a FIFO: it would block
            }
            return Optional.of(new CollectorStatus(KeyValues.parse(Files.readString(file, StandardCharsets.UTF_8))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** What a collector in {@code mode} reports; {@code lastCheckpoint} may be null. */
    static Map<String, String> describe(String mode, String state, Instant startedAt, CollectorCounters c,
                                        ServerSettings settings, Path tempDir, long checkpoints,
                                        Instant lastCheckpoint) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pid", Long.toString(ProcessHandle.current().pid()));
        m.put("mode", mode);
        m.put("state", state);
        m.put("started_at", startedAt.toString());
        m.put("updated_at", Instant.now().toString());
        m.put("received", Long.toString(c.received()));
        m.put("applied", Long.toString(c.applied()));
        m.put("rejected", Long.toString(c.rejected()));
        for (RejectReason r : RejectReason.values()) {
            m.put("rejected." + r.name().toLowerCase(Locale.ROOT), Long.toString(c.rejected(r)));
        }
        m.put("inquiries", Long.toString(c.inquiries()));
        m.put("file_writes", Long.toString(c.fileWrites()));
        m.put("file_write_failures", Long.toString(c.fileWriteFailures()));
        m.put("receive_errors", Long.toString(c.receiveErrors()));
        m.put("sequence_lost", Long.toString(c.sequences().lost()));
        m.put("sequence_senders", Long.toString(c.sequences().senders()));
        m.put("durability", settings.show(ServerSettings.Parameter.STATS_DURABILITY));
        m.put("checkpoints", Long.toString(checkpoints));
        m.put("last_checkpoint_at", lastCheckpoint == null ? "" : lastCheckpoint.toString());
        m.put("temp_directory", tempDir.toString());
        return m;
    }

    static void write(Path file, Map<String, String> values) throws IOException {
        KeyValues.writeAtomically(file, values);
    }
}
