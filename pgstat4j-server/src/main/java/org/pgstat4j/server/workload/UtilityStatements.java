package org.pgstat4j.server.workload;

import org.pgstat4j.backend.Backend;
import org.pgstat4j.backend.RelKind;
import org.pgstat4j.backend.ResetFunctions.SlotKind;
import org.pgstat4j.backend.SqlStateException;
import org.pgstat4j.snapshot.SnapshotReader;

/**
 * The bodies of a session's utility statements (PostgreSQL's name for what the planner does
 * not plan): ANALYZE and VACUUM with the reports they send, DROP DATABASE, and replication
 * slot creation. {@link Session} runs each as a statement; this class says what it counts.
 *
 * <p>Confined to the session's thread.
 */
final class UtilityStatements {
    private final Schema schema;
    private final Backend backend;
    private final SnapshotReader reader;
    private final TransactionChanges changes;
    private final Executor executor;
    private final TransactionBlock block;

    UtilityStatements(Schema schema, Backend backend, SnapshotReader reader, TransactionChanges changes,
                      Executor executor, TransactionBlock block) {
        this.schema = schema;
        this.backend = backend;
        this.reader = reader;
        this.changes = changes;
        this.executor = executor;
        this.block = block;
    }

    /** ANALYZE samples at most this many pages (300 × the default statistics target). */
    private static final long SAMPLE_PAGES = 30_000;

    void analyze(Table t, boolean allColumns) {
        executor.readHeap(t, SAMPLE_PAGES);
        long[] seen = changes.visible(t);
        backend.reports().analyze(t.oid(), false, RelKind.RELATION, seen[0], seen[1], allColumns);
        t.analyzed(seen[0]);
    }

    void vacuum(Table t) {
        block.requireNoBlock("VACUUM");
        if (schema.cluster().stats().isEnabled()) { // pgstat_vacuum_stat returns first without a socket
            backend.reports().purgeDeadObjects(KnownObjectSets.of(reader.snapshot()), KnownObjectSets.of(schema));
        }
        executor.readHeap(t, Long.MAX_VALUE);
        long live = t.vacuum();
        backend.reports().vacuum(t.oid(), false, live, 0);
    }

    void dropDatabase(Schema other) {
        block.requireNoBlock("DROP DATABASE");
        if (other == schema) {
            throw new SqlStateException("55006", "cannot drop the currently open database", null);
        }
        if (schema.cluster().numBackends(other.oid()) > 0) {
            throw new SqlStateException("55006", "database \"" + other.name()
                    + "\" is being accessed by other users", null);
        }
        schema.cluster().removeDatabase(other);
        backend.reports().dropDatabase(other.oid());
    }

    void createReplicationSlot(String slot, SlotKind kind) {
        schema.cluster().addSlot(slot, kind);
        if (kind == SlotKind.LOGICAL) {
            backend.reports().replSlotCreate(slot);
        }
    }
}
