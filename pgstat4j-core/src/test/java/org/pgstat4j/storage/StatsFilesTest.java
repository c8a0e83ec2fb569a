package org.pgstat4j.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.FuncEntry;
import org.pgstat4j.store.ReplSlotEntry;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.store.TabEntry;
import org.pgstat4j.collector.WriteRequests;
import org.pgstat4j.catalog.Fixtures;

class StatsFilesTest {
    private static final long NOW = 800_000_000_000_000L;

    @TempDir
    Path tmp;

    static StatsStore sample() {
        StatsStore s = StatsStore.empty(123);
        s.global().bufAlloc = 775;
        s.global().checkpointWriteTime = 5;
        s.archiver().archivedCount = 1;
        s.archiver().lastArchivedWal = "000000010000000000000001";
        s.archiver().lastFailedTimestamp = 42;
        s.wal().walBytes = -1; // unsigned max survives
        s.slru(6).blocksHit = 9;
        for (int db : new int[] {0, 16384, -2}) {
            DbEntry d = s.databaseOrCreate(db, 77);
            d.xactCommit = 111 + db;
            d.sessionsKilled = 3;
            for (int i = 1; i <= 5; i++) {
                TabEntry t = new TabEntry(i * 1000 + (db & 7));
                t.tuplesInserted = i;
                t.nLiveTuples = 10 * i;
                t.autovacAnalyzeCount = i + 1;
                d.tables.put(t.tableId, t);
            }
            FuncEntry f = new FuncEntry(16444);
            f.numCalls = 2000;
            f.selfTime = 722;
            d.functions.put(16444, f);
        }
        ReplSlotEntry r = new ReplSlotEntry("rs1");
        r.spillBytes = 1975680;
        s.replSlots().put("rs1", r);
        return s;
    }

    @Test
    void permanentFilesRoundTripAndStayInPlaceAfterLoading() {
        StatsFiles files = new StatsFiles(tmp.resolve("pg_stat"), tmp.resolve("pg_stat_tmp"));
        files.writePermanent(sample(), NOW);
        assertThat(tmp.resolve("pg_stat/global.stat")).exists();
        assertThat(tmp.resolve("pg_stat/db_16384.stat")).exists();
        assertThat(tmp.resolve("pg_stat/db_4294967294.stat")).exists();

        StatsStore back = files.loadPermanent(NOW + 1);
        assertThat(back.global().bufAlloc).isEqualTo(775);
        assertThat(back.global().statsTimestamp).isEqualTo(NOW);
        assertThat(back.archiver().lastArchivedWal).isEqualTo("000000010000000000000001");
        assertThat(back.archiver().lastFailedTimestamp).isEqualTo(42);
        assertThat(back.wal().walBytes).isEqualTo(-1);
        assertThat(back.slru(6).blocksHit).isEqualTo(9);
        assertThat(back.slru(6).statResetTimestamp).isEqualTo(123);
        assertThat(back.databases().size()).isEqualTo(3);
        DbEntry d = back.database(-2);
        assertThat(d.xactCommit).isEqualTo(109);
        assertThat(d.statResetTimestamp).isEqualTo(77);
        assertThat(d.tables.size()).isEqualTo(5);
        assertThat(d.table(3006).nLiveTuples).isEqualTo(30);
        assertThat(d.table(3006).autovacAnalyzeCount).isEqualTo(4);
        assertThat(d.function(16444).selfTime).isEqualTo(722);
        assertThat(back.replSlots().get("rs1").spillBytes).isEqualTo(1975680);
        // kept until a complete new set replaces them, so a collector stopped at any moment loses nothing
        assertThat(tmp.resolve("pg_stat/global.stat")).exists();
        assertThat(tmp.resolve("pg_stat/db_16384.stat")).exists();
    }

    @Test
    void temporaryWriteCoversRequestedDatabasesAndSharedCatalogsOnly() {
        StatsFiles files = new StatsFiles(tmp.resolve("pg_stat"), tmp.resolve("pg_stat_tmp"));
        StatsStore s = sample();
        WriteRequests req = new WriteRequests();
        req.add(16384);
        assertThat(files.writeTemporary(s, req, NOW)).isTrue();
        assertThat(tmp.resolve("pg_stat_tmp/db_16384.stat")).exists();
        assertThat(tmp.resolve("pg_stat_tmp/db_0.stat")).exists();
        assertThat(tmp.resolve("pg_stat_tmp/db_4294967294.stat")).doesNotExist();
        assertThat(files.readDatabaseTimestamp(16384)).isEqualTo(NOW);
        assertThat(files.readDatabaseTimestamp(-2)).isEqualTo(0L);
        assertThat(files.readDatabaseTimestamp(999)).isEqualTo(NOW); // unknown → global file time

        StatsStore snap = files.readSnapshot(16384, NOW);
        assertThat(snap.database(16384).tables.size()).isEqualTo(5);
        assertThat(snap.database(0).tables.size()).isEqualTo(5);
        assertThat(snap.database(-2).tables).isNull(); // other databases: 'D' record only
        assertThat(snap.database(-2).xactCommit).isEqualTo(109);
    }

    @Test
    void checkpointLeavesReadersFilesAndWriteTimesAloneAndDropsGoneDatabases() throws IOException {
        StatsFiles files = new StatsFiles(tmp.resolve("pg_stat"), tmp.resolve("pg_stat_tmp"));
        StatsStore s = sample();
        WriteRequests req = new WriteRequests();
        req.add(16384);
        files.writeTemporary(s, req, NOW);
        files.writeCheckpoint(s, NOW + 1);
        s.removeDatabase(-2);
        files.writeCheckpoint(s, NOW + 2);
        assertThat(tmp.resolve("pg_stat_tmp/global.stat")).exists();
        assertThat(tmp.resolve("pg_stat_tmp/db_16384.stat")).exists();
        assertThat(s.global().statsTimestamp).isEqualTo(NOW);
        assertThat(s.database(16384).statsTimestamp).isEqualTo(NOW);
        assertThat(s.database(0).statsTimestamp).isEqualTo(NOW);
        assertThat(tmp.resolve("pg_stat/db_4294967294.stat")).doesNotExist();
        StatsStore back = StatsFileReader.readAll(tmp.resolve("pg_stat"), NOW);
        assertThat(back.databases().size()).isEqualTo(2);
        assertThat(back.database(16384).table(1000).tuplesInserted).isEqualTo(1);
    }

    @Test
    void failedWriteNeverReplacesTheFinalFile() throws IOException {
        StatsFiles good = new StatsFiles(tmp.resolve("pg_stat"), tmp.resolve("t"));
        WriteRequests req = new WriteRequests();
        req.add(16384);
        good.writeTemporary(sample(), req, NOW);
        byte[] before = Files.readAllBytes(tmp.resolve("t/global.stat"));
        byte[] dbBefore = Files.readAllBytes(tmp.resolve("t/db_16384.stat"));

        StatsFiles failing = new StatsFiles(tmp.resolve("pg_stat"), tmp.resolve("t"), p -> {
            FileChannel real = FileChannel.open(p, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            return new FailingChannel(real, 100);
        });
        StatsStore changed = sample();
        changed.global().bufAlloc = 1;
        failing.writeTemporary(changed, req, NOW + 5);
        assertThat(Files.readAllBytes(tmp.resolve("t/global.stat"))).isEqualTo(before);
        assertThat(Files.readAllBytes(tmp.resolve("t/db_16384.stat"))).isEqualTo(dbBefore);
        assertThat(tmp.resolve("t/global.tmp")).doesNotExist();
        assertThat(tmp.resolve("t/db_16384.tmp")).doesNotExist();
    }

    @Test
    void truncatedFileKeepsWhatWasReadBeforeTheDamage() throws IOException {
        StatsFiles files = new StatsFiles(tmp.resolve("p"), tmp.resolve("t"));
        files.writePermanent(sample(), NOW);
        Path db = tmp.resolve("p/db_16384.stat");
        byte[] all = Files.readAllBytes(db);
        // format id + 2 whole 'T' records + half of the third
        Files.write(db, java.util.Arrays.copyOf(all, 4 + 2 * 185 + 90));
        StatsStore back = StatsFileReader.readAll(tmp.resolve("p"), NOW);
        assertThat(back.database(16384).tables.size()).isEqualTo(2);
        assertThat(back.database(0).tables.size()).isEqualTo(5);
    }

    @Test
    void wrongFormatIdYieldsEmptyStatisticsWithFreshResetTimes() throws IOException {
        StatsFiles files = new StatsFiles(tmp.resolve("p"), tmp.resolve("t"));
        files.writePermanent(sample(), NOW);
        Path g = tmp.resolve("p/global.stat");
        byte[] all = Files.readAllBytes(g);
        all[0] ^= 1;
        Files.write(g, all);
        StatsStore back = StatsFileReader.readAll(tmp.resolve("p"), NOW + 9);
        assertThat(back.databases().size()).isZero();
        assertThat(back.global().bufAlloc).isZero();
        assertThat(back.global().statResetTimestamp).isEqualTo(NOW + 9);
        assertThat(back.wal().statResetTimestamp).isEqualTo(NOW + 9);
    }

    @Test
    void duplicateTableRecordStopsReading() throws IOException {
        StatsFiles files = new StatsFiles(tmp.resolve("p"), tmp.resolve("t"));
        files.writePermanent(sample(), NOW);
        Path db = tmp.resolve("p/db_16384.stat");
        byte[] all = Files.readAllBytes(db);
        // copy the first 'T' record over the second
        System.arraycopy(all, 4, all, 4 + 185, 185);
        Files.write(db, all);
        StatsStore back = StatsFileReader.readAll(tmp.resolve("p"), NOW);
        assertThat(back.database(16384).tables.size()).isEqualTo(1);
    }

    @Test
    void resetAllRemovesOnlyStatsFiles() throws IOException {
        StatsFiles files = new StatsFiles(tmp.resolve("p"), tmp.resolve("t"));
        files.writePermanent(sample(), NOW);
        Files.writeString(tmp.resolve("p/keep.txt"), "x");
        assertThat(files.resetAll()).isEqualTo(4);
        try (var left = Files.list(tmp.resolve("p"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("keep.txt");
        }
    }

    @Test
    void postgresql14PermanentFilesYieldTheFixtureValues() throws IOException {
        Path fixture = Fixtures.dir("pg14-mixed");
        StatsStore s = StatsFileReader.readAll(fixture.resolve("pg_stat"), NOW);
        DbEntry fx = s.database(16384);
        assertThat(fx).isNotNull();
        List<Map<String, String>> tables = Fixtures.csv(fixture.resolve("pg_stat_user_tables.csv"));
        assertThat(tables).hasSize(310);
        for (Map<String, String> row : tables) {
            TabEntry t = fx.table(Integer.parseUnsignedInt(row.get("relid")));
            assertThat(t).as("entry of %s", row.get("relname")).isNotNull();
            String n = row.get("relname");
            assertThat(t.numScans).as(n).isEqualTo(Long.parseLong(row.get("seq_scan")));
            assertThat(t.tuplesReturned).as(n).isEqualTo(Long.parseLong(row.get("seq_tup_read")));
            assertThat(t.tuplesInserted).as(n).isEqualTo(Long.parseLong(row.get("n_tup_ins")));
            assertThat(t.tuplesUpdated).as(n).isEqualTo(Long.parseLong(row.get("n_tup_upd")));
            assertThat(t.tuplesDeleted).as(n).isEqualTo(Long.parseLong(row.get("n_tup_del")));
            assertThat(t.tuplesHotUpdated).as(n).isEqualTo(Long.parseLong(row.get("n_tup_hot_upd")));
            assertThat(t.nLiveTuples).as(n).isEqualTo(Long.parseLong(row.get("n_live_tup")));
            assertThat(t.nDeadTuples).as(n).isEqualTo(Long.parseLong(row.get("n_dead_tup")));
            assertThat(t.changesSinceAnalyze).as(n).isEqualTo(Long.parseLong(row.get("n_mod_since_analyze")));
            assertThat(t.insertsSinceVacuum).as(n).isEqualTo(Long.parseLong(row.get("n_ins_since_vacuum")));
            assertThat(t.vacuumCount).as(n).isEqualTo(Long.parseLong(row.get("vacuum_count")));
            assertThat(t.analyzeCount).as(n).isEqualTo(Long.parseLong(row.get("analyze_count")));
            assertThat(t.vacuumTimestamp != 0).as(n).isEqualTo(row.get("last_vacuum") != null);
        }
        for (Map<String, String> row : Fixtures.csv(fixture.resolve("pg_stat_user_functions.csv"))) {
            FuncEntry f = fx.function(Integer.parseUnsignedInt(row.get("funcid")));
            assertThat(f.numCalls).isEqualTo(Long.parseLong(row.get("calls")));
        }
        assertThat(s.databases().containsKey(0)).isTrue();
        assertThat(s.database(0).tables.size()).isPositive();
    }

    /** A channel that fails after {@code limit} bytes, to simulate a full disk. */
    static final class FailingChannel extends FileChannel {
        private final FileChannel real;
        private long left;

        FailingChannel(FileChannel real, long limit) {
            this.real = real;
            this.left = limit;
        }

        @Override
        public int write(java.nio.ByteBuffer src) throws IOException {
            if (src.remaining() > left) {
                throw new IOException("No space left on device");
            }
            left -= src.remaining();
            return real.write(src);
        }

        @Override
        public int read(java.nio.ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(java.nio.ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public long write(java.nio.ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new IOException("No space left on device");
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            real.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, java.nio.channels.WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(java.nio.channels.ReadableByteChannel src, long position, long count) throws IOException {
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(java.nio.ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(java.nio.ByteBuffer src, long position) throws IOException {
            throw new IOException("No space left on device");
        }

        @Override
        public java.nio.MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public java.nio.channels.FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public java.nio.channels.FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
