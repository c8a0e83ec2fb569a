package org.pgstat4j.server.top;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.server.cli.Main;
import org.pgstat4j.server.http.EmbeddedSystem;

/**
 * {@code pgstat4j top} and {@code pgstat4j views} on the data directory of a running embedded
 * system, reading the stats files its collector wrote.
 */
class TopAndViewsCommandTest {
    @TempDir
    Path tmp;
    Path data;
    Path catalog;
    EmbeddedSystem sys;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        data = tmp.resolve("data");
        sys = new EmbeddedSystem(data);
        sys.insert(EmbeddedSystem.T_MAIN, 5);
        sys.insert(EmbeddedSystem.T_OTHER, 2);
        sys.updateAndDelete(EmbeddedSystem.T_MAIN);
        sys.service.newReader().snapshot(); // a reader asks: the collector writes the files
        catalog = Files.createDirectories(tmp.resolve("catalog"));
        Files.writeString(catalog.resolve("pg_database.csv"), "oid,datname\n1,template1\n16384,app\n");
        Files.writeString(catalog.resolve("pg_class.csv"), """
                oid,nspname,relname,relkind,indrelid,reltoastrelid,relisshared
                16386,public,t_main,r,0,0,f
                16390,public,t_main_pkey,i,16386,0,f
                16394,public,t_other,r,0,0,f
                16398,audit,t_log,r,0,0,f
                """);
        Files.writeString(catalog.resolve("pg_proc.csv"), "oid,nspname,proname\n");
    }

    @AfterEach
    void stop() {
        sys.close();
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void viewsPrintsAViewOfTheDataDirectoryAsPsqlDoes() {
        Run r = run("views", "-D", data.toString(), "--catalog", catalog.toString(), "pg_stat_user_tables",
                "--format", "csv");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("relid,schemaname,relname,seq_scan,seq_tup_read,idx_scan,idx_tup_fetch,n_tup_ins,");
        assertThat(lines).hasSize(4);
        assertThat(lines[1]).startsWith("16398,audit,t_log,0,0,,,0,");
        assertThat(lines[2]).startsWith("16386,public,t_main,1,0,0,0,5,1,1,");
        assertThat(lines[3]).startsWith("16394,public,t_other,0,0,,,2,0,0,");

        Run table = run("views", "-D", data.toString(), "--catalog", catalog.toString(), "--database", "app",
                "pg_stat_database");
        assertThat(table.code()).isZero();
        assertThat(table.out()).containsPattern(" datid \\| +datname +\\| numbackends \\| xact_commit \\|")
                .contains("(3 rows)").containsPattern("16384 \\| app +\\| +0 \\| +3 \\|");
    }

    @Test
    void topDrawsFramesOfTheDataDirectory() {
        Run r = run("top", "-D", data.toString(), "--catalog", catalog.toString(), "--iterations", "2",
                "--interval", "0.05");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out().split(java.util.regex.Pattern.quote(TopView.CLEAR_HOME), -1)).hasSize(3);
        assertThat(r.out()).contains("pgstat4j top - database app").contains("collector: received n/a");
        assertThat(r.out().lines().filter(l -> l.startsWith("public.t_main")).findFirst().orElseThrow().split("\\s+"))
                .containsExactly("public.t_main", "5", "1", "1", "1");

        Run once = run("top", "-D", data.toString(), "--catalog", catalog.toString(), "--once", "--interval", "0.05");
        assertThat(once.code()).isZero();
        assertThat(once.out()).doesNotContain("\033[").startsWith("pgstat4j top - database app");
    }

    @Test
    void mistakesAreNamed() throws Exception {
        Run noDir = run("views", "-D", tmp.resolve("nothing").toString(), "--catalog", catalog.toString(),
                "pg_stat_user_tables");
        assertThat(noDir.code()).isEqualTo(Main.EXIT_RUNTIME);
        assertThat(noDir.err()).contains("pg_stat_tmp").contains("no such directory");

        Run badView = run("views", "-D", data.toString(), "--catalog", catalog.toString(), "pg_stat_nothing");
        assertThat(badView.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(badView.err()).contains("unknown view \"pg_stat_nothing\"").contains("pg_stat_user_tables");

        Run badDb = run("top", "-D", data.toString(), "--catalog", catalog.toString(), "--database", "nope", "--once");
        assertThat(badDb.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(badDb.err()).contains("unknown database \"nope\"").contains("app (16384)");

        // a second database with a stats file makes the default ambiguous
        try (org.pgstat4j.backend.Backend other = org.pgstat4j.backend.Backend.builder(sys.stats.sender())
                .databaseId(1).build()) {
            other.openRelation(1259, org.pgstat4j.backend.RelKind.RELATION, false);
            other.commitTransaction();
        }
        // a reader of database 1 asks for its file; a stats file under 500 ms old counts as fresh
        // without asking (spec §7.2), so ask again until the collector has written it
        Path db1 = data.resolve("pg_stat_tmp").resolve(org.pgstat4j.storage.StatsFileFormat.dbStatName(1));
        for (int i = 0; i < 100 && !Files.exists(db1); i++) {
            sys.stats.newReader(1).snapshot();
            Thread.sleep(100);
        }
        assertThat(db1).exists();
        Run ambiguous = run("views", "-D", data.toString(), "--catalog", catalog.toString(), "pg_stat_database");
        assertThat(ambiguous.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(ambiguous.err()).contains("--database").contains("template1 (1)").contains("app (16384)");

        Run interval = run("top", "-D", data.toString(), "--catalog", catalog.toString(), "--interval", "0");
        assertThat(interval.code()).isEqualTo(Main.EXIT_USAGE);
    }
}
