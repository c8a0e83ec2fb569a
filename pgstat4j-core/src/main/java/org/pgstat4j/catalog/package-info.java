/**
 * The names behind the OIDs: databases, relations and functions, as the statistics views
 * need them (spec §8.1).
 *
 * <p>The statistics system counts by OID only; PostgreSQL's views join those counts to the
 * system catalogs ({@code pg_database}, {@code pg_class} with {@code pg_index} and
 * {@code pg_namespace}, {@code pg_proc}). {@link org.pgstat4j.catalog.Catalog} is that
 * catalog as one database's session sees it: the cluster's databases, the database's own
 * relations plus the shared catalogs, and its functions, with the three facts the views use
 * about a relation besides its name: its kind ({@link org.pgstat4j.backend.RelKind}), the
 * table an index belongs to ({@code indrelid}) and its TOAST table ({@code reltoastrelid}).
 *
 * <p>Two ways to fill it: a Java server registers its own objects as it creates and drops
 * them ({@code addRelation}, {@code dropRelation}, ...), concurrently with readers; and
 * {@link org.pgstat4j.catalog.Catalog#loadCsvDirectory} reads the CSV exports that come with
 * a capture of a real PostgreSQL server (the {@code catalog/} directory of each fixture), through a
 * strict RFC 4180 reader ({@link org.pgstat4j.catalog.CsvReader}) whose errors name file,
 * line and problem ({@link org.pgstat4j.catalog.CatalogFormatException}).
 *
 * <p>Objects not in the catalog are not shown by the views, exactly as a dropped table's
 * leftover statistics entry is invisible in PostgreSQL until it is purged.
 */
package org.pgstat4j.catalog;
