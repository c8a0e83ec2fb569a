package org.pgstat4j.backend;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pgstat4j.protocol.AnalyzeMessage;
import org.pgstat4j.protocol.StatMessage;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.VacuumMessage;

/**
 * The collector's table arithmetic of spec §5.4 (TABSTAT, VACUUM, ANALYZE), written out
 * independently here so that backend tests can state the view values the spec expects
 * ({@code n_tup_ins}, {@code n_live_tup}, ...) for the datagrams a backend sent.
 */
final class TableModel {
    static final class Row {
        long tupIns;
        long tupUpd;
        long tupDel;
        long tupHotUpd;
        long liveTup;
        long deadTup;
        long modSinceAnalyze;
        long insSinceVacuum;
        long seqScan;
        long analyzeCount;
        long vacuumCount;
    }

    private final Map<Long, Row> rows = new HashMap<>();

    Row row(int db, int oid) {
        return rows.get(key(db, oid));
    }

    /** Seeds a row as if earlier traffic had been applied. */
    Row seed(int db, int oid) {
        return rows.computeIfAbsent(key(db, oid), k -> new Row());
    }

    TableModel apply(List<StatMessage> messages) {
        for (StatMessage m : messages) {
            switch (m) {
                case TabStatMessage t -> t.entries().forEach(e -> apply(t.databaseId(), e));
                case VacuumMessage v -> {
                    Row r = seed(v.databaseId(), v.tableOid());
                    r.liveTup = v.liveTuples();
                    r.deadTup = v.deadTuples();
                    r.insSinceVacuum = 0;
                    r.vacuumCount++;
                }
                case AnalyzeMessage a -> {
                    Row r = seed(a.databaseId(), a.tableOid());
                    r.liveTup = a.liveTuples();
                    r.deadTup = a.deadTuples();
                    if (a.resetCounter()) {
                        r.modSinceAnalyze = 0;
                    }
                    r.analyzeCount++;
                }
                default -> { }
            }
        }
        return this;
    }

    private void apply(int db, TableEntry e) {
        Row r = rows.get(key(db, e.tableId()));
        if (r == null) {
            r = seed(db, e.tableId());
            r.liveTup = e.deltaLiveTuples();
            r.deadTup = e.deltaDeadTuples();
            r.modSinceAnalyze = e.changedTuples();
            r.insSinceVacuum = e.tuplesInserted();
        } else {
            if (e.truncated()) {
                r.liveTup = 0;
                r.deadTup = 0;
                r.insSinceVacuum = 0;
            }
            r.liveTup += e.deltaLiveTuples();
            r.deadTup += e.deltaDeadTuples();
            r.modSinceAnalyze += e.changedTuples();
            r.insSinceVacuum += e.tuplesInserted();
        }
        r.tupIns += e.tuplesInserted();
        r.tupUpd += e.tuplesUpdated();
        r.tupDel += e.tuplesDeleted();
        r.tupHotUpd += e.tuplesHotUpdated();
        r.seqScan += e.numScans();
        r.liveTup = Math.max(r.liveTup, 0);
        r.deadTup = Math.max(r.deadTup, 0);
    }

    private static long key(int db, int oid) {
        return (Integer.toUnsignedLong(db) << 32) | Integer.toUnsignedLong(oid);
    }
}
