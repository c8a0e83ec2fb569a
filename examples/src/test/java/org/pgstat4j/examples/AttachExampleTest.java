package org.pgstat4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attach example against a real {@code pgstat4j server} process: a second JVM, the core a
 * named module on its module path, receives the server's statistics socket through
 * {@code DIR/.s.PGSTAT} (native calls, granted to {@code org.pgstat4j.core} by name), counts
 * and commits; the server's own {@code views} command then shows the counts under the names
 * the example wrote to {@code DIR/catalog}.
 */
class AttachExampleTest {
    @TempDir
    Path tmp;

    @Test
    void countsSentThroughTheServersSocketAppearInTheServersViews() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (ServerUnderTest server = ServerUnderTest.start(data, tmp.resolve("server.log"))) {
            server.awaitReady();

            Jvms.Result r = Jvms.runExample(tmp.resolve("work"), AttachExample.class, data.toString(), "7");

            assertThat(r.exitCode()).as(r.describe() + server.log()).isZero();
            assertThat(r.out().lines()).as(r.describe()).containsExactly(
                    "attached server_pid=" + server.pid() + " enabled=true",
                    // 7 inserts committed, 1 delete rolled back: both count as attempted tuples
                    "orders n_tup_ins=7 n_tup_del=1");
            assertThat(r.err()).as(r.describe()).doesNotContain("restricted method");

            Jvms.Result views = Jvms.run(tmp.resolve("work"), Jvms.programCommand("views", "-D", data.toString(),
                    "--database", "shop", "--format", "csv", "pg_stat_user_tables"));
            assertThat(views.exitCode()).as(views.describe()).isZero();
            List<String> lines = views.out().lines().toList();
            assertThat(lines).as(views.describe()).hasSize(2);
            List<String> header = List.of(lines.get(0).split(",", -1));
            List<String> row = List.of(lines.get(1).split(",", -1));
            assertThat(row.get(header.indexOf("schemaname"))).isEqualTo("public");
            assertThat(row.get(header.indexOf("relname"))).isEqualTo("orders");
            assertThat(row.get(header.indexOf("n_tup_ins"))).isEqualTo("7");
            assertThat(row.get(header.indexOf("n_tup_del"))).isEqualTo("1");
            assertThat(row.get(header.indexOf("n_live_tup"))).isEqualTo("7");
        }
    }

    /**
     * The control for the native-access assertions above: without the flag the JVM does warn,
     * so their absence of a warning means the grant by module name took effect.
     */
    @Test
    void withoutNativeAccessForTheModuleTheJvmWarnsAboutTheAttachCalls() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (ServerUnderTest server = ServerUnderTest.start(data, tmp.resolve("server.log"))) {
            server.awaitReady();

            Jvms.Result r = Jvms.run(tmp.resolve("work"),
                    Jvms.exampleCommand(AttachExample.class, List.of(), data.toString(), "1"));

            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.err()).as(r.describe()).contains("restricted method").contains(Jvms.CORE_MODULE);
        }
    }
}
