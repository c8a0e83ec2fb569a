package org.pgstat4j.storage;

import static org.pgstat4j.storage.StatsFileFormat.*;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.IntHashMap;
import org.pgstat4j.store.RequestedDatabases;
import org.pgstat4j.store.StatsPersistence;
import org.pgstat4j.store.StatsStore;

/**
 * The stats files of spec §6: a temporary directory that the collector rewrites on request
 * and readers load, and a permanent directory written at clean shutdown (and at checkpoints)
 * and loaded at start. A collector starts from the newest complete files of the two
 * ({@link StatsFileReader#readNewest}), so one that replaces a crashed collector loses only
 * what arrived since the last write. Permanent files are not deleted at load (PostgreSQL's
 * collector deletes them): they stay until a complete new set replaces them, so a collector
 * stopped or killed at any moment leaves the previous set in place; after a server crash the
 * server's crash rule removes them.
 *
 * <p>Invariants: a reader never sees a torn file. Every file is written under its
 * {@code .tmp} name (created new: whatever holds that name is removed first, so a FIFO placed
 * there cannot block the write) and renamed into place only after a complete, error-free write
 * (readers' files by exchanging the two names where the system allows,
 * {@link ReadersFilePlacer}); a failed
 * write deletes the tmp file and leaves the previous file untouched. Per-database files are
 * renamed before the global file that advertises their timestamps. A permanent set is
 * all-or-nothing: every file is written first and only then are all renamed, so a failure
 * (a full disk) leaves the whole previous set in place and is reported naming the file.
 *
 * <p>The one way to misuse it: letting two collectors write the same directories. Writing
 * under a {@code .tmp} name keeps each file whole, not two writers' files consistent with each
 * other.
 */
public final class StatsFiles implements StatsPersistence {
    private static final System.Logger LOG = System.getLogger("org.pgstat4j.storage");

    /** Opens a file for writing; replaceable in tests to inject I/O failures. */
    @FunctionalInterface
    public interface Opener {
        FileChannel openForWrite(Path path) throws IOException;
    }

    private final Path permanentDir;
    private volatile Path tempDir;
    private final Opener opener;
    private final LittleEndianOutput out = new LittleEndianOutput();
    private final LittleEndianOutput dbOut = new LittleEndianOutput();
    private final TempReplicas replicas = new TempReplicas();
    /** Counts temporary write rounds, for readers in the collector's own JVM. */
    private final WriteRounds rounds = new WriteRounds();
    /** Puts the readers' files in place (collector thread only). */
    private final ReadersFilePlacer placer = new ReadersFilePlacer();

    public StatsFiles(Path permanentDir, Path tempDir) {
        this(permanentDir, tempDir, StatsFiles::openNew);
    }

    public StatsFiles(Path permanentDir, Path tempDir, Opener opener) {
        this.permanentDir = permanentDir;
        this.tempDir = tempDir;
        this.opener = opener;
    }

    /**
     * A new file at {@code p}: {@code CREATE_NEW} never opens what is already there (a FIFO
     * would block the write), so whatever is found is removed and the file created again.
     */
    private static FileChannel openNew(Path p) throws IOException {
        try {
            return FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(p);
            return FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    public Path permanentDir() {
        return permanentDir;
    }

    public Path tempDir() {
        return tempDir;
    }

    /** {@code stats_temp_directory} changed at reload: new files go to the new place. */
    public void setTempDir(Path dir) {
        this.tempDir = dir;
    }

    // ---- StatsPersistence -------------------------------------------------------------

    /** Readers' files: the global file and the requested databases; stamps their {@code statsTimestamp}. */
    @Override
    public boolean writeTemporary(StatsStore store, RequestedDatabases requests, long now) {
        try {
            return write(store, tempDir, requests, now);
        } finally {
            rounds.complete();
            placer.removeReplaced(); // after the readers were woken: not part of their wait
        }
    }

    /**
     * Temporary write rounds this object has completed. A reader notes it before looking at
     * the file's timestamp and passes it to {@link #awaitWriteRound}.
     */
    public long writeRounds() {
        return rounds.completed();
    }

    /**
     * Waits up to {@code ms} for a temporary write round of this object to complete after the
     * one counted in {@code seenRounds} (a reader's pause between two looks at the file's
     * timestamp): at once if one already did. A reader in the collector's own JVM, sharing
     * this object, is woken as soon as the files it asked for are written; elsewhere no round
     * completes here, and this is a sleep.
     */
    public void awaitWriteRound(long seenRounds, long ms) throws InterruptedException {
        rounds.await(seenRounds, ms);
    }

    /** As {@link #writePermanentSet}, a failure logged as a WARNING naming the file. */
    @Override
    public void writePermanent(StatsStore store, long now) {
        try {
            writePermanentSet(store, now);
        } catch (IOException e) {
            LOG.log(Level.WARNING, e.getMessage());
        }
    }

    /**
     * Writes every database to the permanent directory (clean shutdown), all or nothing: on
     * success the readers' temporary files are removed; on failure the previous permanent set
     * stays in place and the exception names the file that could not be written.
     */
    public void writePermanentSet(StatsStore store, long now) throws IOException {
        new PermanentSet(this, store, permanentDir, true, now).write();
        removeFilesOfDroppedDatabases(store);
        deleteQuietly(tempDir.resolve(GLOBAL_STAT));
        for (int oid : store.databases().keys()) {
            deleteQuietly(tempDir.resolve(dbStatName(oid)));
        }
    }

    /**
     * Writes a consistent permanent copy of everything while the collector keeps running
     * ({@code stats_durability = checkpoint}), all or nothing like {@link #writePermanentSet};
     * files of databases that no longer exist are removed. The readers' temporary files and
     * the timestamps that decide when they are rewritten are not touched.
     */
    public void writeCheckpoint(StatsStore store, long now) throws IOException {
        new PermanentSet(this, store, permanentDir, false, now).write();
        removeFilesOfDroppedDatabases(store);
    }

    /** Permanent {@code db_N.stat} files left by an earlier checkpoint for databases now gone. */
    private void removeFilesOfDroppedDatabases(StatsStore store) {
        try (var list = Files.newDirectoryStream(permanentDir, "db_*.stat")) {
            for (Path p : list) {
                String name = p.getFileName().toString();
                String digits = name.substring(3, name.length() - ".stat".length());
                if (digits.matches("[0-9]{1,10}") && Long.parseLong(digits) <= 0xFFFF_FFFFL
                        && !store.databases().containsKey((int) Long.parseLong(digits))) {
                    deleteQuietly(p);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.INFO, "could not clean \"{0}\": {1}", permanentDir, e.getMessage());
        }
    }

    /**
     * The collector's start: the newest complete statistics of the permanent and the
     * temporary directory (see the class comment); nothing is deleted.
     */
    @Override
    public StatsStore loadPermanent(long now) {
        return StatsFileReader.readNewest(permanentDir, tempDir, now);
    }

    @Override
    public void removeTemporaryDatabaseFile(int databaseId) {
        Path p = tempDir.resolve(dbStatName(databaseId));
        LOG.log(Level.DEBUG, "removing temporary stats file \"{0}\"", p);
        deleteQuietly(p);
    }

    // ---- reading for snapshots ----------------------------------------------------------

    /**
     * Loads the temporary files as a reader does: every database's {@code 'D'} record, and
     * tables/functions only for {@code ownDatabase} and database 0 (deep read). The tables
     * come from this object's replicas of those files ({@link TempReplicas}): a load reads
     * only what the collector appended since the previous load, and the maps it returns share
     * their storage with the replica (copy-on-write), so a load costs what changed.
     */
    public StatsStore readSnapshot(int ownDatabase, long now) {
        Path dir = tempDir;
        StatsStore store = StatsFileReader.read(dir, ownDatabase, false, false, false, now);
        DbEntry own = store.database(ownDatabase);
        if (own != null) {
            replicas.fill(dir, own);
        }
        DbEntry shared = ownDatabase == 0 ? null : store.database(0);
        if (shared != null) {
            replicas.fill(dir, shared);
        }
        return store;
    }

    /** The freshness probe of spec §6.4 on the temporary files; {@code null} if none. */
    public Long readDatabaseTimestamp(int databaseId) {
        return StatsFileReader.readDatabaseTimestamp(tempDir, databaseId);
    }

    // ---- writing ---------------------------------------------------------------------

    private boolean write(StatsStore store, Path dir, RequestedDatabases requests, long now) {
        Path tmp = dir.resolve(GLOBAL_TMP);
        Path fin = dir.resolve(GLOBAL_STAT);
        LOG.log(Level.DEBUG, "writing stats file \"{0}\"", fin);
        FileChannel ch;
        try {
            ch = openCreatingDirectory(tmp);
        } catch (IOException e) {
            LOG.log(Level.INFO, "could not open temporary statistics file \"{0}\": {1}", tmp, e.getMessage());
            return false;
        }
        store.global().statsTimestamp = now;
        boolean ok = false;
        try (ch) {
            out.open(ch);
            writeGlobalHead(out, store);
            for (int oid : store.databases().keys()) {
                DbEntry d = store.database(oid);
                if (requests.isRequested(oid)) {
                    d.statsTimestamp = now;
                    // readers' files: append what changed when the file on disk allows it
                    if (!DeltaFrames.tryAppend(d, dir, dbOut)) {
                        writeDatabaseFile(d, dir);
                    }
                }
                out.writeByte(TAG_DATABASE);
                StatsRecords.writeDb(out, d);
            }
            writeGlobalTail(out, store);
            ok = true;
        } catch (IOException e) {
            LOG.log(Level.INFO, "could not write temporary statistics file \"{0}\": {1}", tmp, e.getMessage());
        }
        if (!ok) {
            deleteQuietly(tmp);
            return true; // like PostgreSQL: the round is over; the next inquiry retries
        }
        placer.place(tmp, fin);
        return true;
    }

    /** The global file up to the database records: format id, global, archiver, WAL, SLRU. */
    static void writeGlobalHead(LittleEndianOutput out, StatsStore store) throws IOException {
        out.writeInt(FORMAT_ID);
        StatsRecords.writeGlobal(out, store.global());
        StatsRecords.writeArchiver(out, store.archiver());
        StatsRecords.writeWal(out, store.wal());
        for (int i = 0; i < store.slruCount(); i++) {
            StatsRecords.writeSlru(out, store.slru(i));
        }
    }

    /** The global file after the database records: replication slots and the end tag. */
    static void writeGlobalTail(LittleEndianOutput out, StatsStore store) throws IOException {
        for (var s : store.replSlots().values()) {
            out.writeByte(TAG_REPLSLOT);
            StatsRecords.writeReplSlot(out, s);
        }
        out.writeByte(TAG_END);
        out.flush();
    }

    /**
     * Opens {@code tmp} with this instance's opener, creating its directory first only if it
     * is missing: a write round then costs no directory check (a failed {@code mkdir} per round).
     */
    private FileChannel openCreatingDirectory(Path tmp) throws IOException {
        try {
            return opener.openForWrite(tmp);
        } catch (NoSuchFileException e) {
            Files.createDirectories(tmp.getParent());
            return opener.openForWrite(tmp);
        }
    }

    /** Opens {@code tmp} for a new file with this instance's opener. */
    FileChannel openForWrite(Path tmp) throws IOException {
        return opener.openForWrite(tmp);
    }

    /** A readers' database file, whole, ending with its id frame so that change frames can follow. */
    private void writeDatabaseFile(DbEntry d, Path dir) {
        long baseId = DeltaFrames.newBaseId();
        long length = 0;
        Path tmp = dir.resolve(dbTmpName(d.databaseId));
        Path fin = dir.resolve(dbStatName(d.databaseId));
        LOG.log(Level.DEBUG, "writing stats file \"{0}\"", fin);
        boolean ok = false;
        try (FileChannel ch = opener.openForWrite(tmp)) {
            writeDatabaseRecords(dbOut, ch, d, baseId);
            length = ch.size();
            ok = true;
        } catch (IOException e) {
            LOG.log(Level.INFO, "could not write temporary statistics file \"{0}\": {1}", tmp, e.getMessage());
        }
        if (!ok) {
            deleteQuietly(tmp);
            if (baseId != 0) {
                d.changes.wholeFile();
            }
            return;
        }
        if (placer.place(tmp, fin)) {
            d.changes.wroteWholeFile(new DeltaFrames.Written(dir, baseId), length);
        } else {
            d.changes.wholeFile();
        }
    }

    /** A database file's whole content (permanent files: no id frame), flushed to {@code ch}. */
    static void writeDatabaseRecords(LittleEndianOutput o, FileChannel ch, DbEntry d) throws IOException {
        writeDatabaseRecords(o, ch, d, 0);
    }

    /** A database file's whole content, then the id frame of {@code baseId} unless 0, flushed to {@code ch}. */
    static void writeDatabaseRecords(LittleEndianOutput o, FileChannel ch, DbEntry d, long baseId) throws IOException {
        o.open(ch);
        o.writeInt(FORMAT_ID);
        if (d.tables != null) {
            IntHashMap<org.pgstat4j.store.TabEntry> tables = d.tables;
            IOException[] failure = new IOException[1];
            tables.forEachValue(t -> {
                if (failure[0] == null) {
                    try {
                        o.writeByte(TAG_TABLE);
                        StatsRecords.writeTable(o, t);
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        if (d.functions != null) {
            for (int fid : d.functions.keys()) {
                o.writeByte(TAG_FUNCTION);
                StatsRecords.writeFunction(o, d.functions.get(fid));
            }
        }
        o.writeByte(TAG_END);
        if (baseId != 0) {
            DeltaFrames.writeIdFrame(o, baseId);
        }
        o.flush();
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(Level.INFO, "could not remove file \"{0}\": {1}", p, e.getMessage());
        }
    }

    /**
     * Deletes every stats file from both directories, as PostgreSQL's start-up does after a
     * crash ({@code pgstat_reset_all}). Returns how many files were removed.
     */
    public int resetAll() {
        int n = 0;
        for (Path dir : new Path[] {tempDir, permanentDir}) {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (isStatsFileName(p.getFileName().toString())) {
                        deleteQuietly(p);
                        n++;
                    }
                }
            } catch (NoSuchFileException e) {
                // nothing there
            } catch (IOException e) {
                LOG.log(Level.INFO, "could not read directory \"{0}\": {1}", dir, e.getMessage());
            }
        }
        return n;
    }
}
