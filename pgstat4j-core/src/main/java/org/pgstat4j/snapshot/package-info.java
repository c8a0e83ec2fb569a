/**
 * The reader side (spec §7): {@link org.pgstat4j.snapshot.SnapshotReader} asks the collector
 * for fresh files with inquiries, waits by PostgreSQL's rules (500 ms tolerance, inquiry every
 * 640 ms, stale after 10 s; it polls every 1 ms where PostgreSQL polls every 10 ms), and loads a
 * {@link org.pgstat4j.snapshot.Snapshot} that lasts until the reader's transaction ends. In the
 * collector's JVM the wait is event-driven: the reader makes the collector receive its inquiry
 * at once ({@code Collector.receiveNow}, the hook {@code EmbeddedStats.newReader} passes) and
 * is woken by the end of the write round ({@code StatsFiles.awaitWriteRound}, which counts
 * rounds, so none is missed); a reader in another process polls the file. A
 * snapshot holds a store no one mutates (its table maps are copy-on-write copies of the
 * process's replica of the files) and hands out only the model's read-only views ({@code org.pgstat4j.store.*View}), so it may
 * be shared between threads. Snapshots apply PostgreSQL's lookup rules: own database first,
 * then shared catalogs.
 */
package org.pgstat4j.snapshot;
