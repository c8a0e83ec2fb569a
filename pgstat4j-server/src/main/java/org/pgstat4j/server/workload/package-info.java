/**
 * A statement-level simulator of PostgreSQL sessions over pgstat4j's backend, so that
 * workloads and scenario tests read like SQL and exercise the whole statistics system —
 * backend counting, the real statistics socket, the collector, the stats files and
 * snapshots — the way a PostgreSQL server would.
 *
 * <h2>The pieces</h2>
 * <pre>
 *  Cluster (one EmbeddedStats; OIDs; numbackends, prepared transactions, slots, grants)
 *    └─ Schema (a database: its Catalog, tables, indexes, functions — a tiny DDL)
 *         ├─ Table / Index (catalog identity + heap and btree page models)
 *         ├─ Session (statements → Backend; its own SnapshotReader; autocommit, blocks,
 *         │           savepoints, 2PC, errors; reportStat at idle points, at close)
 *         │     ├─ TransactionBlock   (xact.c as statistics see it)
 *         │     ├─ Executor           (what scans, DML and the buffer manager count)
 *         │     ├─ UtilityStatements  (ANALYZE, VACUUM with purging, DROP DATABASE, slots)
 *         │     └─ TransactionChanges (the heap truth behind VACUUM and ANALYZE reports)
 *         └─ Observer (reads views like an endpoint; waits until the collector caught up)
 * </pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A session belongs to one thread, like a PostgreSQL backend; a cluster, its schemas
 *       and tables are shared by all sessions.</li>
 *   <li>What a session counts is what PostgreSQL 14 would count for the same statements
 *       (spec §4); what it does not model — catalog accesses, planner choices, WAL, SLRU —
 *       can be counted on its {@link org.pgstat4j.server.workload.Session#backend() backend}
 *       directly.</li>
 *   <li>Row versions, dead rows and pages are modelled per table so that VACUUM and ANALYZE
 *       report what PostgreSQL's would; the model is deliberately small (no free-space reuse,
 *       no page pruning, no recently-dead rows kept for older snapshots).</li>
 * </ul>
 */
package org.pgstat4j.server.workload;
