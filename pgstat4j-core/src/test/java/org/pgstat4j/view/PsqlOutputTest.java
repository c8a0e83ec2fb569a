package org.pgstat4j.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PsqlOutputTest {
    private static final List<Column> COLUMNS = List.of(Column.of("relid", PgType.OID),
            Column.of("relname", PgType.NAME), Column.of("total_time", PgType.FLOAT8));

    private static String csv(List<Column> columns, List<Object[]> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        PsqlOutput.writeCsv(columns, rows, sb);
        return sb.toString();
    }

    private static String aligned(List<Column> columns, List<Object[]> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        PsqlOutput.writeAligned(columns, rows, sb);
        return sb.toString();
    }

    @Test
    void csvQuotesOnlyWhatPsqlQuotes() throws IOException {
        List<Column> one = List.of(Column.of("v", PgType.TEXT));
        List<Object[]> rows = new ArrayList<>();
        for (String v : new String[] {"plain", "a,b", "say \"x\"", "cr\rhere", "two\nlines", "\\.", " padded ", "", "\\x"}) {
            rows.add(new Object[] {v});
        }
        rows.add(new Object[] {null});
        assertThat(csv(one, rows)).isEqualTo("v\nplain\n\"a,b\"\n\"say \"\"x\"\"\"\n\"cr\rhere\"\n\"two\nlines\"\n"
                + "\"\\.\"\n padded \n\n\\x\n\n");
    }

    @Test
    void csvHeaderAndNullsAsEmptyFields() throws IOException {
        List<Object[]> rows = List.<Object[]>of(new Object[] {16386, "t_main", 0.722}, new Object[] {-1, null, null});
        assertThat(csv(COLUMNS, rows)).isEqualTo("relid,relname,total_time\n16386,t_main,0.722\n4294967295,,\n");
        assertThat(csv(List.of(Column.of("a,b", PgType.INT8)), List.of())).isEqualTo("\"a,b\"\n");
    }

    /** A right-aligned cell is padded on the left even when empty and last, as psql does. */
    @Test
    void alignedIsPsqlsDefaultTable() throws IOException {
        List<Object[]> rows = List.<Object[]>of(new Object[] {16386, "t_main", 6.229}, new Object[] {7, "x", null});
        assertThat(aligned(COLUMNS, rows)).isEqualTo(String.join("\n",
                " relid | relname | total_time ",
                "-------+---------+------------",
                " 16386 | t_main  |      6.229",
                "     7 | x       |           ",
                "(2 rows)",
                "", ""));
    }

    @Test
    void alignedCentresHeadersAndLeavesTheLastTextColumnUnpadded() throws IOException {
        List<Column> cols = List.of(Column.of("n", PgType.INT8), Column.of("name", PgType.TEXT));
        List<Object[]> rows = List.<Object[]>of(new Object[] {123456L, "a"}, new Object[] {1L, "longer text"});
        assertThat(aligned(cols, rows)).isEqualTo(String.join("\n",
                "   n    |    name     ",
                "--------+-------------",
                " 123456 | a",
                "      1 | longer text",
                "(2 rows)",
                "", ""));
        assertThat(aligned(cols, List.<Object[]>of(new Object[] {1L, "z"}))).endsWith("(1 row)\n\n");
        assertThat(aligned(cols, List.of())).isEqualTo(" n | name \n---+------\n(0 rows)\n\n");
    }
}
