package org.pgstat4j.server.sql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.h2.api.TableEngine;
import org.h2.command.ddl.CreateTableData;
import org.h2.command.query.AllColumnsForPlan;
import org.h2.engine.Constants;
import org.h2.engine.SessionLocal;
import org.h2.index.Cursor;
import org.h2.index.Index;
import org.h2.index.IndexCondition;
import org.h2.index.IndexType;
import org.h2.message.DbException;
import org.h2.result.Row;
import org.h2.result.SearchRow;
import org.h2.result.SortOrder;
import org.h2.table.IndexColumn;
import org.h2.table.Table;
import org.h2.table.TableBase;
import org.h2.table.TableFilter;
import org.h2.table.TableType;
import org.h2.util.JSR310Utils;
import org.h2.value.Value;
import org.h2.value.ValueBigint;
import org.h2.value.ValueDouble;
import org.h2.value.ValueInteger;
import org.h2.value.ValueNull;
import org.h2.value.ValueVarchar;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.view.Column;
import org.pgstat4j.view.PgType;
import org.pgstat4j.view.RelationRows;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * The per-relation statistics views (tables, indexes, sequences) as engine tables that read
 * the calling session's snapshot in place: {@code CREATE TABLE pg_catalog.v (...) ENGINE
 * "org.pgstat4j.server.sql.EngineTables" WITH "v"}. A scan hands the engine one lazy row per
 * relation whose columns are computed only when the query reads them ({@link RelationRows});
 * {@code count(*)} counts catalog relations without building a row; an equality on
 * {@code relid}/{@code relname} (and on {@code indexrelid}/{@code indexrelname} of the index
 * views) is an index that looks the relation up in the catalog instead of scanning.
 *
 * <p>This class and its rows ({@link LazyRow}) are the ones that use H2's internal table, index
 * and row API (H2 is pinned to one version in the build; its table-engine interface hands out
 * these internal types). The rows, lookups and counts themselves are {@link RelationRows}'.
 *
 * <p>Invariant: the tables are read-only and hold nothing; a scan or lookup takes its keys
 * and values from the session's view context ({@link SqlSession#viewContext()}, one snapshot
 * per transaction), a count its keys from the same catalog ({@link SqlSession#viewCatalog()},
 * without loading a snapshot: which relations are rows does not depend on it), so a row read
 * by scan, by lookup or counted is the row {@link ViewDefinition#rows} gives for that context.
 */
public final class EngineTables implements TableEngine { // instantiated by the engine by name
    /** What every write to a view table, index or row throws: the views are read-only. */
    static DbException readOnly() {
        return DbException.getUnsupportedException("changing a statistics view");
    }

    @Override
    public Table createTable(CreateTableData data) {
        String name = data.tableEngineParams == null || data.tableEngineParams.isEmpty()
                ? null : data.tableEngineParams.getFirst();
        ViewDefinition view = name == null ? null : Views.byName(name).orElse(null);
        if (view == null || view.relationRows().isEmpty()) {
            throw DbException.getUnsupportedException("no per-relation statistics view " + name);
        }
        return new ViewTable(data, view, view.relationRows().get());
    }

    /** A view value as an engine value (see {@link TableFunctions#engineValue}). */
    static Value engineValue(PgType type, Object v) {
        if (v == null) {
            return ValueNull.INSTANCE;
        }
        return switch (type) {
            case OID -> ValueBigint.get(Integer.toUnsignedLong((Integer) v));
            case INT8 -> ValueBigint.get((Long) v);
            case INT4 -> ValueInteger.get((Integer) v);
            case NAME, TEXT -> ValueVarchar.get((String) v);
            case FLOAT8 -> ValueDouble.get((Double) v);
            case TIMESTAMPTZ -> JSR310Utils.offsetDateTimeToValue(OffsetDateTime.ofInstant((Instant) v, ZoneOffset.UTC));
            default -> throw new IllegalArgumentException("no engine value of type " + type);
        };
    }

    /** One view as a table. */
    static final class ViewTable extends TableBase {
        private final RelationRows rows;
        final PgType[] types;
        private final Index scan;
        private final List<Index> indexes = new ArrayList<>();
        /** Rows handed to the engine, and column values computed, since creation (for tests). */
        final LongAdder rowsBuilt = new LongAdder();
        final LongAdder valuesComputed = new LongAdder();

        ViewTable(CreateTableData data, ViewDefinition view, RelationRows rows) {
            super(data);
            this.rows = rows;
            this.types = view.columns().stream().map(Column::type).toArray(PgType[]::new);
            this.scan = new ViewIndex(this, -1);
            indexes.add(scan);
            for (org.h2.table.Column c : getColumns()) {
                if (rows.canLookUp(c.getColumnId())) {
                    indexes.add(new ViewIndex(this, c.getColumnId()));
                }
            }
        }

        @Override
        public boolean canGetRowCount(SessionLocal session) {
            return true;
        }

        @Override
        public long getRowCount(SessionLocal session) {
            return rows.count(SqlSession.current().viewCatalog());
        }

        @Override
        public long getRowCountApproximation(SessionLocal session) {
            // for planning only: the size of the catalog, known without counting
            return SqlSession.CURRENT.isBound() ? SqlSession.current().viewCatalog().relationCount() : 1000;
        }

        @Override
        public Index getScanIndex(SessionLocal session) {
            return scan;
        }

        @Override
        public List<Index> getIndexes() {
            return indexes;
        }

        @Override
        public TableType getTableType() {
            return TableType.EXTERNAL_TABLE_ENGINE;
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }

        @Override
        public long getMaxDataModificationId() {
            return Long.MAX_VALUE; // changes with every snapshot: never reuse an earlier result
        }

        @Override
        public boolean canDrop() {
            return true;
        }

        @Override
        public void close(SessionLocal session) {
        }

        @Override
        public void checkSupportAlter() {
            throw DbException.getUnsupportedException("ALTER of a statistics view");
        }

        @Override
        public Index addIndex(SessionLocal session, String indexName, int indexId, IndexColumn[] cols,
                              int uniqueColumnCount, IndexType indexType, boolean create, String indexComment) {
            throw DbException.getUnsupportedException("an index on a statistics view");
        }

        @Override
        public void addRow(SessionLocal session, Row row) {
            throw readOnly();
        }

        @Override
        public void removeRow(SessionLocal session, Row row) {
            throw readOnly();
        }

        @Override
        public long truncate(SessionLocal session) {
            throw readOnly();
        }
    }

    /**
     * The scan of a view table (column -1) or the lookup by one column's value: an equality
     * on that column finds its rows through the catalog; any other condition scans. A lookup
     * is a hash index to the engine: it answers equalities only and gives rows in no order.
     */
    static final class ViewIndex extends Index {
        /** A lookup value that matches no row. */
        private static final Object NO_ROW = new Object();
        private final ViewTable viewTable;
        private final int column;

        ViewIndex(ViewTable table, int column) {
            super(table, 0, table.getName() + (column < 0 ? "_scan" : "_" + table.getColumn(column).getName()),
                    column < 0 ? IndexColumn.wrap(table.getColumns())
                            : IndexColumn.wrap(new org.h2.table.Column[] {table.getColumn(column)}),
                    0, column < 0 ? IndexType.createScan(false) : IndexType.createNonUnique(false, true, false));
            this.viewTable = table;
            this.column = column;
        }

        /** None: neither index gives rows in an order, so the engine never skips a sort for them. */
        @Override
        public String getCreateSQL() {
            return null;
        }

        @Override
        public boolean isFindUsingFullTableScan() {
            return column < 0;
        }

        @Override
        public double getCost(SessionLocal session, int[] masks, TableFilter[] filters, int filter,
                              SortOrder sortOrder, AllColumnsForPlan allColumnsSet, boolean isSelectCommand) {
            double scanCost = viewTable.getRowCountApproximation(session) + Constants.COST_ROW_OFFSET;
            if (column < 0) {
                return scanCost;
            }
            boolean equality = masks != null && (masks[column] & IndexCondition.EQUALITY) == IndexCondition.EQUALITY;
            return equality ? 10 : 10 * scanCost;
        }

        @Override
        public Cursor find(SessionLocal session, SearchRow first, SearchRow last, boolean reverse) {
            ViewContext ctx = SqlSession.current().viewContext(); // loads the transaction's snapshot
            Catalog cat = ctx.catalog();
            RelationRows rows = viewTable.rows;
            Object value = column < 0 || first == null || last == null ? null
                    : lookupValue(first.getValue(column), last.getValue(column));
            if (value == null) { // not an equality a lookup answers exactly: every row, the engine applies the condition
                return new LazyRow.Scan(viewTable, cat.relations(), k -> rows.isKey(cat, k), rows.values(ctx));
            }
            List<PgClass> keys = value == NO_ROW ? List.of() : rows.lookUp(cat, column, value);
            return new LazyRow.Scan(viewTable, keys, k -> true, rows.values(ctx));
        }

        /**
         * The view value that {@code from} and {@code to} both are, when they bound an equality
         * on this index's column that a lookup answers exactly (an integer for an OID column, a
         * character string for a name column); {@link #NO_ROW} for a value no row has (NULL, an
         * integer that is no OID); null otherwise.
         */
        private Object lookupValue(Value from, Value to) {
            if (from == null || to == null || !from.equals(to)) {
                return null;
            }
            if (from == ValueNull.INSTANCE) {
                return NO_ROW;
            }
            int t = from.getValueType();
            if (viewTable.types[column] == PgType.OID) {
                if (t != Value.TINYINT && t != Value.SMALLINT && t != Value.INTEGER && t != Value.BIGINT) {
                    return null;
                }
                long oid = from.getLong();
                return oid >= 0 && oid <= 0xFFFF_FFFFL ? (Object) (int) oid : NO_ROW;
            }
            return t == Value.VARCHAR ? from.getString() : null;
        }

        @Override
        public long getRowCount(SessionLocal session) {
            return viewTable.getRowCount(session);
        }

        @Override
        public long getRowCountApproximation(SessionLocal session) {
            return viewTable.getRowCountApproximation(session);
        }

        @Override
        public boolean needRebuild() {
            return false;
        }

        @Override
        public void close(SessionLocal session) {
        }

        @Override
        public void add(SessionLocal session, Row row) {
            throw readOnly();
        }

        @Override
        public void remove(SessionLocal session, Row row) {
            throw readOnly();
        }

        @Override
        public void remove(SessionLocal session) {
        }

        @Override
        public void truncate(SessionLocal session) {
            throw readOnly();
        }
    }
}
