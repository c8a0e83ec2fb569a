package org.pgstat4j.view;

import java.util.List;
import java.util.Objects;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.snapshot.Snapshot;

/**
 * Everything a view reads: the statistics {@link Snapshot} (whose own database is the one
 * the session is connected to), the {@link Catalog} that names the OIDs, and the few things
 * PostgreSQL takes from shared memory or settings rather than from the collector: the
 * session's pending counts, the number of backends per database, whether data checksums are
 * enabled, and which logical replication slots exist.
 *
 * @param numBackends  database OID → connected backends ({@code pg_stat_database.numbackends})
 * @param logicalSlots names of the existing logical replication slots, in slot order
 *
 * <p>The one way to misuse it: pairing a snapshot of one database with a catalog that names
 * another database's objects. Relations are looked up in the snapshot's own database, names in
 * the catalog, so rows vanish or carry wrong names.
 */
public record ViewContext(Snapshot snapshot, Catalog catalog, PendingCounts pending,
                          IntUnaryOperator numBackends, boolean dataChecksums,
                          Supplier<List<String>> logicalSlots) {
    public ViewContext {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(numBackends, "numBackends");
        Objects.requireNonNull(logicalSlots, "logicalSlots");
    }

    /**
     * A context with no pending counts, no backends, checksums off, and as slots the ones the
     * collector has entries for (the best a reader without shared memory can do: the collector
     * removes a slot's entry when the slot is dropped).
     */
    public static ViewContext of(Snapshot snapshot, Catalog catalog) {
        return new ViewContext(snapshot, catalog, PendingCounts.NONE, db -> 0, false,
                () -> snapshot.replSlots().stream().map(s -> s.slotName()).toList());
    }

    public ViewContext withPending(PendingCounts p) {
        return new ViewContext(snapshot, catalog, p, numBackends, dataChecksums, logicalSlots);
    }

    public ViewContext withNumBackends(IntUnaryOperator n) {
        return new ViewContext(snapshot, catalog, pending, n, dataChecksums, logicalSlots);
    }

    public ViewContext withDataChecksums(boolean on) {
        return new ViewContext(snapshot, catalog, pending, numBackends, on, logicalSlots);
    }

    public ViewContext withLogicalSlots(Supplier<List<String>> slots) {
        return new ViewContext(snapshot, catalog, pending, numBackends, dataChecksums, slots);
    }

    /** The accessor functions over this context. */
    public StatFunctions functions() {
        return new StatFunctions(snapshot, pending, dataChecksums);
    }
}
