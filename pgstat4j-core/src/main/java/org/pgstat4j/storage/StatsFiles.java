package org.pgstat4j.storage;

import static org.pgstat4j.storage.StatsFileFormat.*;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.IntHashMap;
import org.pgstat4j.store.RequestedDatabases;
import org.pgstat4j.store.StatsPersistence;
import org.pgstat4j.store.StatsStore;

/**
 * The stats files of spec §6: a temporary directory that the collector rewrites on request
 * and readers load, and a permanent directory written at clean shutdown and loaded (then
 * deleted) at start.
 *
 * <p>Invariant: a reader never sees a torn file. Every file is written under its
 * {@code .tmp} name and renamed into place only after a complete, error-free write; a failed
 * write deletes the tmp file and leaves the previous file untouched. Per-database files are
 * renamed before the global file that advertises their timestamps.
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
    /** Notified after each temporary write round, for readers in the collector's own JVM. */
    private final Object roundDone = new Object();

    public StatsFiles(Path permanentDir, Path tempDir) {
        this(permanentDir, tempDir, p -> FileChannel.open(p, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
    }

    public StatsFiles(Path permanentDir, Path tempDir, Opener opener) {
        this.permanentDir = permanentDir;
        this.tempDir = tempDir;
        this.opener = opener;
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

    /** What a write is for; it decides the directory, the timestamps and the clean-up. */
    private enum Kind {
        /** Readers' files: requested databases; stamps their {@code statsTimestamp}. */
        TEMPORARY,
        /** Clean shutdown: everything, into {@code pg_stat/}; removes the readers' files. */
        PERMANENT,
        /**
         * A durability checkpoint while the collector runs: everything, into {@code pg_stat/},
         * leaving the readers' files and the write timestamps alone.
         */
        CHECKPOINT
    }

    @Override
    public boolean writeTemporary(StatsStore store, RequestedDatabases requests, long now) {
        boolean done = write(store, tempDir, Kind.TEMPORARY, requests, now);
        synchronized (roundDone) {
            roundDone.notifyAll();
        }
        return done;
    }

    /**
     * Waits up to {@code ms} for a temporary write round of this object (a reader's poll
     * between two looks at the file's timestamp). A reader in the collector's own JVM, sharing
     * this object, is woken as soon as the files it asked for are written; elsewhere this is
     * a sleep.
     */
    public void awaitTemporaryWrite(long ms) throws InterruptedException {
        synchronized (roundDone) {
            roundDone.wait(ms);
        }
    }

    @Override
    public void writePermanent(StatsStore store, long now) {
        write(store, permanentDir, Kind.PERMANENT, null, now);
        removeFilesOfDroppedDatabases(store);
    }

    /**
     * Writes a consistent permanent copy of everything while the collector keeps running
     * ({@code stats_durability = checkpoint}): each file atomically, database files before the
     * global file, files of databases that no longer exist removed. The readers' temporary
     * files and the timestamps that decide when they are rewritten are not touched.
     */
    public void writeCheckpoint(StatsStore store, long now) {
        write(store, permanentDir, Kind.CHECKPOINT, null, now);
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

    @Override
    public StatsStore loadPermanent(long now) {
        return StatsFileReader.read(permanentDir, 0, true, true, true, now);
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

    private boolean write(StatsStore store, Path dir, Kind kind, RequestedDatabases requests, long now) {
        boolean stamp = kind != Kind.CHECKPOINT;
        Path tmp = dir.resolve(GLOBAL_TMP);
        Path fin = dir.resolve(GLOBAL_STAT);
        LOG.log(Level.DEBUG, "writing stats file \"{0}\"", fin);
        FileChannel ch;
        try {
            Files.createDirectories(dir);
            ch = opener.openForWrite(tmp);
        } catch (IOException e) {
            LOG.log(Level.INFO, "could not open temporary statistics file \"{0}\": {1}", tmp, e.getMessage());
            return false;
        }
        if (stamp) {
            store.global().statsTimestamp = now;
        }
        boolean ok = false;
        try (ch) {
            out.open(ch);
            out.writeInt(FORMAT_ID);
            StatsRecords.writeGlobal(out, store.global());
            StatsRecords.writeArchiver(out, store.archiver());
            StatsRecords.writeWal(out, store.wal());
            for (int i = 0; i < store.slruCount(); i++) {
                StatsRecords.writeSlru(out, store.slru(i));
            }
            for (int oid : store.databases().keys()) {
                DbEntry d = store.database(oid);
                if (requests == null || requests.isRequested(oid)) {
                    if (stamp) {
                        d.statsTimestamp = now;
                    }
                    // readers' files: append what changed when the file on disk allows it
                    if (kind != Kind.TEMPORARY || !DeltaFrames.tryAppend(d, dir, dbOut)) {
                        writeDatabaseFile(d, dir, kind);
                    }
                }
                out.writeByte(TAG_DATABASE);
                StatsRecords.writeDb(out, d);
            }
            for (var s : store.replSlots().values()) {
                out.writeByte(TAG_REPLSLOT);
                StatsRecords.writeReplSlot(out, s);
            }
            out.writeByte(TAG_END);
            out.flush();
            ok = true;
        } catch (IOException e) {
            LOG.log(Level.INFO, "could not write temporary statistics file \"{0}\": {1}", tmp, e.getMessage());
        }
        if (!ok) {
            deleteQuietly(tmp);
            return true; // like PostgreSQL: the round is over; the next inquiry retries
        }
        if (!rename(tmp, fin)) {
            return true;
        }
        if (kind == Kind.PERMANENT) {
            deleteQuietly(tempDir.resolve(GLOBAL_STAT));
        }
        return true;
    }

    private void writeDatabaseFile(DbEntry d, Path dir, Kind kind) {
        boolean permanent = kind == Kind.PERMANENT;
        long baseId = kind == Kind.TEMPORARY ? DeltaFrames.newBaseId() : 0;
        long length = 0;
        Path tmp = dir.resolve(dbTmpName(d.databaseId));
        Path fin = dir.resolve(dbStatName(d.databaseId));
        LOG.log(Level.DEBUG, "writing stats file \"{0}\"", fin);
        LittleEndianOutput o = dbOut;
        boolean ok = false;
        try (FileChannel ch = opener.openForWrite(tmp)) {
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
        boolean renamed = rename(tmp, fin);
        if (baseId != 0) {
            if (renamed) {
                d.changes.wroteWholeFile(new DeltaFrames.Written(dir, baseId), length);
            } else {
                d.changes.wholeFile();
            }
        }
        if (renamed && permanent) {
            Path t = tempDir.resolve(dbStatName(d.databaseId));
            LOG.log(Level.DEBUG, "removing temporary stats file \"{0}\"", t);
            deleteQuietly(t);
        }
    }

    private static boolean rename(Path tmp, Path fin) {
        try {
            Files.move(tmp, fin, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            LOG.log(Level.INFO, "could not rename temporary statistics file \"{0}\" to \"{1}\": {2}",
                    tmp, fin, e.getMessage());
            deleteQuietly(tmp);
            return false;
        }
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
