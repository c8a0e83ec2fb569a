package org.pgstat4j.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.pgstat4j.protocol.DropDbMessage;
import org.pgstat4j.protocol.FuncPurgeMessage;
import org.pgstat4j.protocol.ReplSlotMessage;
import org.pgstat4j.protocol.SequencedMessage;
import org.pgstat4j.protocol.TabPurgeMessage;

/** Dead-object purging, backend side (spec §5.5, §10.3 item 16). */
class DeadObjectPurgerTest {
    record Objects(int[] databases, Map<Integer, int[]> tables, Map<Integer, int[]> functions,
                   List<String> slots) implements KnownObjects {
        public int[] databaseOids() {
            return databases;
        }

        public int[] tableOids(int db) {
            return tables.getOrDefault(db, new int[0]);
        }

        public int[] functionOids(int db) {
            return functions.getOrDefault(db, new int[0]);
        }

        public Collection<String> replicationSlotNames() {
            return slots;
        }
    }

    private static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }

    @Test
    void vanishedObjectsArePurged() {
        int db = Fixture.DB;
        Objects collector = new Objects(new int[] {0, db, 16385, 16386},
                Map.of(db, range(20000, 20400), 0, new int[] {1262}),
                Map.of(db, new int[] {40001, 40002, 40003}),
                List.of("kept", "gone"));
        int[] liveTables = IntStream.range(20000, 20400).filter(o -> o % 4 == 0).toArray();
        Objects catalog = new Objects(new int[] {1, db, 16386},
                Map.of(db, liveTables), Map.of(db, new int[] {40002}), List.of("kept"));
        Fixture f = new Fixture();
        f.backend.reports().purgeDeadObjects(collector, catalog);

        assertThat(f.sender.of(DropDbMessage.class)).as("database 0 is never dropped")
                .containsExactly(new DropDbMessage(16385));
        assertThat(f.sender.of(ReplSlotMessage.class)).containsExactly(ReplSlotMessage.dropped("gone"));
        List<TabPurgeMessage> purges = f.sender.of(TabPurgeMessage.class);
        int[] dead = IntStream.range(20000, 20400).filter(o -> o % 4 != 0).toArray();
        assertThat(purges).hasSize(2);
        // 242 OIDs per list, not PostgreSQL's 246: a list must fit behind a sequence number
        assertThat(purges.get(0)).isEqualTo(new TabPurgeMessage(db, java.util.Arrays.copyOfRange(dead, 0, 242)));
        assertThat(purges.get(1)).isEqualTo(new TabPurgeMessage(db, java.util.Arrays.copyOfRange(dead, 242, 300)));
        assertThat(f.sender.of(FuncPurgeMessage.class)).containsExactly(new FuncPurgeMessage(db, new int[] {40001, 40003}));
        assertThat(f.sender.sizes).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(SequencedMessage.MAX_PAYLOAD));
        assertThat(f.sender.sizes).contains(SequencedMessage.MAX_PAYLOAD);
    }

    @Test
    void ownDatabaseUnknownToTheCollectorStopsAfterDatabasesAndSlots() {
        Objects collector = new Objects(new int[] {16385}, Map.of(16385, new int[] {5}), Map.of(), List.of());
        Objects catalog = new Objects(new int[] {Fixture.DB}, Map.of(), Map.of(), List.of());
        Fixture f = new Fixture();
        f.backend.reports().purgeDeadObjects(collector, catalog);
        assertThat(f.sender.messages).containsExactly(new DropDbMessage(16385));
    }

    @Test
    void nothingDeadSendsNothing() {
        Objects both = new Objects(new int[] {0, Fixture.DB}, Map.of(Fixture.DB, new int[] {7}),
                Map.of(Fixture.DB, new int[] {8}), List.of("s"));
        Fixture f = new Fixture();
        f.backend.reports().purgeDeadObjects(both, both);
        assertThat(f.sender.messages).isEmpty();
    }

    @Test
    void disabledStatisticsPurgeNothing() {
        Objects collector = new Objects(new int[] {16385}, Map.of(), Map.of(), List.of());
        Objects catalog = new Objects(new int[] {}, Map.of(), Map.of(), List.of());
        Fixture f = new Fixture(b -> b.enabled(false));
        f.backend.reports().purgeDeadObjects(collector, catalog);
        assertThat(f.sender.messages).isEmpty();
    }
}
