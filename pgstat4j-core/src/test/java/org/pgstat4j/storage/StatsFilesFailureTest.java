package org.pgstat4j.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.collector.WriteRequests;

/**
 * What the stats files promise when things go wrong: a failed permanent write (a full disk)
 * leaves the whole previous set in place and names the file; a collector starts from the
 * newest complete files of the permanent and the temporary directory; a special file placed
 * in a statistics directory is refused with a log line and never opened.
 */
class StatsFilesFailureTest {
    private static final long NOW = 800_000_000_000_000L;

    @TempDir
    Path tmp;

    private Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @Test
    void aFullDiskAtThePermanentWriteKeepsTheWholePreviousSetAndNamesTheFile() throws IOException {
        Path perm = tmp.resolve("pg_stat");
        new StatsFiles(perm, tmp.resolve("pg_stat_tmp")).writePermanentSet(StatsFilesTest.sample(), NOW);
        Map<String, byte[]> before = contents(perm);
        assertThat(before).containsKeys("global.stat", "db_0.stat", "db_16384.stat", "db_4294967294.stat");

        // every file but the last gets written whole; the global file (written last) fails
        int[] opened = new int[1];
        StatsFiles full = new StatsFiles(perm, tmp.resolve("pg_stat_tmp"), p -> {
            FileChannel real = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            return ++opened[0] < 4 ? real : new StatsFilesTest.FailingChannel(real, 50);
        });
        StatsStore changed = StatsFilesTest.sample();
        changed.global().bufAlloc = 1;
        changed.database(16384).xactCommit = 1;
        assertThatThrownBy(() -> full.writePermanentSet(changed, NOW + 5))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not write statistics file \"" + perm.resolve("global.stat") + "\"")
                .hasMessageContaining("No space left on device");

        Map<String, byte[]> after = contents(perm);
        assertThat(after.keySet()).as("no .tmp left behind").isEqualTo(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
        StatsStore back = new StatsFiles(perm, tmp.resolve("pg_stat_tmp")).loadPermanent(NOW + 6);
        assertThat(back.global().bufAlloc).isEqualTo(775);
        assertThat(back.database(16384).xactCommit).isEqualTo(111 + 16384);
    }

    @Test
    void aCollectorStartsFromTheNewestCompleteFilesOfBothDirectories() throws IOException {
        Path perm = tmp.resolve("pg_stat");
        Path temp = tmp.resolve("pg_stat_tmp");
        StatsFiles files = new StatsFiles(perm, temp);
        files.writePermanentSet(StatsFilesTest.sample(), NOW);
        // later, readers asked for database 16384: its file and the global file are newer in temp
        StatsStore later = StatsFilesTest.sample();
        later.global().bufAlloc = 900;
        later.database(16384).xactCommit = 5000;
        later.database(-2).xactCommit = 6000;                 // in the global file's 'D' record
        later.database(-2).table(1006).tuplesInserted = 99;   // but its own file is not rewritten
        WriteRequests req = new WriteRequests();
        req.add(16384);
        files.writeTemporary(later, req, NOW + 10);
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        try (Stream<Path> all = Files.list(perm)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, old);
            }
        }

        StatsStore back = files.loadPermanent(NOW + 20);
        assertThat(back.global().bufAlloc).as("global file from the temporary directory").isEqualTo(900);
        assertThat(back.database(16384).xactCommit).isEqualTo(5000);
        assertThat(back.database(-2).xactCommit).isEqualTo(6000);
        assertThat(back.database(-2).table(1006).tuplesInserted)
                .as("a database file only the permanent directory has").isEqualTo(1);
        assertThat(back.database(16384).tables.size()).isEqualTo(5);
    }

    @Test
    void aFifoInAStatisticsDirectoryIsRefusedWithALogLineAndNeverOpened() throws Exception {
        Path perm = tmp.resolve("pg_stat");
        Path temp = tmp.resolve("pg_stat_tmp");
        Files.createDirectories(perm);
        Files.createDirectories(temp);
        mkfifo(perm.resolve("global.stat"));
        mkfifo(temp.resolve("global.tmp"));
        mkfifo(temp.resolve("db_16384.stat"));
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger jul = Logger.getLogger("org.pgstat4j.storage");
        jul.addHandler(capture);
        try {
            StatsFiles files = new StatsFiles(perm, temp);
            // opening a FIFO blocks until a writer comes; none will, so a hang shows up as a timeout
            StatsStore loaded = CompletableFuture.supplyAsync(() -> files.loadPermanent(NOW))
                    .get(30, TimeUnit.SECONDS);
            assertThat(loaded.databases().size()).isZero();
            assertThat(logged).anyMatch(l -> l.equals("statistics file \"" + perm.resolve("global.stat")
                    + "\" is not a regular file; ignored"));

            WriteRequests req = new WriteRequests();
            req.add(16384);
            StatsStore s = StatsFilesTest.sample();
            assertThat(CompletableFuture.supplyAsync(() -> files.writeTemporary(s, req, NOW))
                    .get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.isRegularFile(temp.resolve("global.stat"))).isTrue();
            assertThat(Files.isRegularFile(temp.resolve("db_16384.stat"))).as("the FIFO was replaced").isTrue();
            assertThat(files.readSnapshot(16384, NOW).database(16384).tables.size()).isEqualTo(5);
        } finally {
            jul.removeHandler(capture);
        }
    }

    private static void mkfifo(Path p) throws Exception {
        Process proc = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertThat(proc.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(proc.exitValue()).isZero();
    }
}
