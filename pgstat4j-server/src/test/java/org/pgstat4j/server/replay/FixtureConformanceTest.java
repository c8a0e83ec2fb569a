package org.pgstat4j.server.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.CsvReader;
import org.pgstat4j.catalog.Fixtures;
import org.pgstat4j.view.PsqlOutput;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * Conformance with PostgreSQL 14 itself: every real capture in {@code fixtures/} is replayed
 * up to the INQUIRY of its export session, and every value of every exported view is compared
 * with what PostgreSQL printed (its {@code psql --csv} files are the truth).
 *
 * <ul>
 * <li>Counters, and timestamps carried by messages (last_*vacuum/analyze, archiver times,
 *     checksum_last_failure), must be equal as text; float8 columns compare as PostgreSQL's
 *     text output.</li>
 * <li>Timestamps of the collector's own clock ({@code stats_reset}) are compared by NULL-ness:
 *     the replay's clock is the capture time, which differs from PostgreSQL's processing time
 *     by microseconds.</li>
 * <li>Columns not fed by the collector are skipped, each with its reason.</li>
 * <li>The row set (and order) must be the same: the same keys, nothing missing or extra.</li>
 * </ul>
 */
class FixtureConformanceTest {
    /** Columns stamped with the collector's clock when it processes a message. */
    private static final Set<String> COLLECTOR_CLOCK = Set.of("stats_reset");

    /** Columns PostgreSQL does not take from the collector, and why. */
    private static final Map<String, String> NOT_FROM_COLLECTOR = Map.of("numbackends",
            "counts the backends connected now, read from shared memory (1 = the export session); "
                    + "a capture of collector traffic does not carry it");

    /** Columns that identify a row; their values must list the same rows in the same order. */
    private static final Set<String> KEY_COLUMNS = Set.of("relid", "indexrelid", "funcid", "datid", "name", "slot_name");

    /** One exported CSV: the view it came from and the WHERE clause of the export, if any. */
    record Export(String csv, String view, Predicate<Map<String, String>> where) {
        static Export all(String view) {
            return new Export(view + ".csv", view, r -> true);
        }
    }

    /**
     * One capture with its exports.
     *
     * @param inquiryIndex the export's INQUIRY (0-based among collector datagrams), from the README
     * @param slotsFile    the export of {@code pg_replication_slots} (which slots exist), or null
     */
    record Fixture(String name, Path dir, String capture, Path catalog, boolean dataChecksums,
                   long inquiryIndex, String slotsFile, List<Export> exports) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Fixture> fixtures() {
        Path mixed = Fixtures.dir("pg14-mixed");
        Path rare = Fixtures.dir("pg14-rare");
        List<Export> shared = List.of(Export.all("pg_stat_user_tables"), Export.all("pg_statio_user_tables"),
                Export.all("pg_stat_user_indexes"), Export.all("pg_statio_user_indexes"),
                Export.all("pg_stat_database"), Export.all("pg_stat_bgwriter"), Export.all("pg_stat_wal"),
                Export.all("pg_stat_slru"), Export.all("pg_stat_archiver"));
        List<Export> mixedExports = new ArrayList<>(shared);
        mixedExports.add(Export.all("pg_stat_user_functions"));
        mixedExports.add(new Export("pg_stat_database_conflicts.csv", "pg_stat_database_conflicts",
                r -> "fx".equals(r.get("datname"))));
        List<Export> rareExports = new ArrayList<>(shared);
        rareExports.add(Export.all("pg_stat_database_conflicts"));
        rareExports.add(Export.all("pg_stat_replication_slots"));
        List<Export> standbyExports = List.of(
                new Export("standby/pg_stat_database.csv", "pg_stat_database", r -> true),
                new Export("standby/pg_stat_database_conflicts.csv", "pg_stat_database_conflicts", r -> true));
        return Stream.of(
                new Fixture("pg14-mixed", mixed, "pg14-mixed.pcap", mixed.resolve("catalog"), false, 508, null,
                        mixedExports),
                new Fixture("pg14-rare primary", rare, "primary.pcap", rare.resolve("catalog"), true, 541,
                        "replication_slots.csv", rareExports),
                // the standby is a base backup of the primary: same catalog, data checksums on
                new Fixture("pg14-rare standby", rare, "standby.pcap", rare.resolve("catalog"), true, 34, null,
                        standbyExports));
    }

    /** Running totals for the summary line. */
    private static final class Tally {
        int views;
        int rows;
        int exact;
        int nullness;
        Map<String, Integer> skipped = new LinkedHashMap<>();
        List<String> mismatches = new ArrayList<>();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void replayReproducesEveryExportedValue(Fixture f) throws Exception {
        CaptureReplay.Result result = CaptureReplay.replay(f.dir().resolve(f.capture()),
                new CaptureReplay.Options(null, null, false));
        assertThat(result.stopIndex()).as("stopped after the export's INQUIRY").isEqualTo(f.inquiryIndex());
        assertThat(result.rejected()).as("every PostgreSQL datagram is valid").isZero();

        Catalog catalog = Catalog.loadCsvDirectory(f.catalog());
        ViewContext ctx = ViewContext.of(result.snapshot(), catalog).withDataChecksums(f.dataChecksums());
        if (f.slotsFile() != null) {
            List<String> slots = existingLogicalSlots(f.dir().resolve(f.slotsFile()));
            ctx = ctx.withLogicalSlots(() -> slots);
        }
        Tally t = new Tally();
        for (Export e : f.exports()) {
            compare(f, e, ctx, t);
        }
        System.out.printf("conformance %s: %d views, %d rows, %d values equal as text, %d stats_reset "
                        + "compared by NULL-ness, skipped %s, %d mismatches%n",
                f.name(), t.views, t.rows, t.exact, t.nullness, t.skipped, t.mismatches.size());
        assertThat(t.mismatches).as(f.name() + ": values differing from PostgreSQL's export").isEmpty();
        assertThat(t.exact).as("something was compared").isGreaterThan(100);
    }

    private static void compare(Fixture f, Export e, ViewContext ctx, Tally t) throws IOException {
        ViewDefinition view = Views.byName(e.view()).orElseThrow();
        List<List<String>> csv = CsvReader.readAll(f.dir().resolve(e.csv()));
        List<String> header = csv.getFirst();
        assertThat(header).as(e.csv() + " header = the view's columns").isEqualTo(view.columnNames());
        List<List<String>> expected = csv.subList(1, csv.size());
        List<List<String>> actual = new ArrayList<>();
        for (String[] r : PsqlOutput.render(view.columns(), view.orderedRows(ctx))) {
            List<String> row = java.util.Arrays.asList(r);
            if (e.where().test(asMap(header, row))) {
                actual.add(row);
            }
        }
        List<String> expectedKeys = expected.stream().map(r -> key(header, r)).toList();
        List<String> actualKeys = actual.stream().map(r -> key(header, r)).toList();
        assertThat(actualKeys).as(f.name() + " " + e.csv() + ": the rows (keys, in export order)")
                .isEqualTo(expectedKeys);
        t.views++;
        t.rows += expected.size();
        for (int i = 0; i < expected.size(); i++) {
            for (int c = 0; c < header.size(); c++) {
                String column = header.get(c);
                String want = expected.get(i).get(c);
                String got = actual.get(i).get(c);
                if (NOT_FROM_COLLECTOR.containsKey(column)) {
                    t.skipped.merge(column, 1, Integer::sum);
                } else if (COLLECTOR_CLOCK.contains(column)) {
                    t.nullness++;
                    if ((want == null) != (got == null)) {
                        t.mismatches.add(describe(e, expectedKeys.get(i), column, want, got) + " (NULL-ness)");
                    }
                } else {
                    t.exact++;
                    if (!Objects.equals(want, got)) {
                        t.mismatches.add(describe(e, expectedKeys.get(i), column, want, got));
                    }
                }
            }
        }
    }

    private static String describe(Export e, String key, String column, String want, String got) {
        return e.csv() + " row " + key + " column " + column + ": PostgreSQL " + show(want) + ", replay " + show(got);
    }

    private static String show(String v) {
        return v == null ? "NULL" : "'" + v + "'";
    }

    private static Map<String, String> asMap(List<String> header, List<String> row) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            m.put(header.get(i), row.get(i));
        }
        return m;
    }

    private static String key(List<String> header, List<String> row) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < header.size(); i++) {
            if (KEY_COLUMNS.contains(header.get(i))) {
                sb.append(header.get(i)).append('=').append(row.get(i)).append(' ');
            }
        }
        return sb.isEmpty() ? "(single row)" : sb.toString().trim();
    }

    /** Logical slots (those with a database) of a {@code pg_replication_slots} export. */
    private static List<String> existingLogicalSlots(Path file) throws IOException {
        List<List<String>> csv = CsvReader.readAll(file);
        int name = csv.getFirst().indexOf("slot_name");
        int datoid = csv.getFirst().indexOf("datoid");
        return csv.subList(1, csv.size()).stream().filter(r -> r.get(datoid) != null).map(r -> r.get(name)).toList();
    }
}
