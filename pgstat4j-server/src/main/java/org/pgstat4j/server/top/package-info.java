/**
 * Terminal views of the statistics: {@code pgstat4j top} ({@link org.pgstat4j.server.top.TopView},
 * the busiest tables by recent activity, redrawn every interval) and {@code pgstat4j views}
 * (one-shot psql-style print), both over a {@link org.pgstat4j.server.service.StatsService}.
 *
 * <p>{@link org.pgstat4j.server.top.ActivitySample} and
 * {@link org.pgstat4j.server.top.ActivityRates} turn two snapshots into rates per second; the
 * dashboard uses them too. Rates are measured between the stats files' own timestamps, the
 * moments the counts were true.
 *
 * <p>{@link org.pgstat4j.server.top.DataDirStatsService} reads a data directory's stats files
 * without asking the collector for fresh ones; a service attached to the server's statistics
 * socket can take its place without any change here.
 */
package org.pgstat4j.server.top;
