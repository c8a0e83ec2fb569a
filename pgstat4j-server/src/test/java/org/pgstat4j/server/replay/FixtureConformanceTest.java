package org.pgstat4j.server.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.CsvReader;
import org.pgstat4j.catalog.Fixtures;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * Conformance with PostgreSQL 14 itself: every real capture in {@code fixtures/} is replayed
 * up to the INQUIRY of its export session, and every value of every exported view is compared
 * with what PostgreSQL printed (its {@code psql --csv} files are the truth), by the rules of
 * {@link ViewComparison}; timestamps of the collector's clock by NULL-ness only (the fixtures'
 * reset times may predate their captures).
 */
class FixtureConformanceTest {
    private static final ViewComparison COMPARISON = new ViewComparison(null);

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
        ViewComparison.Tally t = new ViewComparison.Tally();
        for (Export e : f.exports()) {
            compare(f, e, ctx, t);
        }
        System.out.printf("conformance %s: %s%n", f.name(), t.summary());
        assertThat(t.mismatches).as(f.name() + ": values differing from PostgreSQL's export").isEmpty();
        assertThat(t.exact).as("something was compared").isGreaterThan(100);
    }

    private static void compare(Fixture f, Export e, ViewContext ctx, ViewComparison.Tally t) throws IOException {
        ViewDefinition view = Views.byName(e.view()).orElseThrow();
        List<List<String>> csv = CsvReader.readAll(f.dir().resolve(e.csv()));
        List<String> header = csv.getFirst();
        assertThat(header).as(e.csv() + " header = the view's columns").isEqualTo(view.columnNames());
        COMPARISON.compare(f.name() + " " + e.csv(), header, csv.subList(1, csv.size()),
                ViewComparison.render(view, ctx, e.where()), t);
    }

    /** Logical slots (those with a database) of a {@code pg_replication_slots} export. */
    private static List<String> existingLogicalSlots(Path file) throws IOException {
        List<List<String>> csv = CsvReader.readAll(file);
        int name = csv.getFirst().indexOf("slot_name");
        int datoid = csv.getFirst().indexOf("datoid");
        return csv.subList(1, csv.size()).stream().filter(r -> r.get(datoid) != null).map(r -> r.get(name)).toList();
    }
}
