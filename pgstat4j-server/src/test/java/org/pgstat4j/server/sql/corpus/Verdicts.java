package org.pgstat4j.server.sql.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The differential verdict on one corpus query: PostgreSQL 14's answer against pgstat4j's.
 *
 * <ul>
 * <li>{@code SAME}: same column names, type OIDs, values as text (as a multiset; and when
 *     PostgreSQL's plan ends in a sort, the same sequence of sort-key values, so rows that tie
 *     may come in any order), or the same SQLSTATE.</li>
 * <li>{@code REFUSED}: PostgreSQL answers, pgstat4j fails with a clear SQLSTATE — class
 *     {@code 0A} (feature not supported) or {@code 42} (syntax, undefined object) — the client
 *     knows it got no answer.</li>
 * <li>{@code DEVIATION}: both sides answer, and the answers differ only where pgstat4j cannot
 *     know the value: the columns and queries of {@code sql-corpus/deviations.tsv}, each with
 *     its reason.</li>
 * <li>{@code SILENT}: anything else — a wrong value, type, name or order, another SQLSTATE,
 *     an answer where PostgreSQL fails, or a refusal with an unclear SQLSTATE.</li>
 * </ul>
 * Invariant: the verdict depends only on the two answers, the order and the deviation list.
 */
final class Verdicts {
    enum Kind { SAME, REFUSED, DEVIATION, SILENT }

    /**
     * Whether the row order is part of the answer: not at all ({@link #NONE}), by the values of
     * some result columns (the sort keys), or by whole rows ({@code keys} null: keys unknown).
     */
    record Order(boolean ordered, List<Integer> keys) {
        static final Order NONE = new Order(false, null);
    }

    record Verdict(Kind kind, String detail) {
    }

    /** Column names and query ids whose differences are deviations, each with its reason. */
    record Deviations(Map<String, String> columns, Map<String, String> queries) {
        static Deviations load() {
            Map<String, String> columns = new LinkedHashMap<>();
            Map<String, String> queries = new LinkedHashMap<>();
            for (String line : resourceLines("deviations.tsv")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 3);
                if (f.length != 3 || f[2].isBlank()) {
                    throw new IllegalStateException("deviations.tsv: want kind<TAB>name<TAB>reason: " + line);
                }
                (f[0].equals("column") ? columns : queries).put(f[1], f[2]);
            }
            return new Deviations(Map.copyOf(columns), Map.copyOf(queries));
        }
    }

    private Verdicts() {
    }

    /** The ids listed in {@code sql-corpus/known-differences.txt} (text after {@code #} is a comment). */
    static Set<String> knownDifferences() {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : resourceLines("known-differences.txt")) {
            String id = line.replaceFirst("#.*", "").trim();
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }

    static Verdict classify(CorpusQuery q, QueryResult pg, QueryResult ours, Order ordered, Deviations dev) {
        Verdict v = compare(pg, ours, ordered, dev.columns().keySet());
        if (v.kind() == Kind.SILENT && !pg.failed() && !ours.failed() && dev.queries().containsKey(q.id())) {
            return new Verdict(Kind.DEVIATION, dev.queries().get(q.id()) + " (" + v.detail() + ")");
        }
        return v;
    }

    private static Verdict compare(QueryResult pg, QueryResult ours, Order ordered, Set<String> devColumns) {
        if (pg.failed() && ours.failed()) {
            return pg.sqlState().equals(ours.sqlState()) ? new Verdict(Kind.SAME, pg.sqlState())
                    : silent("SQLSTATE " + ours.sqlState() + " (" + ours.message() + "), PostgreSQL " + pg.sqlState()
                            + " (" + pg.message() + ")");
        }
        if (pg.failed()) {
            return silent("answers where PostgreSQL fails with " + pg.sqlState() + " " + pg.message());
        }
        if (ours.failed()) {
            String s = ours.sqlState();
            return s.startsWith("0A") || s.startsWith("42") ? new Verdict(Kind.REFUSED, s + " " + ours.message())
                    : silent("fails with " + s + " " + ours.message());
        }
        if (!pg.columns().equals(ours.columns())) {
            return silent("column names " + ours.columns() + ", PostgreSQL " + pg.columns());
        }
        if (!pg.typeOids().equals(ours.typeOids())) {
            return silent("type OIDs " + ours.typeOids() + ", PostgreSQL " + pg.typeOids());
        }
        if (sameRows(pg.rows(), ours.rows(), ordered)) {
            return new Verdict(Kind.SAME, ordered.ordered() ? "ordered" : "");
        }
        List<Integer> keep = new ArrayList<>();
        Set<String> dropped = new LinkedHashSet<>();
        for (int i = 0; i < pg.columns().size(); i++) {
            if (devColumns.contains(pg.columns().get(i))) {
                dropped.add(pg.columns().get(i));
            } else {
                keep.add(i);
            }
        }
        String diff = firstDifference(pg.rows(), ours.rows(), ordered);
        boolean keysKept = ordered.keys() != null && keep.containsAll(ordered.keys());
        if (!dropped.isEmpty() && sameRows(project(pg.rows(), keep), project(ours.rows(), keep), Order.NONE)
                && (!ordered.ordered() || keysKept && sameRows(pg.rows(), ours.rows(), ordered))) {
            return new Verdict(Kind.DEVIATION, "columns " + dropped + ": " + diff);
        }
        return silent(diff);
    }

    private static Verdict silent(String detail) {
        return new Verdict(Kind.SILENT, detail);
    }

    private static boolean sameRows(List<List<String>> a, List<List<String>> b, Order order) {
        if (!order.ordered()) {
            return sorted(a).equals(sorted(b));
        }
        if (order.keys() == null) {
            return a.equals(b);
        }
        return project(a, order.keys()).equals(project(b, order.keys()))
                && sorted(a).equals(sorted(b));
    }

    private static List<List<String>> project(List<List<String>> rows, List<Integer> keep) {
        return rows.stream().map(r -> keep.stream().map(r::get).toList()).toList();
    }

    private static final Comparator<List<String>> ROW_ORDER = (x, y) -> {
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    };

    private static List<List<String>> sorted(List<List<String>> rows) {
        return rows.stream().sorted(ROW_ORDER).toList();
    }

    private static String firstDifference(List<List<String>> pg, List<List<String>> ours, Order order) {
        boolean ordered = order.ordered() && sorted(pg).equals(sorted(ours));
        List<List<String>> a = ordered ? pg : sorted(pg);
        List<List<String>> b = ordered ? ours : sorted(ours);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!Objects.equals(a.get(i), b.get(i))) {
                return (ordered ? "row " : "sorted row ") + i + ": " + b.get(i) + ", PostgreSQL " + a.get(i);
            }
        }
        return b.size() + " rows, PostgreSQL " + a.size();
    }

    static List<String> resourceLines(String file) {
        try (InputStream in = Verdicts.class.getResourceAsStream(CorpusQuery.RESOURCE_DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("missing " + CorpusQuery.RESOURCE_DIR + file);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
