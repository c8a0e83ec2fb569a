package org.pgstat4j.server.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared comparison's rules, on rows made up for each rule. */
class ViewComparisonTest {
    private static final List<String> HEADER = List.of("datid", "datname", "numbackends", "xact_commit", "stats_reset");

    private static List<String> row(String... values) {
        return Arrays.asList(values);
    }

    private static ViewComparison.Tally compare(ViewComparison c, List<List<String>> postgres, List<List<String>> ours) {
        ViewComparison.Tally t = new ViewComparison.Tally();
        c.compare("pg_stat_database", HEADER, postgres, ours, t);
        return t;
    }

    @Test
    void aCounterThatDiffersIsOneMismatchNamingRowColumnAndBothValues() {
        ViewComparison.Tally t = compare(new ViewComparison(null),
                List.of(row("5", "work", "3", "12", "2026-12-04 21:00:00.5+00")),
                List.of(row("5", "work", "0", "11", "2026-12-04 21:00:00.5+00")));
        assertThat(t.mismatches).hasSize(1);
        assertThat(t.mismatches.getFirst().toString())
                .isEqualTo("pg_stat_database row datid=5 column xact_commit: PostgreSQL '12', pgstat4j '11'");
        assertThat(t.skipped).as("numbackends is not the collector's").containsEntry("numbackends", 1);
        assertThat(t.exact).isEqualTo(3);
    }

    @Test
    void collectorClockTimestampsMustAgreeOnNullAndStayWithinTheTolerance() {
        ViewComparison c = new ViewComparison(Duration.ofSeconds(5));
        assertThat(compare(c, List.of(row("5", "w", "0", "1", "2026-12-04 21:00:00.5+00")),
                List.of(row("5", "w", "0", "1", "2026-12-04 21:00:04.25+00"))).mismatches).isEmpty();
        assertThat(compare(c, List.of(row("5", "w", "0", "1", "2026-12-04 21:00:00+00")),
                List.of(row("5", "w", "0", "1", "2026-12-04 21:00:06+00"))).mismatches)
                .singleElement().extracting(ViewComparison.Mismatch::rule).asString().contains("6000 ms apart");
        assertThat(compare(c, List.of(row("5", "w", "0", "1", null)),
                List.of(row("5", "w", "0", "1", "2026-12-04 21:00:00+00"))).mismatches)
                .singleElement().extracting(ViewComparison.Mismatch::rule).isEqualTo("NULL-ness");
    }

    @Test
    void aMissingRowIsARowSetMismatchListingBothKeyLists() {
        ViewComparison.Tally t = compare(new ViewComparison(null),
                List.of(row("0", null, "0", "1", null), row("5", "w", "0", "1", null)),
                List.of(row("0", null, "0", "1", null)));
        assertThat(t.mismatches).singleElement().satisfies(m -> {
            assertThat(m.rule()).isEqualTo("row set");
            assertThat(m.postgres()).isEqualTo("[datid=0, datid=5]");
            assertThat(m.pgstat4j()).isEqualTo("[datid=0]");
        });
    }
}
