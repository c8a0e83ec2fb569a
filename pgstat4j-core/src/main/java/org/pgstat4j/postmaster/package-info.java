/**
 * The server's life, shaped like PostgreSQL's process model (spec §1, §2.3, §5.1, §5.6, §6.5):
 * the postmaster that owns the statistics socket, the collector it supervises, and the way
 * other processes get the socket.
 *
 * <pre>
 *  server process ({@link org.pgstat4j.postmaster.Postmaster})
 *   ├─ DataDirectory: DIR (0700), postmaster.pid ({@link org.pgstat4j.postmaster.PidFile}),
 *   │                 pgstat4j.conf ({@link org.pgstat4j.postmaster.SettingsFile}), pg_stat/, pg_stat_tmp/
 *   ├─ StatsSocket (pgstat_init), kept open for the server's whole life
 *   ├─ {@link org.pgstat4j.postmaster.AttachService}: DIR/.s.PGSTAT hands the socket's descriptor
 *   │        (SCM_RIGHTS) to processes of the server's own user
 *   └─ {@link org.pgstat4j.postmaster.CollectorSupervisor}: (re)starts the collector, paced
 *            │
 *            ├─ child JVM ({@link org.pgstat4j.postmaster.ChildCollectorLauncher}) attaches like any
 *            │  client and runs {@link org.pgstat4j.postmaster.CollectorRunner}
 *            └─ or a thread ({@link org.pgstat4j.postmaster.EmbeddedCollectorLauncher}), same runner
 *
 *  other JVMs: {@link org.pgstat4j.postmaster.StatsClient#attach} → sender + snapshot readers
 * </pre>
 *
 * <p>Processes talk through the file system and signals, as PostgreSQL's do: the lock file says
 * who runs; {@code pg_stat_tmp/collector.status} ({@link org.pgstat4j.postmaster.CollectorStatus})
 * carries the collector's counters; SIGTERM stops, SIGHUP reloads
 * ({@link org.pgstat4j.postmaster.PosixSignals}). The crash rule: a lock file left behind proves
 * an unclean stop, after which statistics are discarded — unless {@code stats_durability =
 * checkpoint}, pgstat4j's addition, kept a recent permanent copy.
 *
 * <p>{@link org.pgstat4j.postmaster.EmbeddedStats} is the one-JVM variant for hosts that embed
 * the library without a data-directory server.
 */
package org.pgstat4j.postmaster;
