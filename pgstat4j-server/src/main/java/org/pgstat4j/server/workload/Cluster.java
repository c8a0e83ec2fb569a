package org.pgstat4j.server.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.pgstat4j.backend.ResetFunctions.SlotKind;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.view.ViewContext;

/**
 * A simulated PostgreSQL cluster around one running statistics system ({@link EmbeddedStats}):
 * its databases ({@link Schema}s), the OIDs objects get, and what PostgreSQL keeps in shared
 * memory rather than in the statistics — connected backends per database
 * ({@code numbackends}), prepared transactions, replication slots — plus the grants on the
 * reset functions. Sessions are opened on a schema; observers read through it.
 *
 * <p>Thread-safe: sessions of many threads connect, prepare and finish transactions through
 * one cluster. Invariants: OIDs are unique across the cluster; every database's catalog lists
 * every database of the cluster ({@code pg_database} is a shared catalog) and only its own
 * relations and functions.
 */
public final class Cluster {
    /** PostgreSQL's {@code FirstNormalObjectId}: the first OID user objects get. */
    public static final int FIRST_NORMAL_OBJECT_ID = 16384;

    private volatile EmbeddedStats stats;
    private final AtomicInteger nextOid = new AtomicInteger(FIRST_NORMAL_OBJECT_ID);
    private final Map<String, Schema> databases = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> backends = new ConcurrentHashMap<>();
    private final PreparedTransactions prepared = new PreparedTransactions();
    private final Map<String, SlotKind> slots = new ConcurrentHashMap<>();
    private final Set<String> grantedToPublic = ConcurrentHashMap.newKeySet();

    public Cluster(EmbeddedStats stats) {
        this.stats = stats;
    }

    /** The statistics system the sessions of this cluster report to. */
    public EmbeddedStats stats() {
        return stats;
    }

    /**
     * A server restart: from now on sessions and observers report to and read from
     * {@code next}. Everything made before keeps the old system, so reconnect them.
     *
     * @throws IllegalStateException while client backends are connected
     */
    public void replaceStats(EmbeddedStats next) {
        for (AtomicInteger n : backends.values()) {
            if (n.get() != 0) {
                throw new IllegalStateException("close every session before restarting the statistics system");
            }
        }
        stats = next;
    }

    int allocateOid() {
        return nextOid.getAndIncrement();
    }

    /** {@code CREATE DATABASE}: a new database with its own catalog. */
    public Schema createDatabase(String name) {
        synchronized (databases) {
            if (databases.containsKey(name)) {
                throw new IllegalArgumentException("database \"" + name + "\" already exists");
            }
            Schema s = new Schema(this, allocateOid(), name);
            PgDatabase row = new PgDatabase(s.oid(), name);
            for (Schema other : databases.values()) {
                other.catalog().addDatabase(row);
                s.catalog().addDatabase(new PgDatabase(other.oid(), other.name()));
            }
            s.catalog().addDatabase(row);
            databases.put(name, s);
            return s;
        }
    }

    /** The database called {@code name}, or null. */
    public Schema database(String name) {
        return databases.get(name);
    }

    /** Every database, by OID. */
    public List<Schema> databases() {
        List<Schema> out = new ArrayList<>(databases.values());
        out.sort((a, b) -> Integer.compareUnsigned(a.oid(), b.oid()));
        return out;
    }

    /** Removes a database from every catalog (the catalog side of {@code DROP DATABASE}). */
    void removeDatabase(Schema s) {
        synchronized (databases) {
            databases.remove(s.name(), s);
            for (Schema other : databases.values()) {
                other.catalog().dropDatabase(s.oid());
            }
        }
    }

    /** Backends connected to {@code databaseId} ({@code numbackends}). */
    public int numBackends(int databaseId) {
        AtomicInteger n = backends.get(databaseId);
        return n == null ? 0 : n.get();
    }

    /**
     * Counts the backends of {@code databaseId} in {@code counter} from now on (e.g. the one an
     * {@code EmbeddedStatsService} shows), carrying over the current count.
     */
    public void trackBackendsIn(int databaseId, AtomicInteger counter) {
        AtomicInteger old = backends.put(databaseId, counter);
        if (old != null) {
            counter.addAndGet(old.get());
        }
    }

    void backendStarted(int databaseId) {
        backends.computeIfAbsent(databaseId, k -> new AtomicInteger()).incrementAndGet();
    }

    void backendExited(int databaseId) {
        backends.computeIfAbsent(databaseId, k -> new AtomicInteger()).decrementAndGet();
    }

    /** The prepared transactions ({@code pg_prepared_xacts}). */
    public PreparedTransactions preparedTransactions() {
        return prepared;
    }

    /** Records a replication slot (its statistics, for a logical one, come from a session). */
    void addSlot(String name, SlotKind kind) {
        if (slots.putIfAbsent(name, kind) != null) {
            throw new IllegalArgumentException("replication slot \"" + name + "\" already exists");
        }
    }

    /** What the slot called {@code name} is, or null if there is none. */
    public SlotKind slot(String name) {
        return slots.get(name);
    }

    /** The names of the logical slots, sorted. */
    public List<String> logicalSlots() {
        return slots.entrySet().stream().filter(e -> e.getValue() == SlotKind.LOGICAL)
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** {@code GRANT EXECUTE ON FUNCTION <function> TO PUBLIC}. */
    public void grantExecuteToPublic(String function) {
        grantedToPublic.add(function);
    }

    boolean isGrantedToPublic(String function) {
        return grantedToPublic.contains(function);
    }

    /** How a session of {@code schema} sees {@code snapshot}: its catalog, backends, slots. */
    ViewContext viewContext(Schema schema, Snapshot snapshot) {
        return ViewContext.of(snapshot, schema.catalog())
                .withNumBackends(this::numBackends)
                .withLogicalSlots(this::logicalSlots);
    }
}
