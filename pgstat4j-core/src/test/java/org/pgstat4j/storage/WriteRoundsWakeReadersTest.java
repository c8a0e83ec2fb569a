package org.pgstat4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.store.TabEntry;

/**
 * A reader in the collector's JVM waits on its {@link StatsFiles}' write rounds: the end of a
 * round wakes it, a round that ended before it waits is not missed, and a reader whose files
 * object no collector writes through (another process) is never woken and simply polls. The
 * waits here are a minute long: only the wake-up can end them within the class's timeout.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WriteRoundsWakeReadersTest {
    private static final long NOW = 800_000_000_000_000L;
    private static final long LONG_WAIT_MS = 60_000;
    private static final int DB = 5;

    @TempDir
    Path tmp;

    private StatsFiles files() {
        return new StatsFiles(tmp.resolve("pg_stat"), tmp.resolve("pg_stat_tmp"));
    }

    private static StatsStore storeWith(long inserted) {
        StatsStore s = StatsStore.empty(NOW);
        DbEntry d = s.databaseOrCreate(DB, NOW);
        TabEntry t = new TabEntry(100);
        t.tuplesInserted = inserted;
        d.tables.put(t.tableId, t);
        return s;
    }

    @Test
    void aWaitingReaderIsWokenByTheEndOfTheRoundAndSeesItsCounts() throws Exception {
        StatsFiles files = files();
        StatsStore store = storeWith(3);
        files.writeTemporary(store, oid -> true, NOW);
        long seen = files.writeRounds();
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
            try {
                files.awaitWriteRound(seen, LONG_WAIT_MS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return files.readSnapshot(DB, NOW + 2).database(DB).tables.get(100).tuplesInserted;
        });
        store.database(DB).tables.get(100).tuplesInserted = 7;
        store.database(DB).changes.wholeFile(); // this store tracks no changes: write it whole
        files.writeTemporary(store, oid -> true, NOW + 1);

        assertThat(reader.get(20, TimeUnit.SECONDS)).isEqualTo(7);
        assertThat(files.writeRounds()).isEqualTo(seen + 1);
    }

    @Test
    void aRoundThatEndedBeforeTheReaderWaitsEndsTheWaitAtOnce() throws Exception {
        StatsFiles files = files();
        long seen = files.writeRounds();
        files.writeTemporary(storeWith(3), oid -> true, NOW); // between the reader's look and its wait

        files.awaitWriteRound(seen, LONG_WAIT_MS); // a lost wake-up would hold it a minute

        assertThat(files.writeRounds()).isEqualTo(seen + 1);
        assertThat(files.readSnapshot(DB, NOW + 1).database(DB).tables.get(100).tuplesInserted).isEqualTo(3);
    }

    @Test
    void aFailedRoundStillEndsTheWait() throws Exception {
        Path blocker = tmp.resolve("not-a-directory");
        Files.writeString(blocker, "x");
        StatsFiles files = new StatsFiles(tmp.resolve("pg_stat"), blocker.resolve("pg_stat_tmp"));
        long seen = files.writeRounds();
        files.writeTemporary(storeWith(3), oid -> true, NOW); // cannot even create the directory

        files.awaitWriteRound(seen, LONG_WAIT_MS); // the reader looks again and decides by the file

        assertThat(files.writeRounds()).isEqualTo(seen + 1);
        assertThat(files.readDatabaseTimestamp(DB)).isNull();
    }

    @Test
    void aReaderOfTheSameDirectoriesElsewhereIsNeverWokenAndReadsTheFilesByPolling() throws Exception {
        StatsFiles collectorSide = files();
        StatsFiles elsewhere = files(); // another process: it shares the directories, not the object
        collectorSide.writeTemporary(storeWith(3), oid -> true, NOW);

        long seen = elsewhere.writeRounds();
        elsewhere.awaitWriteRound(seen, 5); // a plain 5 ms sleep: no round ends in this object

        assertThat(elsewhere.writeRounds()).isZero();
        assertThat(elsewhere.readDatabaseTimestamp(DB)).isEqualTo(NOW);
        assertThat(elsewhere.readSnapshot(DB, NOW + 1).database(DB).tables.get(100).tuplesInserted).isEqualTo(3);
    }
}
