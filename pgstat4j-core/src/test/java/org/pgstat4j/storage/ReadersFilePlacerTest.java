package org.pgstat4j.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.store.TabEntry;

/**
 * Readers' files are put in place whole: by exchanging names on Linux (the old file is left
 * under the {@code .tmp} name until the round ends, then removed), by a rename where there is
 * no file to exchange with or no exchange at all. A reader that opened the old file reads it
 * whole either way.
 */
class ReadersFilePlacerTest {
    private static final long NOW = 800_000_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void onLinuxTheNewFileTakesTheNameAndTheOldOneWaitsUnderTheTmpNameUntilTheRoundEnds() throws Exception {
        assumeThat(System.getProperty("os.name")).startsWith("Linux");
        assertThat(ReadersFilePlacer.available()).as("renameat2 bound (the tests run with native access)").isTrue();
        Path fin = Files.writeString(dir.resolve("global.stat"), "old");
        Path tmp = Files.writeString(dir.resolve("global.tmp"), "new");
        ReadersFilePlacer placer = new ReadersFilePlacer();

        assertThat(placer.place(tmp, fin)).isTrue();

        assertThat(fin).hasContent("new");
        assertThat(tmp).hasContent("old"); // exchanged, not renamed over
        placer.removeReplaced();
        assertThat(tmp).doesNotExist();
        assertThat(fin).hasContent("new");
    }

    @Test
    void withNothingToExchangeWithTheFileIsRenamedAndNothingIsLeftToRemove() throws Exception {
        Path fin = dir.resolve("global.stat");
        Path tmp = Files.writeString(dir.resolve("global.tmp"), "first");
        ReadersFilePlacer placer = new ReadersFilePlacer();

        assertThat(placer.place(tmp, fin)).isTrue();

        assertThat(fin).hasContent("first");
        assertThat(tmp).doesNotExist();
        Files.writeString(tmp, "someone else's"); // not the placer's to remove
        placer.removeReplaced();
        assertThat(tmp).exists();
    }

    @Test
    void aWriteRoundLeavesNoTmpFileAndAReaderOfTheOldFileReadsItWhole() throws Exception {
        StatsFiles files = new StatsFiles(dir.resolve("pg_stat"), dir.resolve("pg_stat_tmp"));
        StatsStore store = StatsStore.empty(NOW);
        DbEntry d = store.databaseOrCreate(5, NOW);
        TabEntry t = new TabEntry(100);
        t.tuplesInserted = 3;
        d.tables.put(100, t);
        files.writeTemporary(store, oid -> true, NOW);
        Path global = dir.resolve("pg_stat_tmp/global.stat");
        byte[] before = Files.readAllBytes(global);

        try (FileChannel old = FileChannel.open(global, StandardOpenOption.READ)) {
            d.changes.wholeFile();
            t.tuplesInserted = 9;
            files.writeTemporary(store, oid -> true, NOW + 1); // global and db_5 replaced whole

            ByteBuffer b = ByteBuffer.allocate(before.length + 1);
            while (old.read(b) > 0) {
                // read to the end of the file this reader opened
            }
            assertThat(b.flip().remaining()).isEqualTo(before.length);
            assertThat(b.array()).startsWith(before);
        }
        try (var names = Files.list(dir.resolve("pg_stat_tmp"))) {
            assertThat(names.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("global.stat", "db_5.stat");
        }
        assertThat(files.readDatabaseTimestamp(5)).isEqualTo(NOW + 1);
        assertThat(files.readSnapshot(5, NOW + 2).database(5).tables.get(100).tuplesInserted).isEqualTo(9);
    }
}
