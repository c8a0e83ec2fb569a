/**
 * PostgreSQL 14's collector-fed statistics views and {@code pg_stat_get_*} functions
 * (spec §8), computed from a {@link org.pgstat4j.snapshot.Snapshot} and a
 * {@link org.pgstat4j.catalog.Catalog}.
 *
 * <h2>The map</h2>
 * <ul>
 * <li>{@link org.pgstat4j.view.Views} — the registry: every view as a
 *     {@link org.pgstat4j.view.ViewDefinition} (name, {@link org.pgstat4j.view.Column}s with
 *     their {@link org.pgstat4j.view.PgType}, row source, export order). Adding a view is
 *     adding one definition.</li>
 * <li>{@link org.pgstat4j.view.RelationRows} — the per-relation views (tables, indexes,
 *     sequences) one row and one column at a time: their row count without building rows,
 *     the rows of one relation looked up by OID or name, one column of a row. Their whole
 *     rows ({@code ViewDefinition.rows}) are built from the same parts.</li>
 * <li>{@link org.pgstat4j.view.StatFunctions} — the accessor functions with PostgreSQL's
 *     0 / NULL rules (per relation 0 without an entry, timestamps NULL when 0, functions NULL
 *     without an entry, µs → ms). The row sources are the views' SQL definitions written with
 *     these functions, so NULLs appear where PostgreSQL's joins and aggregates put them.</li>
 * <li>{@link org.pgstat4j.view.ViewContext} — everything a view reads, including what
 *     PostgreSQL takes from elsewhere than the collector: the session's
 *     {@link org.pgstat4j.view.PendingCounts} (the {@code xact} views), backends per database
 *     ({@code numbackends}), whether data checksums are on, which logical slots exist.</li>
 * <li>{@link org.pgstat4j.view.PgText} — the one place where values become PostgreSQL's text
 *     (float8 shortest round-trip digits in PostgreSQL's layout, timestamptz, unsigned OIDs,
 *     numeric); {@link org.pgstat4j.view.PsqlOutput} lays results out as psql's CSV and
 *     aligned formats.</li>
 * </ul>
 *
 * <p>Rows are Java values ({@code Integer} for oid and int4, {@code Long}, {@code Double},
 * {@code String}, {@code Instant} for timestamptz, {@code BigInteger} for numeric, null for
 * NULL). Views are pure functions of their context: a snapshot is immutable, so they may be
 * evaluated from any thread; the pending counts are read on the session's thread.
 */
package org.pgstat4j.view;
