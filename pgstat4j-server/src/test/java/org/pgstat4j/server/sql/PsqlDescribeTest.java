package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pgstat4j.server.sql.PsqlTest.Run;
import org.pgstat4j.server.pg14.RealPostgres14;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * psql's {@code \d} of the statistics and system views, run by the real {@code psql} binary
 * against the endpoint and against a real PostgreSQL 14 (the oracle): the output — the view's
 * columns with their types, collations, nullability and defaults — must be the same,
 * character for character. A relation whose columns pgstat4j does not know ({@code \d orders})
 * must fail with a clear SQLSTATE, never print a wrong or empty description.
 */
class PsqlDescribeTest {
    @RegisterExtension
    static final SideBySide both = SideBySide.of(PgWireConfig.defaults().withSuperusers(java.util.Set.of("x")), false);

    static Run ours(String... args) throws IOException, InterruptedException {
        return PsqlTest.psql("127.0.0.1", Integer.toString(both.f.server.port()), SqlFixture.DBNAME, "x", Map.of(),
                args);
    }

    static Run postgres(String... args) throws IOException, InterruptedException {
        return PsqlTest.psql(both.pg.socketDir().toString(), Integer.toString(both.pg.port()), "postgres",
                RealPostgres14.SUPERUSER, Map.of(), args);
    }

    @Test
    void describePgStatUserTablesPrintsTheViewsColumnsAsPostgres14Does() throws Exception {
        Run ours = ours("-c", "\\d pg_stat_user_tables");
        Run theirs = postgres("-c", "\\d pg_stat_user_tables");
        assertThat(theirs.exit()).as(theirs.stderr()).isZero();
        assertThat(ours.stderr()).isEmpty();
        assertThat(ours.exit()).isZero();
        assertThat(ours.stdout()).startsWith("                      View \"pg_catalog.pg_stat_user_tables\"\n")
                .contains(" relid               | oid                      |           |          | \n")
                .contains(" last_autovacuum     | timestamp with time zone |           |          | \n");
        ViewDefinition v = Views.byName("pg_stat_user_tables").orElseThrow();
        for (var column : v.columns()) {
            assertThat(ours.stdout()).contains(" " + column.name() + " ");
        }
        assertThat(ours.stdout()).isEqualTo(theirs.stdout());
    }

    static List<String> servedViews() {
        List<String> names = new ArrayList<>();
        Views.all().forEach(v -> names.add(v.name()));
        names.addAll(new java.util.TreeSet<>(SystemViews.COLUMNS.keySet()));
        names.remove("pg_database"); // a table, whose columns pgstat4j does not describe
        return names;
    }

    @ParameterizedTest
    @MethodSource("servedViews")
    void describeOfEveryServedViewEqualsPostgres14s(String view) throws Exception {
        Run ours = ours("-c", "\\d " + view);
        Run theirs = postgres("-c", "\\d " + view);
        assertThat(theirs.exit()).as(theirs.stderr()).isZero();
        assertThat(ours.stderr()).isEmpty();
        assertThat(ours.stdout()).isEqualTo(theirs.stdout());
        assertThat(ours.exit()).isZero();
    }

    @Test
    void describeAPatternOfViewsFindsEachAsPostgres14Does() throws Exception {
        // \d with a pattern: one description per matching view, found by psql's regular expression
        Run ours = ours("-c", "\\d pg_stat_user_*");
        Run theirs = postgres("-c", "\\d pg_stat_user_*");
        assertThat(ours.stderr()).isEmpty();
        assertThat(ours.stdout()).contains("View \"pg_catalog.pg_stat_user_functions\"")
                .contains("View \"pg_catalog.pg_stat_user_indexes\"")
                .contains("View \"pg_catalog.pg_stat_user_tables\"");
        assertThat(ours.stdout()).isEqualTo(theirs.stdout());
    }

    @Test
    void describeOfATableWhoseColumnsAreUnknownFailsClearly() throws Exception {
        Run r = ours("-c", "\\d orders");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("ERROR:  pg_class.")
                .contains("is not supported by pgstat4j");
    }

    @Test
    void tabCompletionOfAViewsColumnNamesAnswersAsPostgres14AndOfATablesIsRefused() throws Exception {
        String q = "SELECT a.attname, NULL::pg_catalog.text FROM pg_catalog.pg_attribute a, pg_catalog.pg_class c"
                + " WHERE c.oid = a.attrelid and a.attnum > 0 and not a.attisdropped AND (a.attname) LIKE 'n\\_%'"
                + " AND c.relname = 'RELNAME' AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 1";
        Run ours = ours("-At", "-c", q.replace("RELNAME", "pg_stat_user_tables"));
        assertThat(ours.stderr()).isEmpty();
        assertThat(ours.stdout()).isEqualTo(postgres("-At", "-c", q.replace("RELNAME", "pg_stat_user_tables")).stdout())
                .startsWith("n_dead_tup|\n");
        Run table = ours("-At", "-c", q.replace("RELNAME", "orders"));
        assertThat(table.exit()).isEqualTo(1);
        assertThat(table.stderr()).startsWith("ERROR:  pg_attribute is supported by pgstat4j only for PostgreSQL's");
    }

    @Test
    void describeOfNoSuchRelationSaysSoAsPostgres14Does() throws Exception {
        Run ours = ours("-c", "\\d no_such_view");
        Run theirs = postgres("-c", "\\d no_such_view");
        assertThat(ours.stderr()).isEqualTo(theirs.stderr())
                .isEqualTo("Did not find any relation named \"no_such_view\".\n");
        assertThat(ours.exit()).isEqualTo(theirs.exit());
    }

    @Test
    void aSystemViewsNameAndOidConvertAsRegclassAsInPostgres14() throws Exception {
        String q = "select 'pg_stat_user_tables'::regclass::oid, 'pg_catalog.pg_settings'::regclass::oid,"
                + " c.oid::regclass"
                + " from pg_catalog.pg_class c where c.oid = 12374";
        Run ours = ours("-At", "-c", q);
        assertThat(ours.stderr()).isEmpty();
        assertThat(ours.stdout()).isEqualTo(postgres("-At", "-c", q).stdout())
                .isEqualTo("12374|12321|pg_stat_user_tables\n");
    }

    @Test
    void visibilityIsAnsweredOnlyForTheDefaultSearchPath() throws Exception {
        String q = "select pg_catalog.pg_table_is_visible(12374), pg_catalog.pg_table_is_visible(c.oid)"
                + " from pg_catalog.pg_class c where c.relname = 'orders'";
        Run ours = ours("-At", "-c", q);
        assertThat(ours.stderr()).isEmpty();
        assertThat(ours.stdout()).isEqualTo("t|t\n");
        Run other = ours("-At", "-c", "set search_path = audit", "-c", q);
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.stderr()).startsWith("ERROR:  pg_table_is_visible() with a search_path other than");
    }

    @Test
    void theDefinitionOfAViewIsRefusedNotInvented() throws Exception {
        Run r = ours("-c", "select pg_get_viewdef('pg_stat_user_tables'::regclass::oid)");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("ERROR:  pg_get_viewdef() is not supported by pgstat4j\n");
    }

    @Test
    void aRegularExpressionPsqlSendsMatchesAsPostgres14s() throws Exception {
        String q = "select relname from pg_catalog.pg_class c where c.relname OPERATOR(pg_catalog.~) "
                + "'^(pg_stat_.*_tables)$' COLLATE pg_catalog.default order by 1";
        Run ours = ours("--csv", "-c", q);
        Run theirs = postgres("--csv", "-c", q);
        assertThat(ours.stderr()).isEmpty();
        assertThat(ours.stdout()).isEqualTo(theirs.stdout()).contains("pg_stat_user_tables\n");
    }

    @Test
    void aPatternWhoseJavaMeaningDiffersIsRefusedNotAnswered() throws Exception {
        for (String pattern : List.of("^[a-z]+$", "\\d", "a{2}", "pg_.*?")) {
            Run r = ours("-c", "select count(*) from pg_class where relname ~ '" + pattern + "'");
            assertThat(r.exit()).as(pattern).isEqualTo(1);
            assertThat(r.stderr()).as(pattern).startsWith("ERROR:  regular expressions with ")
                    .contains("not supported by pgstat4j");
        }
        Run unbalanced = ours("-c", "select 'a' ~ '(a'");
        assertThat(unbalanced.stderr())
                .isEqualTo(postgres("-c", "select 'a' ~ '(a'").stderr())
                .isEqualTo("ERROR:  invalid regular expression: parentheses () not balanced\n");
        Run number = ours("-c", "select relid ~ '1' from pg_stat_user_tables");
        assertThat(number.stderr()).startsWith("ERROR:  operator does not exist");
        assertThat(ours("-c", "select relid ~* '1' from pg_stat_user_tables").stderr())
                .startsWith("ERROR:  operator does not exist");
        assertThat(postgres("-c", "select relid ~ '1' from pg_stat_user_tables").stderr())
                .startsWith("ERROR:  operator does not exist");
        Run column = ours("-c", "select count(*) from pg_class where relname ~ relname");
        assertThat(column.stderr()).contains("whose pattern is not a string literal or a parameter is not supported");
    }

    @Test
    void newlinesMatchAsInPostgres14() throws Exception {
        // "." matches a newline and "$" only the very end, as in PostgreSQL's default mode
        String q = "select E'a\\nb' ~ 'a.b' as dot, E'abc\\n' ~ 'abc$' as dollar, 'abc' !~ '^b' as negated";
        Run ours = ours("--csv", "-c", q);
        assertThat(ours.stderr()).isEmpty();
        assertThat(ours.stdout()).isEqualTo(postgres("--csv", "-c", q).stdout())
                .isEqualTo("dot,dollar,negated\nt,f,t\n");
    }
}
