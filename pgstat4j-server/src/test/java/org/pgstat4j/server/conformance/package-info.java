/**
 * Differential conformance against a live PostgreSQL 14 (see {@code docs/CONFORMANCE.md}).
 *
 * <h2>The map</h2>
 * <ul>
 * <li>{@link org.pgstat4j.server.conformance.Workload} and
 *     {@link org.pgstat4j.server.conformance.ClusterEvents} — the seeded random workload:
 *     concurrent sessions, and cluster-level events (resets, archiver, slots, terminations...).</li>
 * <li>{@link org.pgstat4j.server.conformance.PostgresSnapshot} — PostgreSQL's collector-fed views
 *     read in one transaction (one stats file).</li>
 * <li>{@link org.pgstat4j.server.conformance.DifferentialConformanceTest} — whole-life captures,
 *     offline replay and passive mirror; {@link org.pgstat4j.server.conformance.MidLifeConformanceTest}
 *     with {@link org.pgstat4j.server.conformance.BaselineReplay} — captures that start while
 *     the server runs, replayed on top of PostgreSQL's own stats files.</li>
 * <li>{@link org.pgstat4j.server.conformance.DatagramIndex} — which datagrams touched a row, for
 *     mismatch reports; {@link org.pgstat4j.server.conformance.Coverage} — what the workload made
 *     PostgreSQL count.</li>
 * </ul>
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>The comparison is {@link org.pgstat4j.server.replay.ViewComparison}, the one the fixture
 *     test uses; it is never loosened to make a run pass.</li>
 * <li>pgstat4j's side stops exactly at the INQUIRY whose file PostgreSQL's snapshot read; the test
 *     checks it did.</li>
 * <li>A mismatch names the seed, the view, the row, the column, both values and the datagrams
 *     that touched the row.</li>
 * </ul>
 */
package org.pgstat4j.server.conformance;
