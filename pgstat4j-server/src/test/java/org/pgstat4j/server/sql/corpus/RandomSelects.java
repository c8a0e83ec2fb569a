package org.pgstat4j.server.sql.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Part e of the corpus: random SELECTs over the statistics views of the workload's own objects
 * (tables, indexes, functions) — projections, filters,
 * joins, aggregates, GROUP BY, ORDER BY with a total order (every ORDER BY ends with the view's
 * key), LIMIT — generated from a seed, so a run is reproducible from the seed it prints.
 * Invariant: the same seed and count give the same queries, with ids {@code e-gen-NNN}.
 */
final class RandomSelects {
    static final long DEFAULT_SEED = 20261204L;
    static final int DEFAULT_COUNT = 150;

    private record View(String name, String key, List<String> counters, List<String> texts, List<String> times) {
    }

    private static final List<String> TABLE_COUNTERS = List.of("seq_scan", "seq_tup_read", "idx_scan", "idx_tup_fetch",
            "n_tup_ins", "n_tup_upd", "n_tup_del", "n_tup_hot_upd", "n_live_tup", "n_dead_tup",
            "n_mod_since_analyze", "n_ins_since_vacuum", "vacuum_count", "analyze_count");
    private static final List<String> XACT_COUNTERS = List.of("seq_scan", "seq_tup_read", "idx_scan", "idx_tup_fetch",
            "n_tup_ins", "n_tup_upd", "n_tup_del", "n_tup_hot_upd");
    /*
     * The views of the workload's own objects: their statistics do not depend on timing (the
     * system catalogs' do, through cache misses and autovacuum's clock), so a query's verdict is
     * the same in every run and the list of known differences can be exact.
     */
    private static final List<View> VIEWS = List.of(
            new View("pg_stat_user_tables", "relid", TABLE_COUNTERS, List.of("schemaname", "relname"),
                    List.of("last_vacuum", "last_analyze", "last_autovacuum")),
            new View("pg_stat_xact_user_tables", "relid", XACT_COUNTERS, List.of("schemaname", "relname"), List.of()),
            new View("pg_statio_user_tables", "relid", List.of("heap_blks_read", "heap_blks_hit", "idx_blks_read",
                    "idx_blks_hit", "toast_blks_read", "toast_blks_hit"), List.of("schemaname", "relname"), List.of()),
            new View("pg_stat_user_indexes", "indexrelid", List.of("idx_scan", "idx_tup_read", "idx_tup_fetch"),
                    List.of("schemaname", "relname", "indexrelname"), List.of()),
            new View("pg_statio_user_indexes", "indexrelid", List.of("idx_blks_read", "idx_blks_hit"),
                    List.of("schemaname", "relname", "indexrelname"), List.of()),
            new View("pg_stat_user_functions", "funcid", List.of("calls", "total_time", "self_time"),
                    List.of("schemaname", "funcname"), List.of()));

    private final Random random;

    private RandomSelects(long seed) {
        this.random = new Random(seed);
    }

    static List<CorpusQuery> generate(long seed, int count) {
        RandomSelects g = new RandomSelects(seed);
        List<CorpusQuery> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            out.add(new CorpusQuery("e-gen-%03d".formatted(i), "e", "RandomSelects seed " + seed, "appdb",
                    g.next(), List.of()));
        }
        return out;
    }

    private String next() {
        View v = pick(VIEWS);
        return switch (random.nextInt(6)) {
            case 0, 1 -> projection(v);
            case 2 -> aggregate(v);
            case 3 -> grouped(v);
            case 4 -> tablesJoin();
            default -> indexJoin();
        };
    }

    private String projection(View v) {
        List<String> cols = new ArrayList<>();
        cols.add(pick(v.texts()));
        for (int i = random.nextInt(3); i >= 0; i--) {
            cols.add(expression(v));
        }
        if (!v.times().isEmpty() && random.nextBoolean()) {
            cols.add(pick(v.times()) + " IS NULL AS never");
        }
        String order = random.nextBoolean() ? v.key() : pick(v.counters()) + (random.nextBoolean() ? " DESC" : "") + ", " + v.key();
        String limit = random.nextInt(3) == 0 ? " LIMIT " + (1 + random.nextInt(20)) : "";
        return "SELECT " + String.join(", ", cols) + " FROM " + v.name() + where(v) + " ORDER BY " + order + limit;
    }

    private String aggregate(View v) {
        String c = pick(v.counters());
        String d = pick(v.counters());
        return "SELECT count(*), sum(" + c + "), min(" + d + "), max(" + c + "), avg(" + d + ")::numeric(20,4) AS a"
                + " FROM " + v.name() + where(v);
    }

    private String grouped(View v) {
        String g = v.texts().getFirst();
        String c = pick(v.counters());
        String having = random.nextBoolean() ? " HAVING count(*) > " + random.nextInt(3) : "";
        return "SELECT " + g + ", count(*) AS n, sum(" + c + ") AS s, max(" + pick(v.counters()) + ") AS m FROM "
                + v.name() + where(v) + " GROUP BY " + g + having + " ORDER BY " + g;
    }

    private String tablesJoin() {
        String c = pick(TABLE_COUNTERS);
        return "SELECT t.relname, t." + c + ", io.heap_blks_read + io.heap_blks_hit AS heap_reads"
                + " FROM pg_stat_user_tables t JOIN pg_statio_user_tables io USING (relid)"
                + " WHERE t." + c + " " + pick(List.of(">", ">=", "<", "=", "<>")) + " " + constant()
                + " ORDER BY io.heap_blks_hit DESC, t.relid";
    }

    private String indexJoin() {
        return "SELECT i.indexrelname, t.relname, i.idx_scan, t." + pick(TABLE_COUNTERS)
                + " FROM pg_stat_user_indexes i JOIN pg_stat_user_tables t ON t.relid = i.relid"
                + " WHERE t.schemaname " + pick(List.of("= 'public'", "<> 'public'", "IN ('public', 'audit')",
                        "LIKE 'a%'")) + " ORDER BY i.indexrelid";
    }

    private String expression(View v) {
        String a = pick(v.counters());
        String b = pick(v.counters());
        return switch (random.nextInt(7)) {
            case 0 -> a + " + " + b + " AS total";
            case 1 -> a + " * 2 - " + b;
            case 2 -> "round(100 * " + a + "::numeric / greatest(" + a + " + " + b + ", 1), 2) AS pct";
            case 3 -> a + " / greatest(" + b + ", 1) AS ratio";
            case 4 -> "coalesce(nullif(" + a + ", 0), -1) AS nz";
            case 5 -> "CASE WHEN " + a + " > " + b + " THEN 'more' ELSE 'less' END AS cmp";
            default -> a;
        };
    }

    private String where(View v) {
        return switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> " WHERE " + pick(v.counters()) + " " + pick(List.of(">", ">=", "<", "=", "<>")) + " " + constant();
            case 2 -> " WHERE " + pick(v.counters()) + " > " + constant() + " " + pick(List.of("AND", "OR")) + " "
                    + pick(v.counters()) + " = 0";
            case 3 -> " WHERE " + v.texts().getLast() + " " + pick(List.of("LIKE 'pg\\_%'", "NOT LIKE 'pg%'",
                    "IN ('orders', 'customers', 'Events', 'add_one')", "> 'm'", "= 'orders'", "LIKE '%_pkey'"));
            default -> " WHERE " + pick(v.counters()) + " BETWEEN " + constant() + " AND " + (100 + constant());
        };
    }

    private int constant() {
        return pick(List.of(0, 1, 2, 5, 10, 50, 100, 300, 1000, 2000));
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
