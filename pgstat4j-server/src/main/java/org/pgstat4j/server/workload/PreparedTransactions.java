package org.pgstat4j.server.workload;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.pgstat4j.backend.SqlStateException;
import org.pgstat4j.backend.TwoPhaseRecord;

/**
 * The cluster's prepared transactions ({@code pg_prepared_xacts}): what PREPARE TRANSACTION
 * left behind, by global identifier, until some session — any session of the same
 * database — runs COMMIT PREPARED or ROLLBACK PREPARED.
 *
 * <p>Thread-safe. Invariant: a gid names at most one prepared transaction, and finishing
 * takes it out atomically, so two sessions can never both finish it.
 */
public final class PreparedTransactions {
    /** What a prepared transaction holds: statistics records and heap changes. */
    record Prepared(String gid, int databaseId, List<TwoPhaseRecord> records,
                    List<TransactionChanges.Prepared> heap) {
    }

    private final ConcurrentHashMap<String, Prepared> byGid = new ConcurrentHashMap<>();

    /** The identifiers of the transactions now prepared, sorted. */
    public Set<String> gids() {
        return new TreeSet<>(byGid.keySet());
    }

    /** Whether {@code gid} is taken. */
    boolean contains(String gid) {
        return byGid.containsKey(gid);
    }

    /** @throws SqlStateException 42710 when {@code gid} is already in use */
    void add(Prepared p) {
        if (byGid.putIfAbsent(p.gid(), p) != null) {
            throw inUse(p.gid());
        }
    }

    static SqlStateException inUse(String gid) {
        return new SqlStateException("42710", "transaction identifier \"" + gid + "\" is already in use", null);
    }

    /**
     * Takes the transaction out to finish it from database {@code databaseId}.
     *
     * @throws SqlStateException 42704 when there is none, 0A000 when it belongs to another database
     */
    Prepared take(String gid, int databaseId) {
        Prepared p = byGid.get(gid);
        if (p == null) {
            throw new SqlStateException("42704", "prepared transaction with identifier \"" + gid
                    + "\" does not exist", null);
        }
        if (p.databaseId() != databaseId) {
            throw new SqlStateException("0A000", "prepared transaction belongs to another database",
                    "Connect to the database where the transaction was prepared to finish it.");
        }
        if (!byGid.remove(gid, p)) {
            throw new SqlStateException("42704", "prepared transaction with identifier \"" + gid
                    + "\" does not exist", null);
        }
        return p;
    }
}
