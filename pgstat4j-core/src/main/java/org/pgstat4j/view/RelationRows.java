package org.pgstat4j.view;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;

/**
 * The rows of a per-relation view (tables, indexes, sequences) one row and one column at a
 * time, for readers that need neither every row nor every column: a SQL engine counting rows,
 * summing one column or looking one relation up by OID or name.
 *
 * <p>Each row stands for one catalog relation, its <em>key</em>: the table (or sequence) for
 * the table and sequence views, the index for the index views. Which relations are rows
 * depends on the catalog alone; the values of a row's columns on the statistics snapshot.
 * {@link #rows(ViewContext)} — the whole view as {@link ViewDefinition#rows} gives it — is
 * built from the same two parts, so a row read column by column equals the row read whole.
 *
 * <p>Invariants: {@link #keys}, {@link #count} and {@link #lookUp} agree — the keys a lookup
 * returns are exactly those of {@link #keys} whose column has the value, in the same (OID)
 * order, and {@link #count} is the number of {@link #keys}. A lookup visits only the
 * relations of that OID or name (and their indexes), never the whole catalog.
 *
 * <p>The one way to misuse it: reading values with a {@link Values} of one snapshot for keys
 * taken from a catalog of another database (or after the relation was dropped). The values
 * are then those of whatever that OID is in the snapshot — zeros or another object's counts;
 * take the keys from the same {@link ViewContext#catalog()} the values' context carries.
 */
public final class RelationRows implements ViewDefinition.RowSource {
    /** Computes one column of one row. */
    @FunctionalInterface
    interface ColumnValue {
        Object value(StatFunctions f, Catalog catalog, PgClass key, int column);
    }

    /** Which relations of a catalog are rows, and how a row's table is found. */
    enum Keys {
        /** The relation itself is the row (tables, TOAST tables, sequences ...). */
        RELATIONS,
        /** Indexes are the rows; the view's relid/relname are those of the index's table. */
        INDEXES
    }

    /** The values of one context's rows, column by column. */
    @FunctionalInterface
    public interface Values {
        /**
         * Column {@code column} (0-based, in the view's column order) of the row of
         * {@code key}: {@code null} or a value of the column type's Java class.
         */
        Object value(PgClass key, int column);
    }

    private final Keys keys;
    /** Of a relation (RELATIONS) or an index's table (INDEXES): whether it makes a row. */
    private final Predicate<PgClass> selects;
    private final List<Column> columns;
    private final ColumnValue values;
    private final int relidColumn;
    private final int relnameColumn;
    private final int indexrelidColumn;
    private final int indexrelnameColumn;

    RelationRows(Keys keys, Predicate<PgClass> selects, List<Column> columns, ColumnValue values) {
        this.keys = keys;
        this.selects = selects;
        this.columns = List.copyOf(columns);
        this.values = values;
        this.relidColumn = indexOf("relid");
        this.relnameColumn = indexOf("relname");
        this.indexrelidColumn = keys == Keys.INDEXES ? indexOf("indexrelid") : -1;
        this.indexrelnameColumn = keys == Keys.INDEXES ? indexOf("indexrelname") : -1;
    }

    private int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("a relation view needs a column " + name);
    }

    /**
     * Whether relation {@code c} of catalog {@code cat} is the key of a row: {@link #keys} is
     * {@code cat.relations()} filtered by this, for a reader that walks them itself.
     */
    public boolean isKey(Catalog cat, PgClass c) {
        if (keys == Keys.RELATIONS) {
            return selects.test(c);
        }
        if (!c.relkind().isIndex()) {
            return false;
        }
        PgClass table = cat.relation(c.indrelid());
        return table != null && selects.test(table);
    }

    /** The keys of every row, in the catalog's (unsigned OID) order. */
    public List<PgClass> keys(Catalog cat) {
        List<PgClass> out = new ArrayList<>();
        for (PgClass c : cat.relations()) {
            if (isKey(cat, c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The number of rows, counted without building or sorting any. */
    public long count(Catalog cat) {
        long[] n = {0};
        cat.forEachRelation(c -> {
            if (isKey(cat, c)) {
                n[0]++;
            }
        });
        return n[0];
    }

    /**
     * Whether rows can be looked up by the value of column {@code column}: {@code relid} and
     * {@code relname}, and of the index views also {@code indexrelid} and {@code indexrelname}.
     */
    public boolean canLookUp(int column) {
        return column >= 0 && (column == relidColumn || column == relnameColumn
                || column == indexrelidColumn || column == indexrelnameColumn);
    }

    /**
     * The keys of the rows whose column {@code column} equals {@code value} (an
     * {@code Integer} OID for the OID columns, a {@code String} for the name columns), in
     * catalog order; empty for a value of another class.
     *
     * @throws IllegalArgumentException if {@code !canLookUp(column)}
     */
    public List<PgClass> lookUp(Catalog cat, int column, Object value) {
        if (!canLookUp(column)) {
            throw new IllegalArgumentException("no lookup by column " + column);
        }
        List<PgClass> found = new ArrayList<>();
        boolean byTable = keys == Keys.INDEXES && (column == relidColumn || column == relnameColumn);
        List<PgClass> named;
        if (value instanceof Integer oid) {
            if (column != relidColumn && column != indexrelidColumn) {
                return List.of();
            }
            PgClass c = cat.relation(oid);
            named = c == null ? List.of() : List.of(c);
        } else if (value instanceof String name) {
            if (column != relnameColumn && column != indexrelnameColumn) {
                return List.of();
            }
            named = cat.relationsNamed(name);
        } else {
            return List.of();
        }
        for (PgClass c : named) {
            if (!byTable) {
                if (isKey(cat, c)) {
                    found.add(c);
                }
            } else if (selects.test(c)) {
                for (PgClass index : cat.indexesOf(c.oid())) {
                    if (isKey(cat, index)) {
                        found.add(index);
                    }
                }
            }
        }
        if (byTable && named.size() > 1) {
            found.sort((a, b) -> Integer.compareUnsigned(a.oid(), b.oid()));
        }
        return found;
    }

    /** The values of rows under context {@code ctx} (its snapshot, pending counts and catalog). */
    public Values values(ViewContext ctx) {
        StatFunctions f = ctx.functions();
        Catalog cat = ctx.catalog();
        return (key, column) -> values.value(f, cat, key, column);
    }

    /** Every row with every column, in catalog order. */
    @Override
    public List<Object[]> rows(ViewContext ctx) {
        Values v = values(ctx);
        List<Object[]> rows = new ArrayList<>();
        for (PgClass key : keys(ctx.catalog())) {
            Object[] row = new Object[columns.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = v.value(key, i);
            }
            rows.add(row);
        }
        return rows;
    }
}
