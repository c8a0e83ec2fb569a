/**
 * The statistics model (spec §5.3): what the collector counts and what stats files and
 * snapshots hold. It depends on no other package of pgstat4j.
 *
 * <h2>The map</h2>
 * <ul>
 * <li>{@link org.pgstat4j.store.StatsStore} — one generation of statistics: databases
 *     ({@link org.pgstat4j.store.DbEntry}) with their tables and indexes
 *     ({@link org.pgstat4j.store.TabEntry}) and functions ({@link org.pgstat4j.store.FuncEntry})
 *     in {@link org.pgstat4j.store.IntHashMap}s keyed by OID; the cluster-wide
 *     {@link org.pgstat4j.store.GlobalStats} (bgwriter), {@link org.pgstat4j.store.ArchiverStats},
 *     {@link org.pgstat4j.store.WalStats}, {@link org.pgstat4j.store.SlruStats}; replication
 *     slots ({@link org.pgstat4j.store.ReplSlotEntry}) by name. Field order follows the stats
 *     files' records.</li>
 * <li>Read-only views: every entry implements a {@code *View} interface of getters named after
 *     its fields ({@link org.pgstat4j.store.TabEntryView}, {@link org.pgstat4j.store.DbEntryView},
 *     ...). Readers ({@code snapshot}, {@code view}, the server) see only these; handing one out
 *     copies nothing.</li>
 * <li>{@link org.pgstat4j.store.StatsPersistence} — where a store goes and comes from (the
 *     stats files), given the databases a write round must refresh
 *     ({@link org.pgstat4j.store.RequestedDatabases}).</li>
 * </ul>
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>The entries' fields are public and mutable for their two writers: the collector's
 *     handlers (the live store, one thread) and the file reader (a store being loaded). A store
 *     handed to readers is never mutated again, so any thread may read it.</li>
 * <li>OIDs are unsigned {@code int}s; timestamps are TimestampTz ({@code long} µs since
 *     2000-01-01), 0 meaning never.</li>
 * </ul>
 */
package org.pgstat4j.store;
