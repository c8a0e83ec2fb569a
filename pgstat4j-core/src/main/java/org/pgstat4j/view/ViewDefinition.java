package org.pgstat4j.view;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One statistics view as data: its name, its columns in PostgreSQL's order with their SQL
 * types, how its rows are computed from a {@link ViewContext}, and the order in which the
 * conformance exports list its rows.
 *
 * <p>Invariant: every row has exactly one value per column, each {@code null} or of the
 * column type's Java class ({@link PgType#accepts}). Rows come in catalog order; callers sort
 * (or use {@link #orderedRows}).
 *
 * <p>The one way to misuse it: expecting {@link #rows} in PostgreSQL's output order. They come
 * in catalog order; use {@link #orderedRows} or sort.
 */
public record ViewDefinition(String name, List<Column> columns, RowSource source, List<SortKey> exportOrder) {
    /** Computes a view's rows. */
    @FunctionalInterface
    public interface RowSource {
        List<Object[]> rows(ViewContext ctx);
    }

    public ViewDefinition {
        columns = List.copyOf(columns);
        exportOrder = List.copyOf(exportOrder);
        for (SortKey k : exportOrder) {
            if (indexOfColumn(columns, k.column()) < 0) {
                throw new IllegalArgumentException("view " + name + " has no column " + k.column());
            }
        }
    }

    /** The rows, in catalog order. */
    public List<Object[]> rows(ViewContext ctx) {
        List<Object[]> rows = source.rows(ctx);
        for (Object[] r : rows) {
            if (r.length != columns.size()) {
                throw new IllegalStateException("view " + name + " produced a row of " + r.length
                        + " values for " + columns.size() + " columns");
            }
        }
        return rows;
    }

    /**
     * The view's rows one row and one column at a time, for the per-relation views (tables,
     * indexes, sequences); empty for the others, which only {@link #rows} computes.
     */
    public Optional<RelationRows> relationRows() {
        return source instanceof RelationRows r ? Optional.of(r) : Optional.empty();
    }

    /** The rows sorted by {@link #exportOrder()}, ties broken by the first column. */
    public List<Object[]> orderedRows(ViewContext ctx) {
        List<Object[]> rows = new ArrayList<>(rows(ctx));
        rows.sort(exportComparator());
        return rows;
    }

    public Comparator<Object[]> exportComparator() {
        Comparator<Object[]> c = (a, b) -> 0;
        for (SortKey k : exportOrder) {
            int i = columnIndex(k.column());
            Comparator<Object> values = valueOrder(columns.get(i).type());
            Comparator<Object> withNulls = k.nullsFirst() ? Comparator.nullsFirst(values) : Comparator.nullsLast(values);
            c = c.thenComparing(r -> r[i], withNulls);
        }
        return c.thenComparing(r -> r[0], Comparator.nullsLast(valueOrder(columns.get(0).type())));
    }

    /** The position of a column, or -1. */
    public int columnIndex(String column) {
        return indexOfColumn(columns, column);
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    private static int indexOfColumn(List<Column> columns, String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Object> valueOrder(PgType type) {
        return switch (type) {
            case OID -> (a, b) -> Integer.compareUnsigned((Integer) a, (Integer) b);
            case NAME, TEXT -> (a, b) -> Arrays.compareUnsigned(
                    ((String) a).getBytes(StandardCharsets.UTF_8), ((String) b).getBytes(StandardCharsets.UTF_8));
            case NUMERIC -> (a, b) -> new java.math.BigDecimal(a.toString()).compareTo(new java.math.BigDecimal(b.toString()));
            default -> (a, b) -> ((Comparable) a).compareTo(b);
        };
    }
}
