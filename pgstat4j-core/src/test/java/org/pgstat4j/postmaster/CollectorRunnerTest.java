package org.pgstat4j.postmaster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.protocol.DropDbMessage;
import org.pgstat4j.protocol.InquiryMessage;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.storage.StatsFileReader;

/**
 * The collector's life around the loop: status file, durable checkpoints (a consistent
 * permanent copy that leaves readers' files and write decisions alone), reloads, shutdown.
 */
class CollectorRunnerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private DataDirectory dir;
    private QueueSource socket;
    private CollectorRunner runner;
    private Thread thread;

    @BeforeEach
    void setUp() throws Exception {
        dir = new DataDirectory(tmp.resolve("data"));
        dir.initialise();
        socket = new QueueSource();
    }

    @AfterEach
    void stop() throws Exception {
        if (runner != null) {
            runner.requestShutdown();
            thread.join(WAIT.toMillis());
        }
    }

    private void start(ServerSettings settings) {
        runner = new CollectorRunner(dir, settings, socket, () -> { }, "test");
        thread = Thread.ofPlatform().name("test-collector").start(runner);
    }

    private static ServerSettings durable() {
        return ServerSettings.DEFAULTS.withStatsDurability(ServerSettings.Durability.CHECKPOINT)
                .withStatsCheckpointInterval(Duration.ofSeconds(1));
    }

    private void insert(int db, long n) {
        socket.send(new TabStatMessage(db, 1, 0, 0, 0, 0, 0, 0,
                List.of(new TableEntry(100, 0, 0, 0, n, 0, 0, 0, false, n, 0, n, 0, 0))));
    }

    private void inquire(int db, long cutoff) {
        socket.send(new InquiryMessage(PgTimestamps.now(), cutoff, db));
    }

    private long status(String key) throws Exception {
        return CollectorStatus.read(dir.statusFile()).map(s -> s.number(key)).orElse(-1L);
    }

    private static void await(String what, BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private void awaitStatus(String key, long atLeast) throws InterruptedException {
        await(key + " >= " + atLeast, () -> {
            try {
                return status(key) >= atLeast;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private StatsStore permanentCopy() {
        return StatsFileReader.readAll(dir.permanentDir(), PgTimestamps.now());
    }

    @Test
    void checkpointsCopyTheStoreButLeaveReadersFilesAndWriteDecisionsAlone() throws Exception {
        start(durable());
        insert(5, 3);
        inquire(5, PgTimestamps.now());
        awaitStatus("file_writes", 1);
        assertThat(dir.root().resolve("pg_stat_tmp/db_5.stat")).exists();
        long afterFirstWrite = PgTimestamps.now();

        long seen = status("checkpoints");
        awaitStatus("checkpoints", seen + 2);
        assertThat(permanentCopy().database(5).tables.get(100).tuplesInserted).isEqualTo(3);
        assertThat(dir.root().resolve("pg_stat_tmp/db_5.stat")).as("readers' file kept").exists();
        assertThat(dir.root().resolve("pg_stat_tmp/global.stat")).as("readers' file kept").exists();

        // a reader wanting anything newer than the first write gets a new file, checkpoints or not
        inquire(5, afterFirstWrite);
        awaitStatus("file_writes", 2);
    }

    @Test
    void aDroppedDatabaseLeavesTheCheckpoint() throws Exception {
        start(durable());
        insert(7, 1);
        insert(5, 1);
        long seen = Math.max(0, status("checkpoints"));
        awaitStatus("checkpoints", seen + 2);
        assertThat(dir.permanentDir().resolve("db_7.stat")).exists();

        socket.send(new DropDbMessage(7));
        seen = status("checkpoints");
        awaitStatus("checkpoints", seen + 2);
        assertThat(dir.permanentDir().resolve("db_7.stat")).doesNotExist();
        assertThat(dir.permanentDir().resolve("db_5.stat")).exists();
        assertThat(permanentCopy().database(7)).isNull();
    }

    @Test
    void aDurableCollectorKeepsWhatItLoadedOnDiskAtOnce() throws Exception {
        start(durable());
        insert(5, 4);
        long seen = Math.max(0, status("checkpoints"));
        awaitStatus("checkpoints", seen + 2);
        runner.requestShutdown();
        thread.join(WAIT.toMillis());
        assertThat(CollectorStatus.read(dir.statusFile()).orElseThrow().state()).isEqualTo(CollectorStatus.STOPPED);

        java.nio.file.Files.delete(dir.statusFile()); // so that only the new collector's report counts
        socket = new QueueSource();
        start(durable());
        awaitStatus("checkpoints", 1); // the first thing after loading (which removes the files)
        assertThat(permanentCopy().database(5).tables.get(100).tuplesInserted).isEqualTo(4);
    }

    @Test
    void shutdownWritesThePermanentFilesAndRemovesTheReadersOnes() throws Exception {
        start(ServerSettings.DEFAULTS);
        insert(5, 2);
        inquire(5, PgTimestamps.now());
        awaitStatus("file_writes", 1);
        assertThat(status("checkpoints")).isZero();
        assertThat(dir.permanentDir().resolve("global.stat")).doesNotExist();

        runner.requestShutdown();
        thread.join(WAIT.toMillis());
        runner = null;
        assertThat(permanentCopy().database(5).tables.get(100).tuplesInserted).isEqualTo(2);
        assertThat(dir.root().resolve("pg_stat_tmp/global.stat")).doesNotExist();
        CollectorStatus s = CollectorStatus.read(dir.statusFile()).orElseThrow();
        assertThat(s.state()).isEqualTo(CollectorStatus.STOPPED);
        assertThat(s.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(s.number("applied")).isEqualTo(2);
        assertThat(s.mode()).isEqualTo("test");
    }

    /** A clean stop first applies what the socket already holds: every accepted datagram counts. */
    @Test
    void aStopAppliesWhatIsAlreadyQueuedBeforeWritingThePermanentFiles() throws Exception {
        insert(5, 2);
        insert(5, 3);
        runner = new CollectorRunner(dir, ServerSettings.DEFAULTS, socket, () -> { }, "test");
        runner.requestShutdown(); // before the collector even started
        thread = Thread.ofPlatform().start(runner);
        thread.join(WAIT.toMillis());
        assertThat(thread.isAlive()).isFalse();
        assertThat(permanentCopy().database(5).tables.get(100).tuplesInserted).isEqualTo(5);
        assertThat(status("applied")).isEqualTo(2);
    }

    @Test
    void reloadMovesTheTemporaryFilesAndDurabilityNoneDropsTheCheckpoint() throws Exception {
        start(durable());
        insert(5, 1);
        awaitStatus("checkpoints", 2);
        assertThat(dir.permanentDir().resolve("global.stat")).exists();

        runner.requestReload(ServerSettings.DEFAULTS.withStatsTempDirectory("elsewhere"));
        await("checkpoint removed", () -> !dir.permanentDir().resolve("global.stat").toFile().exists());
        long writes = status("file_writes");
        inquire(5, PgTimestamps.now());
        awaitStatus("file_writes", writes + 1);
        assertThat(dir.root().resolve("elsewhere/db_5.stat")).exists();
        assertThat(CollectorStatus.read(dir.statusFile()).orElseThrow().get("temp_directory"))
                .isEqualTo(dir.root().resolve("elsewhere").toString());
        assertThat(dir.permanentDir().resolve("db_5.stat")).doesNotExist();
    }
}
