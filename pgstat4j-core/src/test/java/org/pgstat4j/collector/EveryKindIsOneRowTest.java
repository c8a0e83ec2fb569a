package org.pgstat4j.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pgstat4j.protocol.AnalyzeMessage;
import org.pgstat4j.protocol.ArchiverMessage;
import org.pgstat4j.protocol.AutovacStartMessage;
import org.pgstat4j.protocol.BgWriterMessage;
import org.pgstat4j.protocol.ChecksumFailureMessage;
import org.pgstat4j.protocol.ConnectMessage;
import org.pgstat4j.protocol.DeadlockMessage;
import org.pgstat4j.protocol.DisconnectMessage;
import org.pgstat4j.protocol.DropDbMessage;
import org.pgstat4j.protocol.DummyMessage;
import org.pgstat4j.protocol.FuncPurgeMessage;
import org.pgstat4j.protocol.FuncStatMessage;
import org.pgstat4j.protocol.FunctionEntry;
import org.pgstat4j.protocol.InquiryMessage;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.protocol.RecoveryConflictMessage;
import org.pgstat4j.protocol.ReplSlotMessage;
import org.pgstat4j.protocol.ResetCounterMessage;
import org.pgstat4j.protocol.ResetReplSlotCounterMessage;
import org.pgstat4j.protocol.ResetSharedCounterMessage;
import org.pgstat4j.protocol.ResetSingleCounterMessage;
import org.pgstat4j.protocol.ResetSlruCounterMessage;
import org.pgstat4j.protocol.SequencedMessage;
import org.pgstat4j.protocol.SlruMessage;
import org.pgstat4j.protocol.StatMessage;
import org.pgstat4j.protocol.StatMsgType;
import org.pgstat4j.protocol.TabPurgeMessage;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.TempFileMessage;
import org.pgstat4j.protocol.VacuumMessage;
import org.pgstat4j.protocol.WalMessage;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.FuncEntry;
import org.pgstat4j.store.ReplSlotEntry;
import org.pgstat4j.store.StatsPersistence;
import org.pgstat4j.store.StatsStore;

/**
 * A message kind is one row of {@link StatMsgType}: with nothing registered anywhere else, an
 * encoded sample of every row validates, decodes back to its record of that row, and reaches
 * its own handler in a {@link Collector}, which changes what the collector holds. The
 * collector and the codec are handed the rows only through {@code StatMsgType.values()} and
 * {@code fromCode}; a kind whose row named no handler, or another kind's decoder, fails here.
 * Adding a kind adds its row, and its sample below.
 */
class EveryKindIsOneRowTest {
    private static final int DB = 5;
    private static final int TABLE = 7;
    private static final int FUNCTION = 8;
    private static final String SLOT = "slot";
    private static final long NOW = 1_000_000L;

    /** One sample per kind, each chosen to act on what {@link #prepare} puts in the store. */
    private static final List<StatMessage> SAMPLES = List.of(
            new DummyMessage(),
            new InquiryMessage(NOW, NOW, DB),
            new TabStatMessage(DB, 1, 0, 0, 0, 0, 0, 0,
                    List.of(new TableEntry(TABLE, 1, 2, 3, 4, 5, 6, 7, false, 8, 9, 10, 11, 12))),
            new TabPurgeMessage(DB, new int[] {TABLE}),
            new DropDbMessage(DB),
            new ResetCounterMessage(DB),
            new ResetSharedCounterMessage(ResetSharedCounterMessage.TARGET_WAL),
            new ResetSingleCounterMessage(DB, ResetSingleCounterMessage.RESET_TABLE, TABLE),
            new ResetSlruCounterMessage(ResetSlruCounterMessage.ALL),
            new ResetReplSlotCounterMessage(SLOT, false),
            new AutovacStartMessage(DB, 123),
            new VacuumMessage(DB, TABLE, false, 123, 10, 2),
            new AnalyzeMessage(DB, TABLE, true, true, 123, 10, 2),
            new ArchiverMessage(false, "000000010000000000000001", 123),
            new BgWriterMessage(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
            new WalMessage(1, 2, 3, 4, 5, 6, 7, 8),
            new SlruMessage(0, 1, 2, 3, 4, 5, 6, 7),
            new FuncStatMessage(DB, List.of(new FunctionEntry(FUNCTION, 1, 2, 3))),
            new FuncPurgeMessage(DB, new int[] {FUNCTION}),
            new RecoveryConflictMessage(DB, RecoveryConflictMessage.REASON_LOCK),
            new TempFileMessage(DB, 4096),
            new DeadlockMessage(DB),
            new ChecksumFailureMessage(DB, 1, 123),
            ReplSlotMessage.created("other"),
            new ConnectMessage(DB),
            new DisconnectMessage(DB, DisconnectMessage.FATAL),
            new SequencedMessage(0x5eed, 0, MessageCodec.encode(new ConnectMessage(DB))));

    @TempDir
    Path dir;

    private static Map<StatMsgType, StatMessage> samples() {
        Map<StatMsgType, StatMessage> byType = new EnumMap<>(StatMsgType.class);
        for (StatMessage m : SAMPLES) {
            assertThat(byType.put(m.type(), m)).as("a second sample of %s", m.type()).isNull();
        }
        return byType;
    }

    @Test
    void everyRowHasASample() {
        assertThat(samples().keySet()).containsExactlyInAnyOrder(StatMsgType.values());
    }

    @ParameterizedTest
    @EnumSource(StatMsgType.class)
    void aSampleOfTheRowValidatesDecodesAndIsAppliedByItsOwnHandler(StatMsgType t) throws IOException {
        StatMessage sample = samples().get(t);
        assertThat(sample).as("sample of %s", t).isNotNull();
        byte[] bytes = MessageCodec.encode(sample);

        StatMessage decoded = MessageCodec.decode(bytes);
        assertThat(decoded).as("decoded through the row's decoder").isEqualTo(sample);
        assertThat(decoded.type()).isSameAs(t);
        assertThat(decoded.getClass()).isSameAs(sample.getClass());

        Collector c = new Collector(StatsPersistence.NONE, () -> NOW);
        prepare(c.store());
        String before = fingerprint(c.store(), "before");
        assertThat(c.process(bytes)).as("%s is applied", t).isNull();
        assertThat(c.counters().applied()).isEqualTo(1);
        assertThat(c.counters().rejected()).isZero();

        boolean changedTheStore = !fingerprint(c.store(), "after").equals(before);
        boolean usedTheCollector = c.counters().inquiries() > 0 || !c.writeRequests().isEmpty();
        if (t == StatMsgType.DUMMY) {
            // DUMMY's handler does nothing: PostgreSQL sends it only to test the socket
            assertThat(changedTheStore || usedTheCollector).as("DUMMY applied").isFalse();
        } else {
            assertThat(changedTheStore || usedTheCollector).as("%s changed what the collector holds", t).isTrue();
        }
    }

    /** A database with a table and a function, a slot, and non-zero cluster counters. */
    private static void prepare(StatsStore store) {
        DbEntry d = store.databaseOrCreate(DB, 1);
        d.xactCommit = 3;
        d.tableOrCreate(TABLE).nLiveTuples = 3;
        FuncEntry f = new FuncEntry(FUNCTION);
        f.numCalls = 3;
        d.functions.put(FUNCTION, f);
        ReplSlotEntry s = new ReplSlotEntry(SLOT);
        s.totalTxns = 3;
        store.replSlots().put(SLOT, s);
        store.global().bufAlloc = 3;
        store.archiver().archivedCount = 3;
        store.wal().walRecords = 3;
        for (int i = 0; i < store.slruCount(); i++) {
            store.slru(i).blocksHit = 3;
        }
    }

    /** A digest of everything the store holds, as its permanent stats files (spec §6.6). */
    private String fingerprint(StatsStore store, String name) throws IOException {
        Path permanent = dir.resolve(name);
        Files.createDirectories(permanent);
        new StatsFiles(permanent, dir.resolve(name + "-tmp")).writePermanentSet(store, NOW);
        try (Stream<Path> files = Files.walk(permanent)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                sha.update(permanent.relativize(p).toString().getBytes());
                sha.update(Files.readAllBytes(p));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
