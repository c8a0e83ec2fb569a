package org.pgstat4j.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pgstat4j.backend.RelKind;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.store.TabEntry;

/**
 * {@link RelationRows}' row-by-row, column-by-column reads agree with the whole rows: over
 * seeded random catalogs (kinds, schemas, repeated names, indexes, TOAST tables, renames and
 * drops), for every per-relation view, the count is the number of rows, a lookup by
 * relid/relname/indexrelid/indexrelname gives exactly the rows of {@link ViewDefinition#rows}
 * with that value in that column, in order, and a value read alone equals the row's.
 */
class RelationRowsTest {
    private static final int DB = 16384;
    private static final long T0 = PgTimestamps.fromInstant(Instant.parse("2026-11-25T14:00:00Z"));
    private static final List<String> SCHEMAS = List.of("public", "app", "pg_catalog", "pg_toast", "information_schema");
    private static final RelKind[] KINDS = {RelKind.RELATION, RelKind.RELATION, RelKind.TOAST_VALUE, RelKind.MATVIEW,
            RelKind.PARTITIONED_TABLE, RelKind.SEQUENCE, RelKind.VIEW};

    @Test
    void countsLookupsAndSingleValuesAgreeWithTheWholeRows() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            Catalog catalog = randomCatalog(random);
            StatsStore store = StatsStore.empty(T0);
            DbEntry db = store.databaseOrCreate(DB, T0);
            for (PgClass c : catalog.relations()) {
                if (random.nextBoolean()) {
                    TabEntry t = new TabEntry(c.oid());
                    t.tuplesInserted = random.nextInt(100);
                    t.numScans = random.nextInt(100);
                    t.blocksFetched = 50 + random.nextInt(100);
                    t.blocksHit = random.nextInt(50);
                    db.tables.put(c.oid(), t);
                }
            }
            ViewContext ctx = ViewContext.of(new Snapshot(store, DB), catalog);
            for (ViewDefinition v : Views.all()) {
                if (v.relationRows().isEmpty()) {
                    continue;
                }
                check(v, v.relationRows().get(), ctx, random, "seed " + seed + " round " + round + " " + v.name());
            }
        }
    }

    private static void check(ViewDefinition v, RelationRows rr, ViewContext ctx, Random random, String what) {
        List<Object[]> whole = v.rows(ctx);
        assertThat(rr.count(ctx.catalog())).as(what + " count").isEqualTo(whole.size());
        List<PgClass> keys = rr.keys(ctx.catalog());
        RelationRows.Values values = rr.values(ctx);
        for (int i = 0; i < keys.size(); i++) {
            int column = random.nextInt(v.columns().size());
            assertThat(values.value(keys.get(i), column)).as(what + " single value").isEqualTo(whole.get(i)[column]);
        }
        for (String name : List.of("relid", "relname", "indexrelid", "indexrelname")) {
            int column = v.columnIndex(name);
            if (column < 0) {
                continue;
            }
            assertThat(rr.canLookUp(column)).as(what + " looks up by " + name).isTrue();
            List<Object> probes = new ArrayList<>();
            for (int k = 0; k < 10 && !whole.isEmpty(); k++) {
                probes.add(whole.get(random.nextInt(whole.size()))[column]);
            }
            probes.addAll(name.endsWith("name") ? List.of("x0", "nope") : List.of(1, 3, -1));
            for (Object probe : probes) {
                List<Object[]> expected = whole.stream().filter(r -> probe.equals(r[column])).toList();
                List<Object[]> found = new ArrayList<>();
                for (PgClass key : rr.lookUp(ctx.catalog(), column, probe)) {
                    Object[] row = new Object[v.columns().size()];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = values.value(key, c);
                    }
                    found.add(row);
                }
                assertThat(found).as(what + " " + name + " = " + probe)
                        .usingElementComparator((a, b) -> Arrays.equals(a, b) ? 0 : 1)
                        .containsExactlyElementsOf(expected);
            }
        }
        assertThat(rr.canLookUp(v.columns().size() - 1)).as(what + " no lookup by its last column").isFalse();
    }

    /** Tables, indexes, TOAST tables in a few schemas with few names; then some renames and drops. */
    private static Catalog randomCatalog(Random random) {
        Catalog c = new Catalog();
        c.addDatabase(new PgDatabase(DB, "fx"));
        List<PgClass> tables = new ArrayList<>();
        int oid = random.nextBoolean() ? 1 : -200; // unsigned order wraps around
        for (int i = 0; i < 60; i++) {
            String schema = SCHEMAS.get(random.nextInt(SCHEMAS.size()));
            RelKind kind = KINDS[random.nextInt(KINDS.length)];
            String name = "x" + random.nextInt(12);
            if (c.relation(schema, name) != null) {
                continue;
            }
            int toast = 0;
            if (kind == RelKind.RELATION && random.nextInt(4) == 0 && c.relation("pg_toast", "pg_toast_" + i) == null) {
                toast = oid += 3;
                c.addRelation(new PgClass(toast, "pg_toast", "pg_toast_" + i, RelKind.TOAST_VALUE, 0, 0, false));
                c.addRelation(PgClass.index(oid += 3, "pg_toast", "pg_toast_" + i + "_index", toast));
            }
            PgClass t = new PgClass(oid += 3, schema, name, kind, 0, toast, false);
            c.addRelation(t);
            tables.add(t);
            for (int k = random.nextInt(3); k > 0; k--) {
                String index = "x" + random.nextInt(12) + "_i" + k;
                if (c.relation(schema, index) == null) {
                    c.addRelation(new PgClass(oid += 3, schema, index,
                            kind == RelKind.PARTITIONED_TABLE ? RelKind.PARTITIONED_INDEX : RelKind.INDEX,
                            t.oid(), 0, false));
                }
            }
        }
        for (int k = 0; k < 5 && !tables.isEmpty(); k++) {
            PgClass t = tables.remove(random.nextInt(tables.size()));
            if (random.nextBoolean()) {
                c.dropRelation(t.oid());
            } else if (c.relation(t.nspname(), t.relname() + "_renamed") == null) {
                c.addRelation(new PgClass(t.oid(), t.nspname(), t.relname() + "_renamed", t.relkind(), 0,
                        t.reltoastrelid(), false));
            }
        }
        return c;
    }
}
