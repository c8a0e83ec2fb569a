package org.pgstat4j.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.collector.WriteRequests;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.store.TabEntry;
import org.pgstat4j.storage.StatsFileReader;
import org.pgstat4j.storage.StatsFiles;

/** {@code pgstat4j export-stats}: readers' files with change frames out as PostgreSQL 14's layout. */
class ExportStatsCliTest {
    private static final long NOW = 800_000_000_000_000L;

    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void framesOfAServersFilesAreFoldedIntoPostgresLayout() throws Exception {
        StatsFiles files = new StatsFiles(tmp.resolve("pg_stat"), tmp.resolve("pg_stat_tmp"));
        StatsStore live = StatsStore.empty(NOW);
        DbEntry d = live.databaseOrCreate(16384, NOW);
        for (int i = 0; i < 20; i++) {
            d.tables.put(20000 + i, new TabEntry(20000 + i));
        }
        WriteRequests req = new WriteRequests();
        req.add(16384);
        files.writeTemporary(live, req, NOW);
        long whole = Files.size(tmp.resolve("pg_stat_tmp/db_16384.stat"));
        d.tables.get(20003).tuplesInserted = 42;
        d.tableChanged(20003);
        d.tables.remove(20004);
        d.tableChanged(20004);
        files.writeTemporary(live, req, NOW + 1);
        assertThat(Files.size(tmp.resolve("pg_stat_tmp/db_16384.stat"))).isGreaterThan(whole); // a frame

        String[] r = run("export-stats", tmp.resolve("pg_stat_tmp").toString(), tmp.resolve("out").toString());
        assertThat(r[2]).isEmpty();
        assertThat(r[0]).isEqualTo("0");
        // format id, 19 'T' records, 'E': PostgreSQL 14's layout, no frames
        assertThat(Files.size(tmp.resolve("out/db_16384.stat"))).isEqualTo(4 + 19 * 185 + 1);
        StatsStore back = StatsFileReader.readAll(tmp.resolve("out"), NOW);
        assertThat(back.database(16384).table(20003).tuplesInserted()).isEqualTo(42);
        assertThat(back.database(16384).table(20004)).isNull();
        assertThat(back.database(16384).tableCount()).isEqualTo(19);
    }

    @Test
    void aDirectoryWithoutGlobalStatIsAClearError() {
        String[] r = run("export-stats", tmp.toString(), tmp.resolve("out").toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).contains("no global.stat").doesNotContain("\tat ");
    }
}
