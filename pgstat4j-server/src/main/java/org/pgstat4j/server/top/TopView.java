package org.pgstat4j.server.top;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.server.service.Health;
import org.pgstat4j.server.service.StatsService;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.snapshot.SnapshotReader;

/**
 * {@code pgstat4j top}'s screen: the busiest tables by recent activity (rows inserted, updated,
 * deleted and scans per second between two snapshots), the database's transaction and tuple
 * rates, and the collector's health, redrawn every interval over one {@link StatsService}.
 *
 * <p>One reader, cleared before each frame, so each frame is one consistent snapshot. Frames
 * start with ANSI "clear screen, cursor home" when drawing live; the first frame, having
 * nothing to compare with, shows cumulative counts.
 */
public final class TopView {
    static final String CLEAR_HOME = "\033[2J\033[H";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final StatsService service;
    private final SnapshotReader reader;
    private final int rows;
    private ActivitySample previous;

    public TopView(StatsService service, int rows) {
        this.service = service;
        this.reader = service.newReader();
        this.rows = rows;
    }

    /** Takes a new snapshot and returns the frame for it (rates against the previous one). */
    public String frame() {
        reader.clear();
        Snapshot s = reader.snapshot();
        ActivitySample sample = ActivitySample.of(service.viewContext(s));
        ActivityRates rates = previous == null ? null : ActivityRates.between(previous, sample);
        if (previous == null || sample.collectedAt() != previous.collectedAt()) {
            previous = sample;
        }
        return render(sample, rates, service.health(), reader.lastLoadWasStale());
    }

    /**
     * Draws {@code frames} frames, one per {@code interval} (the first at once), each preceded
     * by {@link #CLEAR_HOME} if {@code clear}; {@code frames <= 0} draws until interrupted.
     */
    public void run(PrintWriter out, int frames, Duration interval, boolean clear) throws InterruptedException {
        for (int i = 0; frames <= 0 || i < frames; i++) {
            if (i > 0) {
                Thread.sleep(interval.toMillis());
            }
            String f = frame();
            out.print(clear ? CLEAR_HOME + f : f);
            out.flush();
        }
    }

    String render(ActivitySample s, ActivityRates r, Health h, boolean stale) {
        StringBuilder b = new StringBuilder(2048);
        String age = s.collectedAt() == 0 ? "no snapshot"
                : String.format(Locale.ROOT, "snapshot %.1f s old", Math.max(0, PgTimestamps.now() - s.collectedAt()) / 1e6);
        b.append("pgstat4j top - database ").append(service.databaseName()).append(" - ")
                .append(CLOCK.format(Instant.now())).append(" - ").append(age).append(stale ? " (stale)" : "").append('\n');
        if (r == null) {
            b.append(String.format(Locale.ROOT, "totals: commits %d  rollbacks %d  inserted %d  updated %d  deleted %d  scans %d%n",
                    s.xactCommit(), s.xactRollback(), s.tupInserted(), s.tupUpdated(), s.tupDeleted(), s.scans()));
        } else {
            b.append(String.format(Locale.ROOT,
                    "per second: commits %.1f  rollbacks %.1f  inserted %.1f  updated %.1f  deleted %.1f  scans %.1f%n",
                    r.commits(), r.rollbacks(), r.inserted(), r.updated(), r.deleted(), r.scans()));
        }
        b.append("collector: received ").append(count(h.received())).append("  applied ").append(count(h.applied()))
                .append("  rejected ").append(count(h.rejected())).append("  sender drops ").append(count(h.senderDropped()))
                .append("  kernel drops ").append(count(h.kernelDropped())).append("  restarts ")
                .append(count(h.collectorRestarts())).append('\n').append('\n');
        if (r == null) {
            b.append(String.format(Locale.ROOT, "%-40s %12s %12s %12s %12s%n", "TABLE", "INSERTED", "UPDATED", "DELETED", "SCANS"));
            List<ActivitySample.Table> tables = s.tables().stream()
                    .sorted(Comparator.comparingLong((ActivitySample.Table t) -> -(t.inserted() + t.updated() + t.deleted() + t.scans()))
                            .thenComparing(ActivitySample.Table::schemaname).thenComparing(ActivitySample.Table::relname))
                    .limit(rows).toList();
            for (ActivitySample.Table t : tables) {
                b.append(String.format(Locale.ROOT, "%-40s %12d %12d %12d %12d%n", name(t.schemaname(), t.relname()),
                        t.inserted(), t.updated(), t.deleted(), t.scans()));
            }
        } else {
            b.append(String.format(Locale.ROOT, "%-40s %12s %12s %12s %12s%n", "TABLE", "INS/S", "UPD/S", "DEL/S", "SCANS/S"));
            for (ActivityRates.TableRate t : r.top(rows)) {
                b.append(String.format(Locale.ROOT, "%-40s %12.1f %12.1f %12.1f %12.1f%n", name(t.schemaname(), t.relname()),
                        t.inserted(), t.updated(), t.deleted(), t.scans()));
            }
        }
        return b.toString();
    }

    private static String count(long n) {
        return n < 0 ? "n/a" : Long.toString(n);
    }

    private static String name(String schema, String rel) {
        String n = schema + "." + rel;
        return n.length() <= 40 ? n : n.substring(0, 39) + "~";
    }
}
