package org.pgstat4j.postmaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory is created private on first use and refused when others may get in. */
class DataDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void firstUseCreatesAPrivateDirectoryWithItsSubdirectories() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("a/b/data"));
        dir.initialise();
        for (Path p : new Path[] {dir.root(), dir.permanentDir(), dir.root().resolve("pg_stat_tmp")}) {
            assertThat(Files.getPosixFilePermissions(p)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
        dir.initialise(); // and again: nothing to do
        assertThat(dir.tempDir(ServerSettings.DEFAULTS)).isEqualTo(dir.root().resolve("pg_stat_tmp"));
        assertThat(dir.tempDir(ServerSettings.DEFAULTS.withStatsTempDirectory("/run/x"))).isEqualTo(Path.of("/run/x"));
        assertThat(dir.statusFile()).isEqualTo(dir.root().resolve("pg_stat_tmp/collector.status"));
    }

    @Test
    void aDirectoryOthersMayEnterIsRefused() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> new DataDirectory(root).initialise())
                .isInstanceOfSatisfying(StartupException.class, e -> {
                    assertThat(e.getMessage()).contains("has invalid permissions");
                    assertThat(e.hint()).contains("0700");
                });
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-x---"));
        new DataDirectory(root).initialise(); // 0750 is accepted, as by PostgreSQL
    }

    @Test
    void aFileIsNotADataDirectory() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> new DataDirectory(file).initialise()).isInstanceOf(StartupException.class)
                .hasMessageContaining("is not a directory");
    }

    @Test
    void removeStatsFilesTouchesOnlyStatsFiles() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("pg_stat"));
        for (String n : new String[] {"global.stat", "global.tmp", "db_0.stat", "db_16384.tmp", "collector.status",
            "db_x.stat", "notes"}) {
            Files.writeString(d.resolve(n), n);
        }
        assertThat(DataDirectory.removeStatsFiles(d)).isEqualTo(4);
        try (var left = Files.list(d)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "collector.status", "db_x.stat", "notes");
        }
        assertThat(DataDirectory.removeStatsFiles(tmp.resolve("absent"))).isZero();
    }
}
