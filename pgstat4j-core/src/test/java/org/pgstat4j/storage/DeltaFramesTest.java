package org.pgstat4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.collector.WriteRequests;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.FuncEntry;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.store.TabEntry;

/**
 * Readers' files written as a whole file plus change frames: what readers load always equals
 * the collector's store, snapshots already handed out never change, a half-appended frame is
 * not applied, and permanent files stay exactly PostgreSQL 14's.
 */
class DeltaFramesTest {
    private static final long NOW = 800_000_000_000_000L;
    private static final int DB = 16384;

    @TempDir
    Path tmp;

    /** Table entries as comparable strings: every field the file carries. */
    private static Map<Integer, String> tables(DbEntry d) {
        Map<Integer, String> out = new HashMap<>();
        d.forEachTable(t -> out.put(t.tableId(), t.tableId() + ":" + t.numScans() + "," + t.tuplesInserted()
                + "," + t.nLiveTuples() + "," + t.vacuumCount() + "," + t.autovacAnalyzeTimestamp()
                + "," + t.blocksHit()));
        assertThat(out).hasSize(d.tableCount());
        return out;
    }

    private static Map<Integer, Long> functions(DbEntry d) {
        Map<Integer, Long> out = new HashMap<>();
        d.forEachFunction(f -> out.put(f.functionId(), f.numCalls() * 31 + f.selfTime()));
        return out;
    }

    private static void change(DbEntry d, Random rnd, int keySpace, int n) {
        for (int i = 0; i < n; i++) {
            int oid = 16385 + rnd.nextInt(keySpace);
            int what = rnd.nextInt(10);
            if (what == 0) {
                d.tables.remove(oid);
                d.tableChanged(oid);
            } else if (what == 1) {
                FuncEntry f = d.functions.get(oid);
                if (f == null) {
                    f = new FuncEntry(oid);
                    d.functions.put(oid, f);
                } else if (rnd.nextBoolean()) {
                    d.functions.remove(oid);
                }
                f.numCalls++;
                f.selfTime += rnd.nextInt(100);
                d.functionChanged(oid);
            } else {
                TabEntry t = d.tables.get(oid);
                if (t == null) {
                    t = new TabEntry(oid);
                    d.tables.put(oid, t);
                }
                t.numScans++;
                t.tuplesInserted += rnd.nextInt(1000);
                t.nLiveTuples = rnd.nextInt(1 << 20);
                t.vacuumCount += what == 2 ? 1 : 0;
                t.autovacAnalyzeTimestamp = NOW + rnd.nextInt(1000);
                t.blocksHit += 3;
                d.tableChanged(oid);
            }
        }
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    @Test
    void readersSeeTheCollectorsStoreAfterEveryRoundAndOldSnapshotsNeverChange() throws IOException {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        StatsFiles files = new StatsFiles(tmp.resolve("p"), tmp.resolve("t"));
        StatsFiles otherProcess = new StatsFiles(tmp.resolve("p"), tmp.resolve("t"));
        StatsStore live = StatsStore.empty(NOW);
        DbEntry d = live.databaseOrCreate(DB, NOW);
        DbEntry shared = live.databaseOrCreate(0, NOW);
        change(d, rnd, 3000, 3000);
        change(shared, rnd, 50, 20);
        WriteRequests req = new WriteRequests();
        req.add(DB);
        int appended = 0;
        int rewritten = 0;
        StatsStore firstSnapshot = null;
        Map<Integer, String> firstTables = null;
        Path file = tmp.resolve("t/db_" + DB + ".stat");
        for (int round = 0; round < 40; round++) {
            Object keyBefore = Files.exists(file) ? fileKey(file) : null;
            long sizeBefore = Files.exists(file) ? Files.size(file) : -1;
            files.writeTemporary(live, req, NOW + round);
            if (keyBefore != null && keyBefore.equals(fileKey(file)) && Files.size(file) > sizeBefore) {
                appended++;
            } else {
                rewritten++;
            }
            StatsStore snap = files.readSnapshot(DB, NOW);
            assertThat(tables(snap.database(DB))).as("round %d, seed %d", round, seed).isEqualTo(tables(d));
            assertThat(functions(snap.database(DB))).as("round %d, seed %d", round, seed).isEqualTo(functions(d));
            assertThat(tables(snap.database(0))).as("round %d, seed %d", round, seed).isEqualTo(tables(shared));
            StatsStore fresh = otherProcess.readSnapshot(DB, NOW);
            assertThat(tables(fresh.database(DB))).as("round %d, seed %d", round, seed).isEqualTo(tables(d));
            StatsStore oneShot = StatsFileReader.read(tmp.resolve("t"), DB, true, false, false, NOW);
            assertThat(tables(oneShot.database(DB))).as("round %d, seed %d", round, seed).isEqualTo(tables(d));
            assertThat(functions(oneShot.database(DB))).as("round %d, seed %d", round, seed).isEqualTo(functions(d));
            if (firstSnapshot == null) {
                firstSnapshot = snap;
                firstTables = tables(d);
            }
            change(d, rnd, 3000, round % 10 == 9 ? 2500 : rnd.nextInt(60));
            change(shared, rnd, 50, rnd.nextInt(3));
        }
        assertThat(tables(firstSnapshot.database(DB))).as("seed %d", seed).isEqualTo(firstTables);
        assertThat(appended).as("seed %d", seed).isGreaterThan(20);
        assertThat(rewritten).as("seed %d", seed).isGreaterThan(1);
    }

    @Test
    void aFrameStillBeingAppendedIsNotApplied() throws IOException {
        StatsFiles files = new StatsFiles(tmp.resolve("p"), tmp.resolve("t"));
        StatsStore live = StatsStore.empty(NOW);
        DbEntry d = live.databaseOrCreate(DB, NOW);
        change(d, new Random(1), 100, 100);
        WriteRequests req = new WriteRequests();
        req.add(DB);
        files.writeTemporary(live, req, NOW);
        Map<Integer, String> before = tables(d);
        Path file = tmp.resolve("t/db_" + DB + ".stat");
        long wholeSize = Files.size(file);
        change(d, new Random(2), 100, 10);
        files.writeTemporary(live, req, NOW + 1);
        byte[] all = Files.readAllBytes(file);
        assertThat((long) all.length).isGreaterThan(wholeSize);

        Path torn = tmp.resolve("torn");
        Files.createDirectories(torn);
        Files.copy(tmp.resolve("t/global.stat"), torn.resolve("global.stat"));
        for (int cut = (int) wholeSize; cut < all.length; cut += 37) {
            Files.write(torn.resolve("db_" + DB + ".stat"), Arrays.copyOf(all, cut));
            StatsStore s = StatsFileReader.read(torn, DB, true, false, false, NOW);
            assertThat(tables(s.database(DB))).as("cut at %d", cut).isEqualTo(before);
        }
        Files.write(torn.resolve("db_" + DB + ".stat"), all);
        assertThat(tables(StatsFileReader.read(torn, DB, true, false, false, NOW).database(DB))).isEqualTo(tables(d));
    }

    @Test
    void permanentFilesHaveNoFramesAndTheWholePartIsPostgresLayout() throws IOException {
        StatsFiles files = new StatsFiles(tmp.resolve("p"), tmp.resolve("t"));
        StatsStore live = StatsStore.empty(NOW);
        DbEntry d = live.databaseOrCreate(DB, NOW);
        for (int i = 0; i < 10; i++) {
            d.tables.put(20000 + i, new TabEntry(20000 + i));
        }
        WriteRequests req = new WriteRequests();
        req.add(DB);
        files.writeTemporary(live, req, NOW);
        Path temp = tmp.resolve("t/db_" + DB + ".stat");
        // format id, 10 'T' records, 'E', then the id frame only
        assertThat(Files.size(temp)).isEqualTo(4 + 10 * 185 + 1 + DeltaFrames.ID_FRAME_SIZE);
        files.writePermanent(live, NOW + 1);
        assertThat(Files.size(tmp.resolve("p/db_" + DB + ".stat"))).isEqualTo(4 + 10 * 185 + 1);
    }

    @Test
    void aTruncatedReadersFileKeepsWhatWasReadBeforeTheDamage() throws IOException {
        StatsFiles files = new StatsFiles(tmp.resolve("p"), tmp.resolve("t"));
        StatsStore live = StatsStore.empty(NOW);
        DbEntry d = live.databaseOrCreate(DB, NOW);
        for (int i = 0; i < 10; i++) {
            d.tables.put(20000 + i, new TabEntry(20000 + i));
        }
        WriteRequests req = new WriteRequests();
        req.add(DB);
        files.writeTemporary(live, req, NOW);
        Path file = tmp.resolve("t/db_" + DB + ".stat");
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, 4 + 2 * 185 + 90)); // 2 whole records and half of a third
        StatsStore s = new StatsFiles(tmp.resolve("p"), tmp.resolve("t")).readSnapshot(DB, NOW);
        assertThat(s.database(DB).tableCount()).isEqualTo(2);
    }
}
