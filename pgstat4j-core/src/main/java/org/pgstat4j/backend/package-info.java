/**
 * The backend side of PostgreSQL 14's statistics (spec §4): what one session counts, how its
 * transactions settle the counts, and how they are shipped to the collector.
 *
 * <h2>The cycle</h2>
 * <pre>
 *  openRelation ──▶ TableStatus (per OID, per flush window)     initFunctionUsage/endFunctionUsage
 *        │  count* (scans, tuples, blocks: straight into the entry)      │
 *        │  insert/update/delete/truncate ──▶ XactStack record            ▼
 *        │            (one per table per nesting level)           FunctionStats (ns)
 *        ▼
 *  (sub)transaction end: commit/abort arithmetic folds records into the entry (§4.4);
 *  PREPARE turns them into TwoPhaseRecords that any backend commits or rolls back (§4.5)
 *        ▼
 *  reportStat(disconnect) at idle points, ≥ 500 ms apart, and at exit (§4.8):
 *    DISCONNECT · TABSTAT own db (≤ 8 entries, the first one carries SessionStats' totals)
 *    · TABSTAT db 0 for shared catalogs · FUNCSTAT (≤ 30, µs) · WAL (forced) · SLRU per slot
 *        ▼
 *  Outbox: one reused 1000-byte buffer → MessageCodec → StatsSender (never blocks or throws)
 * </pre>
 *
 * <h2>Where things live</h2>
 * <ul>
 *   <li>{@link org.pgstat4j.backend.Backend} — the session's facade: relation and transaction
 *       calls, function timing, {@code reportStat}, connect and close; built with
 *       {@link org.pgstat4j.backend.BackendBuilder}.</li>
 *   <li>{@link org.pgstat4j.backend.TableStatus} (handle and pending counts),
 *       {@code PendingTables} (OID map of the window), {@code TableXactStatus} and
 *       {@code XactStack} (nesting levels, truncate save/restore, end-of-transaction
 *       arithmetic), {@link org.pgstat4j.backend.TwoPhaseRecord}.</li>
 *   <li>{@code FunctionStats} — call frames, total/self time, the strictly-greater
 *       {@link org.pgstat4j.backend.TrackFunctions} rule.</li>
 *   <li>{@link org.pgstat4j.backend.SessionStats} — commits/rollbacks, block I/O time,
 *       session/active/idle time, activity state, session end cause.</li>
 *   <li>{@code TabStatPacker} — TABSTAT packing rules.</li>
 *   <li>{@link org.pgstat4j.backend.WalStats}, {@link org.pgstat4j.backend.SlruStats},
 *       {@link org.pgstat4j.backend.BgWriterStats} — process-wide counters with their own
 *       sending rules.</li>
 *   <li>{@link org.pgstat4j.backend.EventReports} — one-off messages (temp files, deadlocks,
 *       checksum failures, conflicts, VACUUM/ANALYZE with ANALYZE's correction, DROPDB,
 *       replication slots, archiver) and dead-object purging against
 *       {@link org.pgstat4j.backend.KnownObjects}.</li>
 *   <li>{@link org.pgstat4j.backend.ResetFunctions} — the {@code pg_stat_reset*} messages and
 *       their SQL errors ({@link org.pgstat4j.backend.SqlStateException}).</li>
 *   <li>{@link org.pgstat4j.backend.PendingStats} — the {@code pg_stat_get_xact_*} view of
 *       pending counts.</li>
 *   <li>{@link org.pgstat4j.backend.StatsSettings} (the {@code track_*} settings, changeable
 *       at run time), {@link org.pgstat4j.backend.StatsClock} (injected wall and nanosecond
 *       clocks), {@link org.pgstat4j.protocol.PgTimestamps} (the one TimestampTz converter),
 *       {@link org.pgstat4j.backend.RelKind}, {@link org.pgstat4j.backend.BackendType},
 *       {@link org.pgstat4j.backend.BackendState},
 *       {@link org.pgstat4j.backend.SessionEndCause}.</li>
 * </ul>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A backend is confined to its session's thread; only {@code StatsSettings} is shared.</li>
 *   <li>Counting allocates nothing once a relation is open in the current window; records,
 *       levels and call frames are recycled.</li>
 *   <li>No call fails or blocks because of statistics; with statistics disabled nothing is
 *       counted or sent.</li>
 *   <li>Wire behaviour is PostgreSQL 14's, quirks included (the truncate flag overwritten by a
 *       later commit, unknown SLRU names reset {@code other}, a repeated activity state
 *       dropping time); the truncate fix is available as an option.</li>
 * </ul>
 */
package org.pgstat4j.backend;
