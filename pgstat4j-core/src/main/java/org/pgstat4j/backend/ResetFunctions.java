package org.pgstat4j.backend;

import java.util.function.Function;
import org.pgstat4j.protocol.ResetCounterMessage;
import org.pgstat4j.protocol.ResetReplSlotCounterMessage;
import org.pgstat4j.protocol.ResetSharedCounterMessage;
import org.pgstat4j.protocol.ResetSingleCounterMessage;
import org.pgstat4j.protocol.ResetSlruCounterMessage;
import org.pgstat4j.protocol.Wire;

/**
 * The SQL reset functions' backend side (spec §8.3): each validates its argument as
 * PostgreSQL 14 does, sends one RESET* message and returns; the effect shows once the
 * collector has processed it. Permission checks belong to the SQL surface.
 *
 * <p>PostgreSQL 14 behaviours kept on purpose: with statistics disabled nothing is checked
 * or sent, except that a missing replication slot is still an error (the slot is looked up
 * before the socket is consulted); {@code pg_stat_reset_slru} maps any unknown name to the
 * {@code other} slot; single-object resets always name the own database, so shared catalogs
 * cannot be reset.
 *
 * <p>The one way to misuse it: expecting the counters to read zero at once. A reset is a
 * message: it shows once the collector has applied it and the reader has taken a new snapshot.
 */
public final class ResetFunctions {
    /** What a replication slot is; only logical slots have statistics. */
    public enum SlotKind { PHYSICAL, LOGICAL }

    static final String SHARED_TARGET_HINT = "Target must be \"archiver\", \"bgwriter\", or \"wal\".";

    private final Outbox out;
    private final int databaseId;

    ResetFunctions(Outbox out, int databaseId) {
        this.out = out;
        this.databaseId = databaseId;
    }

    /** {@code pg_stat_reset()}: all table, function and database counters of the own database. */
    public void reset() {
        out.send(new ResetCounterMessage(databaseId));
    }

    /**
     * {@code pg_stat_reset_shared(target)}: {@code archiver}, {@code bgwriter} or {@code wal}.
     * Strict: {@code null} does nothing.
     *
     * @throws SqlStateException 22023 for any other target
     */
    public void resetShared(String target) {
        if (target == null || !out.enabled()) {
            return;
        }
        int code = switch (target) {
            case "archiver" -> ResetSharedCounterMessage.TARGET_ARCHIVER;
            case "bgwriter" -> ResetSharedCounterMessage.TARGET_BGWRITER;
            case "wal" -> ResetSharedCounterMessage.TARGET_WAL;
            default -> throw new SqlStateException(SqlStateException.INVALID_PARAMETER_VALUE,
                    "unrecognized reset target: \"" + target + "\"", SHARED_TARGET_HINT);
        };
        out.send(new ResetSharedCounterMessage(code));
    }

    /** {@code pg_stat_reset_single_table_counters(oid)} in the own database. */
    public void resetSingleTableCounters(int tableOid) {
        out.send(new ResetSingleCounterMessage(databaseId, ResetSingleCounterMessage.RESET_TABLE, tableOid));
    }

    /** {@code pg_stat_reset_single_function_counters(oid)} in the own database. */
    public void resetSingleFunctionCounters(int functionOid) {
        out.send(new ResetSingleCounterMessage(databaseId, ResetSingleCounterMessage.RESET_FUNCTION, functionOid));
    }

    /**
     * {@code pg_stat_reset_slru(name)}: {@code null} resets every slot; a listed name its slot;
     * any other name (even {@code 'clog'}) the {@code other} slot.
     */
    public void resetSlru(String name) {
        int index = name == null ? ResetSlruCounterMessage.ALL : SlruStats.indexOf(name);
        out.send(new ResetSlruCounterMessage(index));
    }

    /**
     * {@code pg_stat_reset_replication_slot(name)}: {@code null} resets every slot's counters;
     * a physical slot sends nothing. {@code slots} says what the named slot is, or
     * {@code null} when there is no such slot.
     *
     * @throws SqlStateException 22023 when the named slot does not exist
     */
    public void resetReplicationSlot(String name, Function<String, SlotKind> slots) {
        if (name != null) {
            SlotKind kind = slots.apply(name);
            if (kind == null) {
                throw new SqlStateException(SqlStateException.INVALID_PARAMETER_VALUE,
                        "replication slot \"" + name + "\" does not exist", null);
            }
            if (kind == SlotKind.PHYSICAL) {
                return;
            }
        }
        out.send(name == null
                ? new ResetReplSlotCounterMessage(null, true)
                : new ResetReplSlotCounterMessage(Names.fit(name, Wire.NAMEDATALEN), false));
    }
}
