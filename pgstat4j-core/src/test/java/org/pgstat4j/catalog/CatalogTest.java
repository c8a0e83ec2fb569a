package org.pgstat4j.catalog;

import org.pgstat4j.backend.RelKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CatalogTest {
    @Test
    void fixtureCatalogLoadsEveryRowWithItsKindAndLinks() throws Exception {
        Catalog c = Catalog.loadCsvDirectory(Fixtures.dir("pg14-mixed").resolve("catalog"));

        assertThat(c.databases()).extracting(PgDatabase::datname)
                .containsExactly("template1", "template0", "postgres", "fx");
        assertThat(c.database("fx").oid()).isEqualTo(16384);
        assertThat(c.relations()).hasSize(1187);
        PgClass main = c.relation("public", "t_main");
        assertThat(main.relkind()).isEqualTo(RelKind.RELATION);
        assertThat(main.reltoastrelid()).isNotZero();
        assertThat(c.relation(main.reltoastrelid()).relkind()).isEqualTo(RelKind.TOAST_VALUE);
        assertThat(c.indexesOf(main.oid())).extracting(PgClass::relname)
                .containsExactlyInAnyOrder("t_main_pkey", "t_main_grp_idx");
        assertThat(c.relation("pg_catalog", "pg_database").relisshared()).isTrue();
        assertThat(c.relation("pg_catalog", "pg_class").relisshared()).isFalse();
        assertThat(c.functions()).extracting(PgProc::proname).containsExactly("f_inner", "f_sql", "f_outer");
        assertThat(c.functions("public", "f_sql")).extracting(PgProc::oid).containsExactly(16445);
    }

    @Test
    void listsAreInUnsignedOidOrder() {
        Catalog c = new Catalog();
        c.addDatabase(new PgDatabase(-2, "big"));
        c.addDatabase(new PgDatabase(5, "small"));
        assertThat(c.databases()).extracting(PgDatabase::datname).containsExactly("small", "big");
        assertThat(c.database(-2).toString()).isEqualTo("big (4294967294)");
    }

    @Test
    void theRelationListFollowsEveryChange() {
        Catalog c = new Catalog();
        c.addRelation(PgClass.table(200, "public", "b"));
        c.addRelation(PgClass.table(-5, "public", "big"));
        List<PgClass> before = c.relations();
        assertThat(c.relations()).isSameAs(before); // kept while nothing changes
        assertThat(before).extracting(PgClass::oid).containsExactly(200, -5);
        c.addRelation(PgClass.table(100, "public", "a"));
        assertThat(c.relations()).extracting(PgClass::oid).containsExactly(100, 200, -5);
        assertThat(before).extracting(PgClass::oid).containsExactly(200, -5); // an earlier list stays as it was
        c.addRelation(PgClass.table(100, "public", "renamed"));
        assertThat(c.relations()).extracting(PgClass::relname).containsExactly("renamed", "b", "big");
        c.dropRelation(200);
        assertThat(c.relations()).extracting(PgClass::oid).containsExactly(100, -5);
        assertThatThrownBy(() -> c.relations().add(PgClass.table(7, "public", "x")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void relationsShareOneCopyOfTheirSchemaName() {
        Catalog c = new Catalog();
        c.addRelation(PgClass.table(1, new String("public"), "a"));
        c.addRelation(PgClass.table(2, new String("public"), "b"));
        assertThat(c.relation(2).nspname()).isSameAs(c.relation(1).nspname());
        assertThat(c.relation("public", "b")).isEqualTo(PgClass.table(2, "public", "b"));
    }

    @Test
    void aNameInSeveralSchemasFindsEachUntilDropped() {
        Catalog c = new Catalog();
        c.addRelation(PgClass.table(300, "s3", "t"));
        c.addRelation(PgClass.table(100, "s1", "t"));
        c.addRelation(PgClass.table(200, "s2", "t"));
        assertThat(c.relationsNamed("t")).extracting(PgClass::oid).containsExactly(100, 200, 300);
        assertThat(c.relation("s2", "t").oid()).isEqualTo(200);
        c.dropRelation(100);
        c.dropRelation(300);
        assertThat(c.relationsNamed("t")).extracting(PgClass::nspname).containsExactly("s2");
        assertThat(c.relation("s1", "t")).isNull();
        assertThat(c.relation("s2", "t").oid()).isEqualTo(200);
        c.addRelation(PgClass.table(200, "s2", "u")); // renamed: gone from "t", found as "u"
        assertThat(c.relationsNamed("t")).isEmpty();
        assertThat(c.relation("s2", "u").oid()).isEqualTo(200);
        c.addRelation(PgClass.table(400, "s2", "t")); // the name is free again
        assertThat(c.relation("s2", "t").oid()).isEqualTo(400);
    }

    @Test
    void readdingAnOidRenamesAndATakenNameIsRefused() {
        Catalog c = new Catalog();
        c.addRelation(PgClass.table(100, "public", "a"));
        c.addRelation(PgClass.table(100, "public", "b"));
        assertThat(c.relation("public", "a")).isNull();
        assertThat(c.relation("public", "b").oid()).isEqualTo(100);
        assertThatThrownBy(() -> c.addRelation(PgClass.table(101, "public", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("public.b already exists");
        c.addDatabase(new PgDatabase(1, "d"));
        assertThatThrownBy(() -> c.addDatabase(new PgDatabase(2, "d")))
                .hasMessageContaining("database \"d\" already exists");
    }

    @Test
    void movingAnIndexToAnotherTableUpdatesBothTables() {
        Catalog c = new Catalog();
        c.addRelation(PgClass.table(1, "s", "t1"));
        c.addRelation(PgClass.table(2, "s", "t2"));
        c.addRelation(PgClass.index(3, "s", "i", 1));
        c.addRelation(PgClass.index(3, "s", "i", 2));
        assertThat(c.indexesOf(1)).isEmpty();
        assertThat(c.indexesOf(2)).extracting(PgClass::oid).containsExactly(3);
    }

    @Test
    void droppingATableDropsItsIndexesAndToastAsDropTableDoes() {
        Catalog c = new Catalog();
        c.addRelation(new PgClass(10, "public", "t", RelKind.RELATION, 0, 11, false));
        c.addRelation(new PgClass(11, "pg_toast", "pg_toast_10", RelKind.TOAST_VALUE, 0, 0, false));
        c.addRelation(new PgClass(12, "pg_toast", "pg_toast_10_index", RelKind.INDEX, 11, 0, false));
        c.addRelation(PgClass.index(13, "public", "t_pkey", 10));
        c.addRelation(PgClass.table(20, "public", "other"));

        assertThat(c.dropRelation(10)).isTrue();
        assertThat(c.relations()).extracting(PgClass::oid).containsExactly(20);
        assertThat(c.relation("public", "t_pkey")).isNull();
        assertThat(c.dropRelation(10)).isFalse();
        assertThat(c.dropFunction(1)).isFalse();
        c.addFunction(new PgProc(1, "public", "f"));
        assertThat(c.dropFunction(1)).isTrue();
        assertThat(c.function(1)).isNull();
    }

    @Test
    void rowsRejectInvalidOidsNamesAndKinds() {
        assertThatThrownBy(() -> PgClass.table(0, "s", "t")).hasMessageContaining("InvalidOid");
        assertThatThrownBy(() -> new PgClass(1, "s", "i", RelKind.INDEX, 0, 0, false))
                .hasMessageContaining("needs the OID of its table");
        assertThatThrownBy(() -> new PgClass(1, "s", "t", RelKind.RELATION, 5, 0, false))
                .hasMessageContaining("is not an index but has indrelid 5");
        assertThatThrownBy(() -> new PgDatabase(1, "x".repeat(64))).hasMessageContaining("longer than 63 bytes");
        assertThatThrownBy(() -> new PgProc(1, "", "f")).hasMessageContaining("nspname must not be empty");
        assertThat(RelKind.fromCode('I')).isEqualTo(RelKind.PARTITIONED_INDEX);
        assertThatThrownBy(() -> RelKind.fromCode('x')).hasMessageContaining("unknown relkind 'x'");
    }

    /** Listing and joining while another thread registers and drops never fails. */
    @Test
    void readersIterateSafelyWhileAWriterRegistersAndDrops() throws Exception {
        Catalog c = new Catalog();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            for (int i = 1; i <= 2000; i++) {
                c.addRelation(PgClass.table(i * 2, "public", "t" + i));
                c.addRelation(PgClass.index(i * 2 + 1, "public", "t" + i + "_pkey", i * 2));
                if (i % 3 == 0) {
                    c.dropRelation(i * 2);
                }
            }
        });
        Thread reader = new Thread(() -> {
            try {
                while (writer.isAlive()) {
                    for (PgClass r : c.relations()) {
                        c.indexesOf(r.oid());
                        c.relation(r.nspname(), r.relname());
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        writer.start();
        reader.start();
        writer.join();
        reader.join();
        assertThat(failure.get()).isNull();
        List<PgClass> all = c.relations();
        assertThat(all).hasSize(2 * (2000 - 666));
        assertThat(c.relation("public", "t3")).isNull();
        assertThat(c.relation("public", "t3_pkey")).isNull();
        assertThat(c.indexesOf(2)).extracting(PgClass::relname).containsExactly("t1_pkey");
    }
}
