package org.pgstat4j.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.protocol.AnalyzeMessage;
import org.pgstat4j.protocol.FuncPurgeMessage;
import org.pgstat4j.protocol.FuncStatMessage;
import org.pgstat4j.protocol.FunctionEntry;
import org.pgstat4j.protocol.InquiryMessage;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.ResetCounterMessage;
import org.pgstat4j.protocol.ResetSingleCounterMessage;
import org.pgstat4j.protocol.StatMessage;
import org.pgstat4j.protocol.TabPurgeMessage;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.VacuumMessage;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.DbEntryView;
import org.pgstat4j.storage.StatsFiles;

/**
 * Every handler that changes a table or function entry records the change, so the readers'
 * file, written as change frames between whole rewrites, always shows the collector's store:
 * a missed record would leave readers with an old entry until the next whole rewrite.
 */
class CollectorChangeFramesTest {
    private static final int DB = 16384;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(10_000_000_000L);

    private static Map<Integer, String> tables(DbEntryView d) {
        Map<Integer, String> out = new HashMap<>();
        d.forEachTable(t -> out.put(t.tableId(), t.numScans() + "," + t.tuplesInserted() + "," + t.nLiveTuples()
                + "," + t.nDeadTuples() + "," + t.changesSinceAnalyze() + "," + t.insertsSinceVacuum() + ","
                + t.vacuumCount() + "," + t.autovacVacuumTimestamp() + "," + t.analyzeCount() + ","
                + t.autovacAnalyzeCount() + "," + t.blocksHit()));
        return out;
    }

    private static Map<Integer, String> functions(DbEntryView d) {
        Map<Integer, String> out = new HashMap<>();
        d.forEachFunction(f -> out.put(f.functionId(), f.numCalls() + "," + f.totalTime() + "," + f.selfTime()));
        return out;
    }

    private static StatMessage randomMessage(Random rnd, int db) {
        int oid = 20000 + rnd.nextInt(400);
        return switch (rnd.nextInt(20)) {
            case 0 -> new VacuumMessage(db, oid, rnd.nextBoolean(), 1000 + rnd.nextInt(1000), rnd.nextInt(99), 3);
            case 1 -> new AnalyzeMessage(db, oid, rnd.nextBoolean(), rnd.nextBoolean(), 77, rnd.nextInt(99), 1);
            case 2 -> new TabPurgeMessage(db, new int[] {oid, oid + 1});
            case 3 -> new FuncPurgeMessage(db, new int[] {oid});
            case 4, 5 -> new FuncStatMessage(db, List.of(new FunctionEntry(oid, 1, rnd.nextInt(50), 2)));
            case 6 -> new ResetSingleCounterMessage(db, rnd.nextBoolean() ? ResetSingleCounterMessage.RESET_TABLE
                    : ResetSingleCounterMessage.RESET_FUNCTION, oid);
            case 7 -> rnd.nextInt(10) == 0 ? new ResetCounterMessage(db) : tabstat(db, rnd, oid);
            default -> tabstat(db, rnd, oid);
        };
    }

    private static TabStatMessage tabstat(int db, Random rnd, int oid) {
        List<TableEntry> entries = new ArrayList<>();
        for (int i = 0; i < 1 + rnd.nextInt(8); i++) {
            long n = rnd.nextInt(20);
            entries.add(new TableEntry(oid + i, 1, 2, 3, n, 1, 0, 0, rnd.nextInt(30) == 0, n, 1, n, 4, 5));
        }
        return new TabStatMessage(db, 1, 0, 0, 0, 0, 0, 0, entries);
    }

    @Test
    void readersSeeEveryHandlersChangeThroughFrames() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        StatsFiles files = new StatsFiles(dir.resolve("pg_stat"), dir.resolve("pg_stat_tmp"));
        StatsFiles readerSide = new StatsFiles(dir.resolve("pg_stat"), dir.resolve("pg_stat_tmp"));
        Collector c = new Collector(files, clock::get);
        Path file = dir.resolve("pg_stat_tmp/db_" + DB + ".stat");
        int appends = 0;
        for (int round = 0; round < 150; round++) {
            int n = round == 0 ? 400 : rnd.nextInt(12);
            for (int i = 0; i < n; i++) {
                c.process(MessageCodec.encode(randomMessage(rnd, i % 5 == 0 ? 0 : DB)));
            }
            clock.addAndGet(1_000_000);
            long before = Files.exists(file) ? Files.size(file) : 0;
            c.process(MessageCodec.encode(new InquiryMessage(clock.get(), clock.get(), DB)));
            assertThat(c.writePendingFiles()).isTrue();
            if (Files.size(file) > before && before > 0) {
                appends++;
            }
            var snap = readerSide.readSnapshot(DB, clock.get());
            DbEntry live = c.store().database(DB);
            assertThat(tables(snap.database(DB))).as("round %d, seed %d", round, seed).isEqualTo(tables(live));
            assertThat(functions(snap.database(DB))).as("round %d, seed %d", round, seed).isEqualTo(functions(live));
            DbEntry shared = c.store().database(0);
            if (shared != null) {
                assertThat(tables(snap.database(0))).as("round %d, seed %d", round, seed).isEqualTo(tables(shared));
            }
        }
        assertThat(appends).as("seed %d", seed).isGreaterThan(50);
    }
}
