/**
 * Stats files (spec §6) in PostgreSQL 14's layout ({@link org.pgstat4j.storage.StatsFileFormat}):
 * {@code global.stat} (format id, bgwriter/archiver/WAL/SLRU structs, a {@code 'D'} record per
 * database, an {@code 'R'} record per replication slot) and one {@code db_<oid>.stat} per
 * database ({@code 'T'} tables and indexes, {@code 'F'} functions).
 *
 * <p>{@link org.pgstat4j.storage.StatsFiles} writes the temporary directory on request and the
 * permanent directory at clean shutdown. Whole files go to a {@code .tmp} name first and are
 * renamed into place, so readers never see a torn file (readers' files by exchanging the two
 * names where Linux allows, {@code ReadersFilePlacer}: ext4 does not then flush the new file,
 * which a rename over an existing file costs every write round); a permanent set
 * ({@link org.pgstat4j.storage.PermanentSet}) is all or nothing, and stays until a complete new
 * set replaces it. Between whole rewrites a readers' {@code db_<oid>.stat} grows by change
 * frames after its {@code 'E'} (only the entries that changed, {@code DeltaFrames}), and readers
 * keep a per-database replica that reads only the new frames ({@code TempReplicas}): a write
 * round and a new snapshot cost what changed. {@code StatsFiles} counts its temporary write
 * rounds ({@code WriteRounds}): a reader sharing the object (the collector's JVM) waits for the
 * count to move and is woken by the write it asked for. {@link org.pgstat4j.storage.StatsFileReader} keeps
 * what it read before any corruption and logs {@code corrupted statistics file}, refuses names
 * that are not regular files (a FIFO would block), and reads a collector's start-up state as the
 * newest complete files of the permanent and the temporary directory. Because the
 * layout is PostgreSQL's, a PostgreSQL 14 {@code pg_stat/} directory can be imported.
 *
 * <p>{@code StatsFiles} implements the model's {@link org.pgstat4j.store.StatsPersistence}: this
 * package reads and writes {@code org.pgstat4j.store} entries and knows nothing of the collector.
 */
package org.pgstat4j.storage;
