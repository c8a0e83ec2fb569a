package org.pgstat4j.server.replay;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.pgstat4j.view.PsqlOutput;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.view.ViewDefinition;

/**
 * The one comparison of a statistics view as pgstat4j computes it with the same view as
 * PostgreSQL 14 printed it, value by value as PostgreSQL's text (psql's CSV, or text results).
 *
 * <ul>
 * <li>Counters, and timestamps carried by messages (last_*vacuum/analyze, archiver times,
 *     checksum_last_failure), must be equal as text; float8 columns compare as PostgreSQL's
 *     text output.</li>
 * <li>Timestamps of the collector's own clock ({@code stats_reset}) are compared by NULL-ness,
 *     and, when a tolerance is given, by distance: a replay's clock is the capture time, which
 *     differs from PostgreSQL's processing time by microseconds (and a fresh cluster's reset
 *     times are the collector's start, which no datagram carries).</li>
 * <li>Columns not fed by the collector are skipped, each with its reason.</li>
 * <li>The row set (and order) must be the same: the same keys, nothing missing or extra.</li>
 * </ul>
 *
 * <p>Invariant: every compared value either counts as equal or yields one {@link Mismatch};
 * nothing is silently dropped.
 */
public final class ViewComparison {
    /** Columns stamped with the collector's clock when it processes a message. */
    public static final Set<String> COLLECTOR_CLOCK = Set.of("stats_reset");

    /** Columns PostgreSQL does not take from the collector, and why. */
    public static final Map<String, String> NOT_FROM_COLLECTOR = Map.of("numbackends",
            "counts the backends connected now, read from shared memory; "
                    + "a capture of collector traffic does not carry it");

    /** Columns that identify a row; their values must list the same rows in the same order. */
    public static final Set<String> KEY_COLUMNS = Set.of("relid", "indexrelid", "funcid", "datid", "name", "slot_name");

    private static final DateTimeFormatter PG_TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 6, true).optionalEnd()
            .appendPattern("X").toFormatter();

    /**
     * One value that differs.
     *
     * @param key      the row's key columns ({@code relid=16385 ...}), or "(rows)" for a row-set difference
     * @param postgres PostgreSQL's value (null = NULL)
     * @param pgstat4j pgstat4j's value (null = NULL)
     */
    public record Mismatch(String view, String key, String column, String postgres, String pgstat4j, String rule) {
        @Override
        public String toString() {
            return view + " row " + key + " column " + column + ": PostgreSQL " + show(postgres) + ", pgstat4j "
                    + show(pgstat4j) + (rule.isEmpty() ? "" : " (" + rule + ")");
        }
    }

    /** Running totals over views. */
    public static final class Tally {
        public int views;
        public int rows;
        public int exact;
        public int clock;
        public final Map<String, Integer> skipped = new LinkedHashMap<>();
        public final List<Mismatch> mismatches = new ArrayList<>();

        public String summary() {
            return views + " views, " + rows + " rows, " + exact + " values equal as text, " + clock
                    + " collector-clock timestamps compared, skipped " + skipped + ", " + mismatches.size()
                    + " mismatches";
        }
    }

    private final Duration clockTolerance;

    /**
     * @param clockTolerance how far a collector-clock timestamp may be from PostgreSQL's, or null
     *                       to compare only whether it is NULL
     */
    public ViewComparison(Duration clockTolerance) {
        this.clockTolerance = clockTolerance;
    }

    /** pgstat4j's rows of {@code view} as PostgreSQL's text, those {@code where} accepts, in export order. */
    public static List<List<String>> render(ViewDefinition view, ViewContext ctx, Predicate<Map<String, String>> where) {
        List<List<String>> out = new ArrayList<>();
        for (String[] r : PsqlOutput.render(view.columns(), view.orderedRows(ctx))) {
            List<String> row = Arrays.asList(r);
            if (where.test(asMap(view.columnNames(), row))) {
                out.add(row);
            }
        }
        return out;
    }

    /**
     * Compares PostgreSQL's rows of a view (header = its column names) with pgstat4j's, adding
     * to {@code t}. A different row set is one mismatch naming both key lists (values are then
     * not compared: rows cannot be paired).
     */
    public void compare(String label, List<String> header, List<List<String>> postgres, List<List<String>> pgstat4j,
                        Tally t) {
        List<String> expectedKeys = postgres.stream().map(r -> key(header, r)).toList();
        List<String> actualKeys = pgstat4j.stream().map(r -> key(header, r)).toList();
        t.views++;
        if (!expectedKeys.equals(actualKeys)) {
            t.mismatches.add(new Mismatch(label, "(rows)", "(keys in order)", expectedKeys.toString(),
                    actualKeys.toString(), "row set"));
            return;
        }
        t.rows += postgres.size();
        for (int i = 0; i < postgres.size(); i++) {
            for (int c = 0; c < header.size(); c++) {
                String column = header.get(c);
                String want = postgres.get(i).get(c);
                String got = pgstat4j.get(i).get(c);
                if (NOT_FROM_COLLECTOR.containsKey(column)) {
                    t.skipped.merge(column, 1, Integer::sum);
                } else if (COLLECTOR_CLOCK.contains(column)) {
                    t.clock++;
                    String problem = clockProblem(want, got);
                    if (problem != null) {
                        t.mismatches.add(new Mismatch(label, expectedKeys.get(i), column, want, got, problem));
                    }
                } else {
                    t.exact++;
                    if (!Objects.equals(want, got)) {
                        t.mismatches.add(new Mismatch(label, expectedKeys.get(i), column, want, got, ""));
                    }
                }
            }
        }
    }

    private String clockProblem(String want, String got) {
        if ((want == null) != (got == null)) {
            return "NULL-ness";
        }
        if (want == null || clockTolerance == null) {
            return null;
        }
        Duration d = Duration.between(parse(want), parse(got)).abs();
        return d.compareTo(clockTolerance) > 0 ? "collector clock, " + d.toMillis() + " ms apart, more than "
                + clockTolerance.toMillis() + " ms" : null;
    }

    private static OffsetDateTime parse(String timestamptz) {
        return OffsetDateTime.parse(timestamptz, PG_TIMESTAMPTZ);
    }

    public static String show(String v) {
        return v == null ? "NULL" : "'" + v + "'";
    }

    public static Map<String, String> asMap(List<String> header, List<String> row) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            m.put(header.get(i), row.get(i));
        }
        return m;
    }

    public static String key(List<String> header, List<String> row) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < header.size(); i++) {
            if (KEY_COLUMNS.contains(header.get(i))) {
                sb.append(header.get(i)).append('=').append(row.get(i)).append(' ');
            }
        }
        return sb.isEmpty() ? "(single row)" : sb.toString().trim();
    }
}
