/**
 * {@code pgstat4j demo}: PostgreSQL 14's statistics system at work in one command — a
 * pgbench-like workload of simulated client sessions
 * ({@link org.pgstat4j.server.workload}) feeding an embedded statistics system through its
 * real socket, and the views it produced printed as psql prints them.
 *
 * <ul>
 *   <li>{@link org.pgstat4j.server.demo.DemoCommand} — the picocli command: options, temporary
 *       directory, Ctrl-C, {@code --serve} and its endpoint starters.</li>
 *   <li>{@link org.pgstat4j.server.demo.Demo} — the statistics system, the pgbench database and
 *       the {@code StatsService} over them.</li>
 *   <li>{@code PgbenchSchema}, {@code PgbenchWorkload} — {@code pgbench -i} and pgbench's
 *       TPC-B-like transaction.</li>
 *   <li>{@code DemoReport} — the printed tables.</li>
 * </ul>
 */
package org.pgstat4j.server.demo;
