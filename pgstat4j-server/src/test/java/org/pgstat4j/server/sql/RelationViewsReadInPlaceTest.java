package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pgstat4j.server.sql.SqlFixture.rows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.backend.RelKind;
import org.pgstat4j.backend.TableStatus;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * The per-relation views read in place ({@link EngineTables}): a query computes only the rows
 * and columns it reads — {@code count(*)} builds no row, an equality on a relation's OID or
 * name builds only that relation's row — and every answer equals the one over the view's
 * whole rows ({@code pgstat4j_view(name)}, all rows with all columns) for the same snapshot.
 *
 * <p>The catalog has {@link #TABLES} generated tables (each with an index, every tenth with a
 * TOAST table, some names repeated in a second schema) besides the fixture's.
 */
class RelationViewsReadInPlaceTest {
    static final int TABLES = 3_000;
    static final int FIRST_OID = 100_000;
    @TempDir
    static Path dir;
    static SqlFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = SqlFixture.start(dir, PgWireConfig.defaults());
        for (int i = 0; i < TABLES; i++) {
            int oid = FIRST_OID + 4 * i;
            boolean toast = i % 10 == 0;
            f.catalog.addRelation(new PgClass(oid, "public", "t" + i, RelKind.RELATION, 0, toast ? oid + 2 : 0, false));
            f.catalog.addRelation(PgClass.index(oid + 1, "public", "t" + i + "_pkey", oid));
            if (toast) {
                f.catalog.addRelation(new PgClass(oid + 2, "pg_toast", "pg_toast_" + oid, RelKind.TOAST_VALUE, 0, 0, false));
                f.catalog.addRelation(PgClass.index(oid + 3, "pg_toast", "pg_toast_" + oid + "_index", oid + 2));
            }
        }
        // the same names in another schema, and a sequence
        f.catalog.addRelation(PgClass.table(-10, "app", "t5"));
        f.catalog.addRelation(PgClass.index(-9, "app", "t5_pkey", -10));
        f.catalog.addRelation(new PgClass(-8, "app", "t5_seq", RelKind.SEQUENCE, 0, 0, false));
        for (int oid : new int[] {FIRST_OID + 20, FIRST_OID + 24, FIRST_OID + 28, -10}) { // t5, t6, t7, app.t5
            TableStatus t = f.backend.openRelation(oid, RelKind.RELATION, false);
            f.backend.countHeapInsert(t, 3);
            f.backend.countHeapScan(t);
            f.backend.countBufferRead(t);
            f.backend.countBufferHit(t);
        }
        f.backend.commitTransaction();
        f.flush();
        try (Connection c = f.connect()) {
            assertThat(SqlFixture.awaitLong(c, "select sum(n_tup_ins) from pg_stat_user_tables", 12)).isEqualTo(12);
        }
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static EngineTables.ViewTable table(String view) {
        return f.server.currentEngine().viewTable(view);
    }

    @Test
    void aLookupByNameOrOidBuildsOnlyTheRowsOfThatRelation() throws Exception {
        try (Connection c = f.connect()) {
            c.setAutoCommit(false);
            EngineTables.ViewTable tables = table("pg_stat_user_tables");
            rows(c, "select 1"); // nothing about the view yet
            long rowsBefore = tables.rowsBuilt.sum();
            long valuesBefore = tables.valuesComputed.sum();
            assertThat(rows(c, "select relid, n_tup_ins from pg_stat_user_tables where relname = 't5'"))
                    .containsExactlyInAnyOrder(List.of("100020", "3"), List.of("4294967286", "3"));
            assertThat(tables.rowsBuilt.sum() - rowsBefore).as("rows built for two tables named t5").isEqualTo(2);
            assertThat(tables.valuesComputed.sum() - valuesBefore).as("relname, relid, n_tup_ins of each")
                    .isLessThanOrEqualTo(6);

            rowsBefore = tables.rowsBuilt.sum();
            assertThat(rows(c, "select relname from pg_stat_user_tables where relid = " + (FIRST_OID + 400)))
                    .containsExactly(List.of("t100"));
            assertThat(rows(c, "select relname from pg_stat_user_tables where relid = 4294967295")).isEmpty();
            assertThat(tables.rowsBuilt.sum() - rowsBefore).isEqualTo(1);

            // IN lists and = ANY(array parameter) look each value up
            rowsBefore = tables.rowsBuilt.sum();
            assertThat(rows(c, "select relname from pg_stat_user_tables where relname in ('t1', 't2', 'nope')"))
                    .containsExactlyInAnyOrder(List.of("t1"), List.of("t2"));
            try (PreparedStatement ps = c.prepareStatement("select relname from pg_stat_user_tables where relname = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("text", new String[] {"t3", "t4"}));
                List<String> names = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                assertThat(names).containsExactlyInAnyOrder("t3", "t4");
            }
            assertThat(tables.rowsBuilt.sum() - rowsBefore).as("rows built for IN and = ANY").isEqualTo(4);

            EngineTables.ViewTable indexes = table("pg_stat_all_indexes");
            rowsBefore = indexes.rowsBuilt.sum();
            assertThat(rows(c, "select indexrelid, relname from pg_stat_all_indexes where indexrelname = 't7_pkey'"))
                    .containsExactly(List.of(Integer.toString(FIRST_OID + 29), "t7"));
            assertThat(rows(c, "select indexrelname from pg_stat_all_indexes where relname = 't5' order by 1"))
                    .containsExactly(List.of("t5_pkey"), List.of("t5_pkey"));
            assertThat(rows(c, "select indexrelname from pg_stat_all_indexes where relid = " + (FIRST_OID + 40)))
                    .containsExactly(List.of("t10_pkey"));
            assertThat(rows(c, "select relname from pg_stat_all_indexes where indexrelid = " + (FIRST_OID + 43)))
                    .containsExactly(List.of("pg_toast_" + (FIRST_OID + 40)));
            assertThat(indexes.rowsBuilt.sum() - rowsBefore).isEqualTo(5);

            // a join looks the other side up by relid instead of scanning it
            EngineTables.ViewTable statio = table("pg_statio_user_tables");
            rowsBefore = statio.rowsBuilt.sum();
            assertThat(rows(c, "select t.relname, io.heap_blks_hit from pg_stat_user_tables t"
                    + " join pg_statio_user_tables io on io.relid = t.relid where t.relname = 't6'"))
                    .containsExactly(List.of("t6", "1"));
            assertThat(statio.rowsBuilt.sum() - rowsBefore).isEqualTo(1);
            c.commit();
        }
    }

    @Test
    void countBuildsNoRowAndAnAggregateComputesOnlyItsColumn() throws Exception {
        try (Connection c = f.connect()) {
            EngineTables.ViewTable tables = table("pg_stat_user_tables");
            long rowsBefore = tables.rowsBuilt.sum();
            // the fixture's orders, customers, audit."Events", the generated tables and app.t5
            assertThat(rows(c, "select count(*) from pg_stat_user_tables"))
                    .containsExactly(List.of(Integer.toString(3 + TABLES + 1)));
            assertThat(rows(c, "select count(*) from pg_stat_sys_tables"))
                    .containsExactly(List.of(Integer.toString(TABLES / 10)));
            assertThat(rows(c, "select count(*) from pg_stat_all_indexes"))
                    .containsExactly(List.of(Integer.toString(2 + TABLES + TABLES / 10 + 1)));
            assertThat(tables.rowsBuilt.sum() - rowsBefore).as("rows built to count").isZero();

            long valuesBefore = tables.valuesComputed.sum();
            assertThat(rows(c, "select sum(n_tup_ins) from pg_stat_user_tables")).containsExactly(List.of("12"));
            assertThat(tables.rowsBuilt.sum() - rowsBefore).isEqualTo(3 + TABLES + 1);
            assertThat(tables.valuesComputed.sum() - valuesBefore).as("one column of each row")
                    .isEqualTo(3 + TABLES + 1);
        }
    }

    @Test
    void everyPerRelationViewHasTheColumnTypesOfItsTableFunction() throws Exception {
        try (Connection engine = f.server.currentEngine().openSession()) {
            for (ViewDefinition v : Views.all()) {
                if (v.relationRows().isEmpty()) {
                    continue;
                }
                ResultSetMetaData table = meta(engine, "select * from pg_catalog." + v.name());
                ResultSetMetaData function = meta(engine, "select * from pg_catalog.pgstat4j_view('" + v.name() + "')");
                assertThat(table.getColumnCount()).isEqualTo(function.getColumnCount());
                for (int i = 1; i <= table.getColumnCount(); i++) {
                    String what = v.name() + "." + table.getColumnName(i);
                    assertThat(table.getColumnName(i)).as(what).isEqualTo(function.getColumnName(i));
                    assertThat(table.getColumnTypeName(i)).as(what).isEqualTo(function.getColumnTypeName(i));
                    assertThat(table.getPrecision(i)).as(what).isEqualTo(function.getPrecision(i));
                    assertThat(table.getScale(i)).as(what).isEqualTo(function.getScale(i));
                    assertThat(table.isNullable(i)).as(what).isEqualTo(function.isNullable(i));
                }
            }
        }
    }

    private static ResultSetMetaData meta(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        return ps.getMetaData();
    }

    /**
     * Seeded random filters on every per-relation view: the rows the engine reads in place equal
     * those of the same filter over the view's whole rows, in one snapshot.
     */
    @Test
    void filteredReadsEqualTheWholeViewFiltered() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> names = new ArrayList<>(List.of("'t5'", "'t7_pkey'", "'orders'", "'Events'", "'nope'",
                "'t5_seq'", "'pg_toast_" + (FIRST_OID + 40) + "'", "'orders_pkey'", "''", "NULL"));
        List<String> oids = new ArrayList<>(List.of("16400", "16401", "4294967286", "4294967287", "4294967288",
                Integer.toString(FIRST_OID + 42), Integer.toString(FIRST_OID + 43), "0", "-1", "4294967296",
                "16400.0", "16400.5", "NULL", "'16400'"));
        try (Connection c = f.connect()) {
            c.setAutoCommit(false);
            for (ViewDefinition v : Views.all()) {
                if (v.relationRows().isEmpty()) {
                    continue;
                }
                List<String> conditions = new ArrayList<>();
                for (String col : List.of("relid", "relname", "indexrelid", "indexrelname")) {
                    if (v.columnIndex(col) < 0) {
                        continue;
                    }
                    List<String> values = col.endsWith("name") ? names : oids;
                    for (int k = 0; k < 3; k++) {
                        String a = values.get(random.nextInt(values.size()));
                        String b = values.get(random.nextInt(values.size()));
                        conditions.add(col + " = " + a);
                        conditions.add(col + " in (" + a + ", " + b + ")");
                        conditions.add(col + " = " + a + " or " + col + " = " + b);
                        conditions.add(col + " >= " + a + " and " + col + " <= " + b);
                        conditions.add(col + " = " + a + " and schemaname = 'public'");
                    }
                }
                conditions.add("true");
                for (String where : conditions) {
                    String inPlace = "select * from pg_catalog." + v.name() + " where " + where;
                    String whole = "select * from pg_catalog.pgstat4j_view('" + v.name() + "') as v where " + where;
                    List<List<String>> expected;
                    try {
                        expected = rows(c, whole);
                    } catch (SQLException e) {
                        c.rollback();
                        // the same condition must fail the same way on the view
                        String state = e.getSQLState();
                        try {
                            rows(c, inPlace);
                            throw new AssertionError("seed " + seed + ": " + inPlace + " answered; over the whole rows: " + e);
                        } catch (SQLException same) {
                            assertThat(same.getSQLState()).as("seed " + seed + ": " + inPlace).isEqualTo(state);
                            c.rollback();
                            continue;
                        }
                    }
                    assertThat(rows(c, inPlace)).as("seed " + seed + ": " + inPlace)
                            .containsExactlyInAnyOrderElementsOf(expected);
                }
                c.commit();
            }
        }
    }
}
