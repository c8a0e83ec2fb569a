package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting and rewriting never look inside literals, quoted identifiers or comments. */
class SqlTextTest {
    private static List<String> texts(String sql) throws Exception {
        return SqlText.split(sql).stream().map(SqlText.Statement::text).toList();
    }

    /** The engine's text of {@code sql}, which must be one statement. */
    static String engine(String sql) throws Exception {
        List<SqlText.Statement> s = SqlText.split(sql);
        assertThat(s).hasSize(1);
        return SqlText.forEngine(s.get(0));
    }

    @Test
    void splitsAtTopLevelSemicolonsOnly() throws Exception {
        assertThat(texts("select 1; select ';' -- ;\n; select $$;$$ /* ; */"))
                .containsExactly("select 1", " select ';' -- ;\n", " select $$;$$ /* ; */");
        assertThat(texts(";;")).containsExactly("");
        assertThat(SqlText.split("  ").get(0).isEmpty()).isTrue();
    }

    @Test
    void parametersBecomeNumberedEngineParameters() throws Exception {
        SqlText.Statement s = SqlText.split("select $1 + $12, '$1'").get(0);
        assertThat(s.maxParameter()).isEqualTo(12);
        assertThat(SqlText.forEngine(s)).isEqualTo("select ?1 + ?12, '$1'");
    }

    @Test
    void regclassCastsBecomeCatalogLookups() throws Exception {
        assertThat(engine("select pg_stat_reset_single_table_counters('t'::regclass)"))
                .isEqualTo("select pg_stat_reset_single_table_counters(pg_catalog.pgstat4j_regclass('t'))");
        assertThat(engine("select $1::regclass, a.relid::regclass, 'x::regclass'"))
                .isEqualTo("select pg_catalog.pgstat4j_regclass(?1), pg_catalog.pgstat4j_regclass_name(a.relid),"
                        + " 'x::regclass'");
    }

    @Test
    void userKeywordsAndNowAreThePostgresqlOnes() throws Exception {
        assertThat(engine("select current_user, session_user, now(), \"current_user\", t.user"))
                .isEqualTo("select pg_catalog.pgstat4j_current_user(), pg_catalog.pgstat4j_current_user(),"
                        + " pg_catalog.pgstat4j_now(), \"current_user\", t.user");
    }

    @Test
    void escapeAndDollarLiteralsBecomeStandardLiterals() throws Exception {
        assertThat(engine("select E'it\\'s\\n', $tag$a'b$tag$, 'plain''s'"))
                .isEqualTo("select 'it''s\n', 'a''b', 'plain''s'");
    }

    @Test
    void unterminatedLiteralsAreErrors() {
        assertThat(catchThrowableOfType(SqlLexer.LexException.class, () -> SqlText.split("select 'abc")))
                .hasMessage("unterminated quoted string");
        assertThat(catchThrowableOfType(SqlLexer.LexException.class, () -> SqlText.split("select /* x")))
                .hasMessage("unterminated /* comment");
    }

    @Test
    void sessionCommandsAreRecognisedByTheirKeywords() throws Exception {
        assertThat(command("SET application_name TO 'a b'")).isEqualTo(new SessionCommand.Set("application_name", "a b", false));
        assertThat(command("set local extra_float_digits = -3")).isEqualTo(new SessionCommand.Set("extra_float_digits", "-3", true));
        assertThat(command("SET TIME ZONE 'UTC'")).isEqualTo(new SessionCommand.Set("TimeZone", "UTC", false));
        assertThat(command("set search_path = a, \"B\"")).isEqualTo(new SessionCommand.Set("search_path", "a, B", false));
        assertThat(command("set my.option to default")).isEqualTo(new SessionCommand.Set("my.option", null, false));
        assertThat(command("SHOW ALL")).isEqualTo(new SessionCommand.Show(null));
        assertThat(command("show transaction isolation level")).isEqualTo(new SessionCommand.Show("transaction_isolation"));
        assertThat(command("start transaction read only")).isEqualTo(new SessionCommand.Begin());
        assertThat(command("rollback to savepoint s")).isEqualTo(new SessionCommand.Savepoint("ROLLBACK"));
        assertThat(command("end")).isEqualTo(new SessionCommand.Commit());
        assertThat(command("deallocate prepare s1")).isEqualTo(new SessionCommand.Deallocate("s1"));
        assertThat(command("copy t to stdout")).isEqualTo(new SessionCommand.Unsupported("COPY"));
        assertThat(command("select 1")).isNull();
        assertThat(catchThrowableOfType(PgError.class, () -> command("set x")).getMessage())
                .isEqualTo("syntax error at end of input");
    }

    private static SessionCommand command(String sql) throws Exception {
        return SessionCommand.of(SqlText.split(sql).get(0).tokens());
    }
}
