package org.pgstat4j.server.top;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-second rates between two {@link ActivitySample}s: the database's commits, rollbacks and
 * tuples, and each table's, busiest first. Shared by {@code pgstat4j top} and the dashboard.
 *
 * <p>A counter that went down was reset in between (a reset function, a crash): as Prometheus
 * does, its new value is taken as the increase. A table that is new in the later sample counts
 * from zero. Two samples of the same stats file have no elapsed time and give no rates.
 */
public record ActivityRates(double seconds, double commits, double rollbacks, double inserted, double updated,
                            double deleted, double scans, List<TableRate> tables) {
    /** One table's rates; {@code total} orders the "busiest tables" list. */
    public record TableRate(String schemaname, String relname, double inserted, double updated,
                            double deleted, double scans) {
        public double total() {
            return inserted + updated + deleted + scans;
        }
    }

    /** Busiest first; ties (e.g. idle tables) in name order, so the list does not flicker. */
    private static final Comparator<TableRate> BUSIEST = Comparator.comparingDouble(TableRate::total).reversed()
            .thenComparing(t -> t.schemaname().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned)
            .thenComparing(t -> t.relname().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);

    public ActivityRates {
        tables = List.copyOf(tables);
    }

    /** The rates from {@code before} to {@code after}, or null if no time passed between them. */
    public static ActivityRates between(ActivitySample before, ActivitySample after) {
        double s = (after.collectedAt() - before.collectedAt()) / 1e6;
        if (before.collectedAt() == 0 || s <= 0) {
            return null;
        }
        Map<Integer, ActivitySample.Table> old = new HashMap<>();
        for (ActivitySample.Table t : before.tables()) {
            old.put(t.relid(), t);
        }
        List<TableRate> tables = new ArrayList<>();
        for (ActivitySample.Table t : after.tables()) {
            ActivitySample.Table b = old.get(t.relid());
            tables.add(new TableRate(t.schemaname(), t.relname(),
                    rate(b == null ? 0 : b.inserted(), t.inserted(), s), rate(b == null ? 0 : b.updated(), t.updated(), s),
                    rate(b == null ? 0 : b.deleted(), t.deleted(), s), rate(b == null ? 0 : b.scans(), t.scans(), s)));
        }
        tables.sort(BUSIEST);
        return new ActivityRates(s, rate(before.xactCommit(), after.xactCommit(), s),
                rate(before.xactRollback(), after.xactRollback(), s),
                rate(before.tupInserted(), after.tupInserted(), s), rate(before.tupUpdated(), after.tupUpdated(), s),
                rate(before.tupDeleted(), after.tupDeleted(), s), rate(before.scans(), after.scans(), s), tables);
    }

    /** The first {@code n} tables, busiest first. */
    public List<TableRate> top(int n) {
        return tables.subList(0, Math.min(n, tables.size()));
    }

    private static double rate(long before, long after, double seconds) {
        long increase = after >= before ? after - before : after;
        return increase / seconds;
    }
}
