package org.pgstat4j.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogCsvTest {
    private static final String DB = "oid,datname\n1,template1\n16384,fx\n";
    private static final String CLASS = "oid,nspname,relname,relkind,indrelid,reltoastrelid,relisshared\n"
            + "16386,public,t_main,r,,16390,f\n16390,pg_toast,pg_toast_16386,t,,0,f\n"
            + "16392,public,t_main_pkey,i,16386,0,f\n";
    private static final String PROC = "oid,nspname,proname\n16444,public,f_inner\n";

    @TempDir
    Path dir;

    private Path write(String db, String cls, String proc) throws IOException {
        Files.writeString(dir.resolve("pg_database.csv"), db);
        Files.writeString(dir.resolve("pg_class.csv"), cls);
        Files.writeString(dir.resolve("pg_proc.csv"), proc);
        return dir;
    }

    private static List<List<String>> csv(String text) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (CsvReader r = new CsvReader(new StringReader(text), "t.csv")) {
            for (List<String> rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec);
            }
        }
        return out;
    }

    @Test
    void readsQuotedFieldsDoubledQuotesLineBreaksAndNulls() throws IOException {
        assertThat(csv("a,\"b,c\",\"say \"\"hi\"\"\"\r\n,\"\",\"two\nlines\"\nlast,x,"))
                .containsExactly(List.of("a", "b,c", "say \"hi\""),
                        Arrays.asList(null, "", "two\nlines"),
                        Arrays.asList("last", "x", null));
        assertThat(csv("")).isEmpty();
        assertThat(csv(" spaced , kept \n")).containsExactly(List.of(" spaced ", " kept "));
    }

    @Test
    void recordLinesCountLineBreaksInsideQuotes() throws IOException {
        try (CsvReader r = new CsvReader(new StringReader("h\n\"a\nb\"\nc\n"), "t.csv")) {
            r.next();
            assertThat(r.recordLine()).isEqualTo(1);
            r.next();
            assertThat(r.recordLine()).isEqualTo(2);
            r.next();
            assertThat(r.recordLine()).isEqualTo(4);
        }
    }

    @Test
    void malformedCsvNamesFileLineAndProblem() {
        assertThatThrownBy(() -> csv("a\nb,\"open\n"))
                .isInstanceOf(CatalogFormatException.class)
                .hasMessage("t.csv:2: quoted field is not closed before the end of the file");
        assertThatThrownBy(() -> csv("a\n\"x\"y\n"))
                .hasMessage("t.csv:2: unexpected character 'y' after the closing quote of field 1");
        assertThatThrownBy(() -> csv("a\nx,b\"c\n"))
                .hasMessageStartingWith("t.csv:2: quote inside unquoted field 2");
    }

    @Test
    void loadsADirectory() throws IOException {
        Catalog c = Catalog.loadCsvDirectory(write(DB, CLASS, PROC));
        assertThat(c.relation(16392).indrelid()).isEqualTo(16386);
        assertThat(c.relation(16386).reltoastrelid()).isEqualTo(16390);
        assertThat(c.function(16444).proname()).isEqualTo("f_inner");
        assertThat(c.database(1).datname()).isEqualTo("template1");
    }

    @Test
    void badContentIsReportedWithFileAndLine() throws IOException {
        String prefix = dir.getFileName() + "/";
        assertThatThrownBy(() -> Catalog.loadCsvDirectory(write("oid,name\n1,x\n", CLASS, PROC)))
                .isInstanceOf(CatalogFormatException.class)
                .hasMessage(prefix + "pg_database.csv:1: header is [oid, name], expected oid,datname");
        assertThatThrownBy(() -> Catalog.loadCsvDirectory(write(DB + "-3,neg\n", CLASS, PROC)))
                .hasMessage(prefix + "pg_database.csv:4: oid \"-3\" is not an OID (an unsigned 32-bit integer)");
        assertThatThrownBy(() -> Catalog.loadCsvDirectory(write(DB + "4294967296,big\n", CLASS, PROC)))
                .hasMessageContaining("pg_database.csv:4: oid \"4294967296\" is not an OID");
        assertThatThrownBy(() -> Catalog.loadCsvDirectory(write(DB + "1,again\n", CLASS, PROC)))
                .hasMessage(prefix + "pg_database.csv:4: duplicate database OID 1");
        assertThatThrownBy(() -> Catalog.loadCsvDirectory(write(DB, CLASS + "16390,public,again,r,,0,f\n", PROC)))
                .hasMessage(prefix + "pg_class.csv:5: duplicate relation OID 16390");
        assertThatThrownBy(() -> Catalog.loadCsvDirectory(write(DB, CLASS, PROC + "16444,public,again\n")))
                .hasMessage(prefix + "pg_proc.csv:3: duplicate function OID 16444");
        assertThatThrownBy(() -> Catalog.loadCsvDirectory(write(DB, CLASS + "1,public,x,z,,0,f\n", PROC)))
                .hasMessage(prefix + "pg_class.csv:5: relkind \"z\" is not a PostgreSQL relation kind");
        assertThatThrownBy(() -> Catalog.loadCsvDirectory(write(DB, CLASS + "1,public,x,i,,0,f\n", PROC)))
                .hasMessageContaining("pg_class.csv:5: index public.x needs the OID of its table");
        assertThatThrownBy(() -> Catalog.loadCsvDirectory(write(DB, CLASS + "1,public,x,r,,0,yes\n", PROC)))
                .hasMessage(prefix + "pg_class.csv:5: relisshared \"yes\" is not t or f");
        assertThatThrownBy(() -> Catalog.loadCsvDirectory(write(DB, CLASS + "1,public,x\n", PROC)))
                .hasMessageContaining("pg_class.csv:5: 3 fields, expected 7");
        assertThatThrownBy(() -> Catalog.loadCsvDirectory(write(DB, CLASS, PROC + "7,,f\n")))
                .hasMessage(prefix + "pg_proc.csv:3: nspname is empty (NULL)");
        assertThatThrownBy(() -> Catalog.loadCsvDirectory(write(DB, CLASS, "")))
                .hasMessageContaining("pg_proc.csv:1: file is empty");
    }

    @Test
    void missingDirectoryOrFileIsNamed() throws IOException {
        assertThatThrownBy(() -> Catalog.loadCsvDirectory(dir.resolve("nope")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope")
                .hasMessageContaining("catalog directory does not exist");
        Files.writeString(dir.resolve("pg_database.csv"), DB);
        assertThatThrownBy(() -> Catalog.loadCsvDirectory(dir))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("pg_class.csv");
    }

    @Test
    void aWrittenCatalogReadsBackAndMatchesPsqlsExportByteForByte(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        for (String fixture : new String[] {"pg14-mixed", "pg14-rare"}) {
            java.nio.file.Path src = Fixtures.dir(fixture).resolve("catalog");
            Catalog c = Catalog.loadCsvDirectory(src);
            java.nio.file.Path out = tmp.resolve(fixture);
            c.writeCsvDirectory(out);
            for (String f : new String[] {"pg_database.csv", "pg_class.csv", "pg_proc.csv"}) {
                org.assertj.core.api.Assertions.assertThat(out.resolve(f)).as(fixture + "/" + f)
                        .hasSameTextualContentAs(src.resolve(f));
            }
            Catalog back = Catalog.loadCsvDirectory(out);
            org.assertj.core.api.Assertions.assertThat(back.relations()).isEqualTo(c.relations());
        }
    }
}
