package org.pgstat4j.server.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which tables get per-table series on {@code /metrics}: those whose {@code schema.relname}
 * matches the allow pattern (whole match) and not the deny pattern, and of those at most
 * {@link #maxTables()}, chosen by name order ({@code schemaname}, then {@code relname}, in
 * bytes as PostgreSQL's C collation sorts them).
 *
 * <p>Invariant: the choice is stable. It depends only on the set of table names, never on
 * activity, so a table's series do not appear and vanish from scrape to scrape (which would
 * break {@code rate()}); a table leaves the chosen set only when tables sorting before it
 * are created. How many were left out is exported, so that a cut is never silent.
 */
public record TableBudget(Pattern allow, Pattern deny, int maxTables) {
    public static final int DEFAULT_MAX_TABLES = 500;

    public TableBudget {
        if (maxTables < 0) {
            throw new IllegalArgumentException("the table limit must be >= 0, not " + maxTables);
        }
    }

    /** Every table allowed, none denied, at most 500. */
    public static TableBudget defaults() {
        return new TableBudget(null, null, DEFAULT_MAX_TABLES);
    }

    public static TableBudget of(String allowRegex, String denyRegex, int maxTables) {
        return new TableBudget(allowRegex == null ? null : Pattern.compile(allowRegex),
                denyRegex == null ? null : Pattern.compile(denyRegex), maxTables);
    }

    /** One table as the budget sees it. */
    public record Table(String schemaname, String relname) {
        String qualified() {
            return schemaname + "." + relname;
        }
    }

    /** What the budget kept and how many it left out, by reason. */
    public record Selection<T>(List<T> kept, int deniedByPattern, int overLimit) {
    }

    /** Applies the budget to {@code items}; {@code key} names each one. Keeps name order. */
    public <T> Selection<T> select(List<T> items, java.util.function.Function<T, Table> key) {
        List<T> passing = new ArrayList<>();
        int denied = 0;
        for (T item : items) {
            String q = key.apply(item).qualified();
            boolean ok = (allow == null || allow.matcher(q).matches()) && (deny == null || !deny.matcher(q).matches());
            if (ok) {
                passing.add(item);
            } else {
                denied++;
            }
        }
        passing.sort(Comparator.comparing(key, NAME_ORDER));
        int over = Math.max(0, passing.size() - maxTables);
        List<T> kept = over == 0 ? passing : List.copyOf(passing.subList(0, maxTables));
        return new Selection<>(kept, denied, over);
    }

    private static final Comparator<Table> NAME_ORDER = Comparator
            .comparing((Table t) -> t.schemaname().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned)
            .thenComparing(t -> t.relname().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);
}
