package org.pgstat4j.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pgstat4j.protocol.ResetCounterMessage;
import org.pgstat4j.protocol.ResetReplSlotCounterMessage;
import org.pgstat4j.protocol.ResetSharedCounterMessage;
import org.pgstat4j.protocol.ResetSingleCounterMessage;
import org.pgstat4j.protocol.ResetSlruCounterMessage;
import org.pgstat4j.protocol.StatMessage;

/** The reset functions' messages and errors (spec §8.3, §10.3 item 15). */
class ResetFunctionsTest {
    private final Fixture f = new Fixture();
    private final ResetFunctions resets = f.backend.resets();

    private StatMessage only() {
        assertThat(f.sender.messages).hasSize(1);
        return f.sender.drain().getFirst();
    }

    @Test
    void resetNamesTheOwnDatabase() {
        resets.reset();
        assertThat(only()).isEqualTo(new ResetCounterMessage(Fixture.DB));
    }

    @Test
    void sharedTargets() {
        resets.resetShared("archiver");
        assertThat(only()).isEqualTo(new ResetSharedCounterMessage(0));
        resets.resetShared("bgwriter");
        assertThat(only()).isEqualTo(new ResetSharedCounterMessage(1));
        resets.resetShared("wal");
        assertThat(only()).isEqualTo(new ResetSharedCounterMessage(2));
        resets.resetShared(null);
        assertThat(f.sender.messages).as("strict: NULL sends nothing").isEmpty();
    }

    @Test
    void unknownSharedTargetIsError22023WithHint() {
        assertThatThrownBy(() -> resets.resetShared("foo"))
                .isInstanceOfSatisfying(SqlStateException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("22023");
                    assertThat(e.getMessage()).isEqualTo("unrecognized reset target: \"foo\"");
                    assertThat(e.hint()).isEqualTo("Target must be \"archiver\", \"bgwriter\", or \"wal\".");
                });
        assertThatThrownBy(() -> resets.resetShared("WAL")).isInstanceOf(SqlStateException.class);
        assertThat(f.sender.messages).isEmpty();
    }

    @Test
    void singleObjectResets() {
        resets.resetSingleTableCounters(30001);
        assertThat(only()).isEqualTo(new ResetSingleCounterMessage(Fixture.DB, 0, 30001));
        resets.resetSingleFunctionCounters(40001);
        assertThat(only()).isEqualTo(new ResetSingleCounterMessage(Fixture.DB, 1, 40001));
    }

    @Test
    void slruNamesMapToSlotsAndUnknownNamesToOther() {
        Map<String, Integer> expected = Map.of("CommitTs", 0, "MultiXactMember", 1,
                "MultiXactOffset", 2, "Notify", 3, "Serial", 4, "Subtrans", 5, "Xact", 6,
                "other", 7, "nonsense", 7, "clog", 7);
        expected.forEach((name, slot) -> {
            resets.resetSlru(name);
            assertThat(only()).as(name).isEqualTo(new ResetSlruCounterMessage(slot));
        });
        resets.resetSlru("xact");
        assertThat(only()).as("names are case-sensitive").isEqualTo(new ResetSlruCounterMessage(7));
        resets.resetSlru(null);
        assertThat(only()).isEqualTo(new ResetSlruCounterMessage(-1));
    }

    @Test
    void replicationSlotResets() {
        Map<String, ResetFunctions.SlotKind> slots = Map.of(
                "logical_slot", ResetFunctions.SlotKind.LOGICAL,
                "physical_slot", ResetFunctions.SlotKind.PHYSICAL);
        resets.resetReplicationSlot(null, slots::get);
        assertThat(only()).isEqualTo(new ResetReplSlotCounterMessage("", true));
        resets.resetReplicationSlot("logical_slot", slots::get);
        assertThat(only()).isEqualTo(new ResetReplSlotCounterMessage("logical_slot", false));
        resets.resetReplicationSlot("physical_slot", slots::get);
        assertThat(f.sender.messages).as("physical slots have no statistics").isEmpty();
        assertThatThrownBy(() -> resets.resetReplicationSlot("missing", slots::get))
                .isInstanceOfSatisfying(SqlStateException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("22023");
                    assertThat(e.getMessage()).isEqualTo("replication slot \"missing\" does not exist");
                    assertThat(e.hint()).isNull();
                });
        assertThat(f.sender.messages).isEmpty();
    }

    @Test
    void resetsIgnoreTrackCounts() {
        f.settings.trackCounts(false);
        resets.reset();
        assertThat(only()).isEqualTo(new ResetCounterMessage(Fixture.DB));
    }

    @Test
    void missingSlotIsAnErrorEvenWithStatisticsDisabled() {
        Fixture disabled = new Fixture(b -> b.enabled(false));
        assertThatThrownBy(() -> disabled.backend.resets().resetReplicationSlot("missing", name -> null))
                .isInstanceOf(SqlStateException.class);
    }
}
