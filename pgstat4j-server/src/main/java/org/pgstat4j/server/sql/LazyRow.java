package org.pgstat4j.server.sql;

import static org.pgstat4j.server.sql.EngineTables.engineValue;
import static org.pgstat4j.server.sql.EngineTables.readOnly;

import java.util.List;
import java.util.function.Predicate;
import org.h2.engine.Constants;
import org.h2.index.Cursor;
import org.h2.message.DbException;
import org.h2.result.Row;
import org.h2.result.SearchRow;
import org.h2.value.Value;
import org.h2.value.ValueBigint;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.server.sql.EngineTables.ViewTable;
import org.pgstat4j.view.RelationRows;

/**
 * One row of a per-relation view table ({@link EngineTables}) as the engine reads it: its
 * column values are computed when first read, and kept — the first column read in two fields
 * (a query summing one column reads one), the others in an array made when a second column is
 * read — and {@link Scan} hands out one per relation that is a row.
 *
 * <p>Invariant: read-only; every value comes from the one {@link RelationRows.Values} of the
 * scan's view context, so a column read twice gives the same value.
 */
final class LazyRow extends Row {
    private final ViewTable table;
    private final PgClass relation;
    private final RelationRows.Values values;
    private int firstColumn = -1;
    private Value first;
    private Value[] others;

    LazyRow(ViewTable table, PgClass relation, RelationRows.Values values) {
        this.table = table;
        this.relation = relation;
        this.values = values;
        setKey(Integer.toUnsignedLong(relation.oid()));
    }

    @Override
    public Value getValue(int i) {
        if (i == ROWID_INDEX) {
            return ValueBigint.get(key);
        }
        if (i == firstColumn) {
            return first;
        }
        Value v = others == null ? null : others[i];
        if (v == null) {
            v = engineValue(table.types[i], values.value(relation, i));
            table.valuesComputed.increment();
            if (firstColumn < 0) {
                firstColumn = i;
                first = v;
            } else {
                if (others == null) {
                    others = new Value[table.types.length];
                }
                others[i] = v;
            }
        }
        return v;
    }

    @Override
    public void setValue(int i, Value v) {
        throw readOnly();
    }

    @Override
    public int getColumnCount() {
        return table.types.length;
    }

    @Override
    public int getMemory() {
        return Constants.MEMORY_ROW + Constants.MEMORY_ARRAY + table.types.length * (Constants.MEMORY_POINTER + 32);
    }

    @Override
    public void copyFrom(SearchRow source) {
        throw readOnly();
    }

    @Override
    public Value[] getValueList() {
        Value[] all = new Value[table.types.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = getValue(i);
        }
        return all;
    }

    /** Hands out one {@link LazyRow} per relation of {@code relations} that is a key. */
    static final class Scan implements Cursor {
        private final ViewTable table;
        private final List<PgClass> relations;
        private final Predicate<PgClass> isKey;
        private final RelationRows.Values values;
        private int next;
        private LazyRow current;

        Scan(ViewTable table, List<PgClass> relations, Predicate<PgClass> isKey, RelationRows.Values values) {
            this.table = table;
            this.relations = relations;
            this.isKey = isKey;
            this.values = values;
        }

        @Override
        public Row get() {
            return current;
        }

        @Override
        public SearchRow getSearchRow() {
            return current;
        }

        @Override
        public boolean next() {
            while (next < relations.size()) {
                PgClass c = relations.get(next++);
                if (isKey.test(c)) {
                    current = new LazyRow(table, c, values);
                    table.rowsBuilt.increment();
                    return true;
                }
            }
            current = null;
            return false;
        }

        @Override
        public boolean previous() {
            throw DbException.getUnsupportedException("reading a statistics view backwards");
        }
    }
}
