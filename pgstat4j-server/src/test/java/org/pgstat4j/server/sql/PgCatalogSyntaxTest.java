package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.pgstat4j.server.sql.SqlTextTest.engine;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pgstat4j.backend.SqlStateException;

/**
 * The spellings of psql's catalog queries rewritten token by token, and PostgreSQL's regular
 * expressions translated into Java patterns of the same meaning — or refused.
 */
class PgCatalogSyntaxTest {
    @Test
    void qualifiedOperatorsAndTheDefaultCollationBecomeTheEnginesSpelling() throws Exception {
        assertThat(engine("select 1 where c.relname OPERATOR(pg_catalog.~) '^(t)$' COLLATE pg_catalog.default"))
                .isEqualTo("select 1 where c.relname  ~  pg_catalog.pgstat4j_regex('^(t)$')  ");
        assertThat(engine("select a OPERATOR(pg_catalog.=) b, x COLLATE \"default\""))
                .isEqualTo("select a  =  b, x  ");
        // another collation, another schema's operator: left to the engine, which rejects them
        assertThat(engine("select x COLLATE \"C\", a OPERATOR(myschema.~) b"))
                .isEqualTo("select x COLLATE \"C\", a OPERATOR(myschema.~) b");
    }

    @Test
    void catalogQualifiedTypesInCastsLoseTheirSchema() throws Exception {
        assertThat(engine("select NULL::pg_catalog.text, CAST(x AS pg_catalog.int8), pg_catalog.version()"))
                .isEqualTo("select NULL::text, CAST(x AS int8), pg_catalog.version()");
        // a type the engine lacks keeps its schema (and is refused as such)
        assertThat(engine("select 'int4'::pg_catalog.regtype")).isEqualTo("select 'int4'::pg_catalog.regtype");
    }

    @Test
    void patternsOfEveryRegexOperatorGoThroughTheTranslation() throws Exception {
        assertThat(engine("select a ~ 'x', a !~ $1, a ~* '_', a !~* E'\\\\.', a ~ b, 'a ~ ''b'''"))
                .isEqualTo("select a ~ pg_catalog.pgstat4j_regex('x'), a !~ pg_catalog.pgstat4j_regex(?1),"
                        + " a ~* pg_catalog.pgstat4j_regex('_'), a !~* pg_catalog.pgstat4j_regex('\\.'),"
                        + " a ~ b, 'a ~ ''b'''");
        // a prefix ~ is PostgreSQL's bitwise not, no regular expression
        assertThat(engine("select ~ '5', (~ $1), x ~ 'y'"))
                .isEqualTo("select ~ '5', (~ ?1), x ~ pg_catalog.pgstat4j_regex('y')");
    }

    @Test
    void aTypeOidShownAsTextGoesThroughTheTypeName() throws Exception {
        assertThat(engine("select c.reloftype::pg_catalog.regtype::pg_catalog.text, t::regtype"))
                .isEqualTo("select pg_catalog.pgstat4j_regtype(c.reloftype)::text, t::regtype");
    }

    @Test
    void aStatementWithoutCatalogSpellingsIsUnchanged() throws Exception {
        SqlText.Statement s = SqlText.split("select relname from pg_stat_user_tables where n_tup_ins > 0").get(0);
        assertThat(PgCatalogSyntax.normalize(s)).isSameAs(s);
    }

    private static boolean matches(String posix, String value) {
        return Pattern.compile(PosixRegex.toJava(posix)).matcher(value).find();
    }

    @Test
    void translatedPatternsMatchAsPostgresqlsAdvancedRegularExpressions() {
        assertThat(matches("^(pg_stat_user_tables)$", "pg_stat_user_tables")).isTrue();
        assertThat(matches("^(pg_stat_user_tables)$", "pg_stat_user_tables_x")).isFalse();
        assertThat(matches("^(pg_stat_.*)$", "pg_stat_wal")).isTrue();
        assertThat(matches("^pg_toast", "pg_toast_temp_1")).isTrue();
        assertThat(matches("a|", "zzz")).isTrue();
        assertThat(matches("^(ab)+(c|d)$", "ababd")).isTrue();
        assertThat(matches("\\$x\\.", "a$x.")).isTrue();
        // PostgreSQL: "." matches a newline and "$" is only the end of the string
        assertThat(matches("a.b", "a\nb")).isTrue();
        assertThat(matches("abc$", "abc\n")).isFalse();
        assertThat(matches("^b", "a\nb")).isFalse();
    }

    @Test
    void patternsPostgresqlRejectsAreRejectedWithItsError() {
        for (String p : List.of("(a", "a)", "*a", "a**", "(*a)", "a|*b", "^*", "a$*", "a\\")) {
            SqlStateException e = catchThrowableOfType(SqlStateException.class, () -> PosixRegex.toJava(p));
            assertThat(e).as(p).isNotNull();
            assertThat(e.sqlState()).as(p).isEqualTo("2201B");
        }
    }

    @Test
    void constructsThatMightMeanSomethingElseInJavaAreRefused() {
        for (String p : List.of("[a-z]", "a{2}", "\\d", "\\w", "a*?", "(?i)a", "***:a", "x(?=y)", "(a*)*b", "(a|ab)+c",
                "((a+)x)*")) {
            SqlStateException e = catchThrowableOfType(SqlStateException.class, () -> PosixRegex.toJava(p));
            assertThat(e).as(p).isNotNull();
            assertThat(e.sqlState()).as(p).isEqualTo(PgError.FEATURE_NOT_SUPPORTED);
        }
        assertThat(PosixRegex.toJava("^_$")).isEqualTo("(?s)^_\\z");
    }
}
