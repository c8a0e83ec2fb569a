package org.pgstat4j.backend;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.pgstat4j.protocol.DropDbMessage;
import org.pgstat4j.protocol.FuncPurgeMessage;
import org.pgstat4j.protocol.ReplSlotMessage;
import org.pgstat4j.protocol.SequencedMessage;
import org.pgstat4j.protocol.StatMsgType;
import org.pgstat4j.protocol.TabPurgeMessage;
import org.pgstat4j.protocol.Wire;

/**
 * {@code pgstat_vacuum_stat}, the backend side of dead-object purging (spec §5.5): compares
 * what the collector knows with what the catalogs hold and asks the collector to forget the
 * rest — DROPDB per vanished database, a REPLSLOT drop per vanished slot, then TABPURGE and
 * FUNCPURGE lists for the own database. Database 0 (shared catalogs) is never dropped or
 * purged. A list carries 242 OIDs rather than PostgreSQL's 246, so that it
 * fits in a {@link SequencedMessage} envelope with its sender's sequence number.
 */
final class DeadObjectPurger {
    /** OIDs per TABPURGE / FUNCPURGE: as many as fit behind a sequence number (242). */
    static final int PURGE_ENTRIES = StatMsgType.TABPURGE.maxEntriesWithin(SequencedMessage.MAX_PAYLOAD);

    private DeadObjectPurger() {
    }

    static void purge(KnownObjects collector, KnownObjects catalog, int databaseId, Outbox out) {
        if (!out.enabled()) {
            return;
        }
        int[] liveDatabases = sorted(catalog.databaseOids());
        boolean ownDatabaseKnown = false;
        for (int db : collector.databaseOids()) {
            if (db == databaseId) {
                ownDatabaseKnown = true;
            }
            if (db != 0 && Arrays.binarySearch(liveDatabases, db) < 0) {
                out.send(new DropDbMessage(db));
            }
        }
        Collection<String> knownSlots = collector.replicationSlotNames();
        if (!knownSlots.isEmpty()) {
            Set<String> liveSlots = new HashSet<>(catalog.replicationSlotNames());
            for (String slot : knownSlots) {
                if (!liveSlots.contains(slot)) {
                    out.send(ReplSlotMessage.dropped(Names.fit(slot, Wire.NAMEDATALEN)));
                }
            }
        }
        if (!ownDatabaseKnown || databaseId == 0) {
            return;
        }
        int[] knownTables = collector.tableOids(databaseId);
        if (knownTables.length == 0) {
            return;
        }
        int[] deadTables = missing(knownTables, catalog.tableOids(databaseId));
        for (int from = 0; from < deadTables.length; from += PURGE_ENTRIES) {
            int to = Math.min(deadTables.length, from + PURGE_ENTRIES);
            out.send(new TabPurgeMessage(databaseId, Arrays.copyOfRange(deadTables, from, to)));
        }
        int[] knownFunctions = collector.functionOids(databaseId);
        if (knownFunctions.length == 0) {
            return;
        }
        int[] deadFunctions = missing(knownFunctions, catalog.functionOids(databaseId));
        for (int from = 0; from < deadFunctions.length; from += PURGE_ENTRIES) {
            int to = Math.min(deadFunctions.length, from + PURGE_ENTRIES);
            out.send(new FuncPurgeMessage(databaseId, Arrays.copyOfRange(deadFunctions, from, to)));
        }
    }

    /** The elements of {@code known}, in their order, that are not in {@code live}. */
    private static int[] missing(int[] known, int[] live) {
        int[] liveSorted = sorted(live);
        int[] out = new int[known.length];
        int n = 0;
        for (int oid : known) {
            if (Arrays.binarySearch(liveSorted, oid) < 0) {
                out[n++] = oid;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int[] sorted(int[] oids) {
        // Signed order is fine for membership: binary search only needs a consistent order.
        int[] copy = oids.clone();
        Arrays.sort(copy);
        return copy;
    }
}
