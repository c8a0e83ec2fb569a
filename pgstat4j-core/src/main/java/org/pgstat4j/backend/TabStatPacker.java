package org.pgstat4j.backend;

import java.util.ArrayList;
import java.util.List;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;

/**
 * Packs a window's table entries into TABSTAT messages (spec §4.8 steps 5–7): "regular"
 * messages for the own database and "shared" ones (database 0) for shared catalogs, at most
 * 8 entries each, all-zero entries skipped.
 *
 * <p>Invariant: the per-database totals of {@link SessionStats} go into exactly one message,
 * the first regular one sent; later regular messages and all shared ones carry zeros.
 */
final class TabStatPacker {
    private TabStatPacker() {
    }

    static void flush(PendingTables tables, SessionStats totals, int databaseId, long now,
                      boolean disconnect, Outbox out) {
        List<TableEntry> regular = new ArrayList<>(TabStatMessage.MAX_ENTRIES);
        List<TableEntry> shared = new ArrayList<>(TabStatMessage.MAX_ENTRIES);
        for (int i = 0; i < tables.size(); i++) {
            TableStatus t = tables.at(i);
            if (t.isAllZero()) {
                continue;
            }
            List<TableEntry> target = t.shared ? shared : regular;
            target.add(t.toEntry());
            if (target.size() == TabStatMessage.MAX_ENTRIES) {
                send(t.shared ? 0 : databaseId, target, totals, now, out);
                target.clear();
            }
        }
        if (!regular.isEmpty() || totals.hasTransactionCounts() || disconnect) {
            send(databaseId, regular, totals, now, out);
        }
        if (!shared.isEmpty()) {
            send(0, shared, totals, now, out);
        }
        tables.clear();
    }

    /** {@code pgstat_send_tabstat}: a message for a valid database takes the totals. */
    private static void send(int databaseId, List<TableEntry> entries, SessionStats totals,
                             long now, Outbox out) {
        TabStatMessage m;
        if (databaseId != 0) {
            long[] h = totals.takeHeader(now);
            m = new TabStatMessage(databaseId, (int) h[0], (int) h[1], h[2], h[3], h[4], h[5], h[6], entries);
        } else {
            m = new TabStatMessage(0, 0, 0, 0, 0, 0, 0, 0, entries);
        }
        out.send(m);
    }
}
