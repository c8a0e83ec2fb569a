package org.pgstat4j.server.top;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rates between two samples: exact arithmetic, resets, new tables, a stable busiest-first order. */
class ActivityRatesTest {
    private static final long SECOND = 1_000_000;

    private static ActivitySample.Table t(int relid, String name, long ins, long upd, long del, long scans) {
        return new ActivitySample.Table(relid, "public", name, ins, upd, del, scans);
    }

    @Test
    void ratesArePerSecondOfTheStatsFilesOwnTimestamps() {
        ActivitySample a = new ActivitySample(10 * SECOND, 100, 4, 1000, 50, 10,
                List.of(t(1, "a", 1000, 50, 10, 7), t(2, "b", 0, 0, 0, 0)));
        ActivitySample b = new ActivitySample(12 * SECOND, 120, 6, 1400, 60, 10,
                List.of(t(1, "a", 1400, 60, 10, 9), t(2, "b", 0, 0, 0, 0)));
        ActivityRates r = ActivityRates.between(a, b);
        assertThat(r.seconds()).isEqualTo(2.0);
        assertThat(r.commits()).isEqualTo(10.0);
        assertThat(r.rollbacks()).isEqualTo(1.0);
        assertThat(r.inserted()).isEqualTo(200.0);
        assertThat(r.updated()).isEqualTo(5.0);
        assertThat(r.deleted()).isZero();
        assertThat(r.scans()).isEqualTo(1.0);
        assertThat(r.tables().get(0).relname()).isEqualTo("a");
        assertThat(r.tables().get(0).inserted()).isEqualTo(200.0);
        assertThat(r.tables().get(0).total()).isCloseTo(200 + 5 + 0 + 1, within(1e-9));
    }

    @Test
    void aResetCounterCountsItsNewValueAndANewTableCountsFromZero() {
        ActivitySample a = new ActivitySample(SECOND, 500, 0, 0, 0, 0, List.of(t(1, "a", 900, 0, 0, 0)));
        ActivitySample b = new ActivitySample(2 * SECOND, 30, 0, 0, 0, 0,
                List.of(t(1, "a", 40, 0, 0, 0), t(3, "fresh", 7, 0, 0, 0)));
        ActivityRates r = ActivityRates.between(a, b);
        assertThat(r.commits()).isEqualTo(30.0);
        assertThat(r.tables()).extracting(ActivityRates.TableRate::relname).containsExactly("a", "fresh");
        assertThat(r.tables().get(0).inserted()).isEqualTo(40.0);
        assertThat(r.tables().get(1).inserted()).isEqualTo(7.0);
    }

    @Test
    void busiestFirstAndIdleTablesInNameOrder() {
        ActivitySample a = new ActivitySample(SECOND, 0, 0, 0, 0, 0,
                List.of(t(1, "zeta", 0, 0, 0, 0), t(2, "alpha", 0, 0, 0, 0), t(3, "busy", 0, 0, 0, 0),
                        t(4, "mid", 0, 0, 0, 0)));
        ActivitySample b = new ActivitySample(2 * SECOND, 0, 0, 0, 0, 0,
                List.of(t(1, "zeta", 0, 0, 0, 0), t(2, "alpha", 0, 0, 0, 0), t(3, "busy", 50, 0, 0, 0),
                        t(4, "mid", 0, 2, 0, 1)));
        ActivityRates r = ActivityRates.between(a, b);
        assertThat(r.tables()).extracting(ActivityRates.TableRate::relname).containsExactly("busy", "mid", "alpha", "zeta");
        assertThat(r.top(2)).extracting(ActivityRates.TableRate::relname).containsExactly("busy", "mid");
    }

    @Test
    void theSameStatsFileTwiceGivesNoRates() {
        ActivitySample a = new ActivitySample(SECOND, 1, 0, 0, 0, 0, List.of());
        assertThat(ActivityRates.between(a, a)).isNull();
        assertThat(ActivityRates.between(new ActivitySample(0, 0, 0, 0, 0, 0, List.of()), a)).isNull();
    }
}
