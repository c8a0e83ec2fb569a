package org.pgstat4j.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.catalog.Fixtures;
import org.pgstat4j.postmaster.EmbeddedStats;

/** {@code pgstat4j import-stats} on PostgreSQL 14's own permanent stats files of the fixture. */
class ImportStatsCliTest {
    private static final Path MIXED = Fixtures.dir("pg14-mixed");

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void postgresql14FilesYieldTheExportedUserViewsByteForByte() throws IOException {
        String[] r = run("import-stats", MIXED.resolve("pg_stat").toString(), "--catalog",
                MIXED.resolve("catalog").toString(), "--database", "fx", "--format", "csv",
                "--view", "pg_stat_user_tables", "--view", "pg_stat_user_indexes",
                "--view", "pg_statio_user_tables", "--view", "pg_statio_user_indexes",
                "--view", "pg_stat_user_functions");
        assertThat(r[2]).isEmpty();
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).isEqualTo(Files.readString(MIXED.resolve("pg_stat_user_tables.csv"))
                + Files.readString(MIXED.resolve("pg_stat_user_indexes.csv"))
                + Files.readString(MIXED.resolve("pg_statio_user_tables.csv"))
                + Files.readString(MIXED.resolve("pg_statio_user_indexes.csv"))
                + Files.readString(MIXED.resolve("pg_stat_user_functions.csv")));
    }

    @Test
    void importedFilesAreLoadedByTheNextStartOfADataDirectory() throws Exception {
        Path data = tmp.resolve("data");
        String[] r = run("import-stats", MIXED.resolve("pg_stat").toString(), "--catalog",
                MIXED.resolve("catalog").toString(), "--database", "16384", "--into", data.toString());
        assertThat(r[0]).isEqualTo("0");
        assertThat(MIXED.resolve("pg_stat/global.stat")).exists(); // the source is never touched
        try (EmbeddedStats s = EmbeddedStats.start(data)) {
            var snap = s.newReader(16384).snapshot();
            assertThat(snap.table(16414).tuplesInserted()).isEqualTo(70); // t_2pc
        }
    }

    @Test
    void aDirectoryWithoutGlobalStatIsAClearError() {
        String[] r = run("import-stats", tmp.toString(), "--catalog", MIXED.resolve("catalog").toString(),
                "--database", "fx");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).contains("no global.stat").doesNotContain("\tat ");
    }
}
