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
 *   └─ {@link org.pgstat4j.postmaster.CollectorSupervisor}: (re)starts the collector — at once
 *            │  after a crash, with a doubling delay only for a crash loop
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
 * ({@link org.pgstat4j.postmaster.PosixSignals}); {@link org.pgstat4j.postmaster.ServerControl}
 * carries requests over DIR/.s.PGSTAT when a signal cannot. The crash rule: a lock file left
 * behind proves an unclean stop, after which statistics are discarded — unless
 * {@code stats_durability = checkpoint}, pgstat4j's addition, kept a recent permanent copy.
 *
 * <p>Rules that keep statistics whatever happens (docs/RELIABILITY.md): a collector starts from
 * the newest complete stats files, so a crash while the server runs loses only what arrived
 * since the last write; the permanent files are replaced only by a complete new set, so a stop
 * at any moment — during start-up, during the write, with the disk full — leaves the previous
 * set; the server says "ready" only once the collector is receiving, and a start that fails
 * stops cleanly, leaving neither lock file nor socket file.
 *
 * <p>{@link org.pgstat4j.postmaster.EmbeddedStats} is the one-JVM variant for hosts that embed
 * the library without a data-directory server.
 */
package org.pgstat4j.postmaster;
