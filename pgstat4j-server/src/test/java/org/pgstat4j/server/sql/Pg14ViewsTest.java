package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * The system views' columns as PostgreSQL 14 lists them in {@code pg_attribute}
 * ({@code pg14_view_columns.tsv}) are exactly the columns — names, order and type OIDs — of
 * every view this endpoint serves, so that psql's {@code \d} of a view describes what a query
 * of it returns.
 */
class Pg14ViewsTest {
    @Test
    void everyServedViewHasPostgres14sColumnsInPostgres14sOrder() {
        Map<String, List<String>> served = new java.util.LinkedHashMap<>();
        for (ViewDefinition v : Views.all()) {
            served.put(v.name(), v.columns().stream().map(c -> c.name() + " " + WireType.of(c.type()).oid()).toList());
        }
        SystemViews.COLUMNS.forEach((name, cols) -> {
            if (!name.equals("pg_database")) { // a table, not a view
                served.put(name, cols.stream().map(c -> c.name() + " " + c.type().oid()).toList());
            }
        });
        assertThat(served).hasSizeGreaterThan(30);
        served.forEach((name, columns) -> {
            Pg14Views.SystemView v = Pg14Views.BY_NAME.get(name);
            assertThat(v).as(name).isNotNull();
            List<String> pg = new ArrayList<>();
            v.columns().forEach(c -> pg.add(c.attname() + " " + c.atttypid()));
            assertThat(columns).as(name).isEqualTo(pg);
            assertThat(Pg14Views.BY_OID.get(v.oid())).isSameAs(v);
        });
    }

    @Test
    void formatTypeNamesEveryTypeOfAServedViewsColumn() {
        for (Pg14Views.SystemView v : Pg14Views.BY_OID.values()) {
            for (Pg14Views.ViewColumn c : v.columns()) {
                assertThat(DescribeFunctions.format_type((long) c.atttypid(), c.atttypmod()))
                        .as(v.relname() + "." + c.attname()).isEqualTo(c.formatType());
            }
        }
    }
}
