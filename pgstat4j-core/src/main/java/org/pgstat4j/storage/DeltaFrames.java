package org.pgstat4j.storage;

import static org.pgstat4j.storage.StatsFileFormat.*;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.pgstat4j.store.ChangedEntries;
import org.pgstat4j.store.DbEntry;
import org.pgstat4j.store.FuncEntry;
import org.pgstat4j.store.IntHashMap;
import org.pgstat4j.store.TabEntry;

/**
 * Change frames appended to a readers' (temporary) per-database stats file, so that a write
 * round costs what changed since the last one instead of every table of the database.
 *
 * <p>A temporary {@code db_<oid>.stat} is a whole file in PostgreSQL 14's layout (format id,
 * {@code 'T'}/{@code 'F'} records, {@code 'E'}) followed by frames, which PostgreSQL's reader,
 * stopping at {@code 'E'}, never looks at:
 * <pre>
 * frame := 'U' int32 bodyLength body 'E'
 * body  := int64 baseId record*
 * record:= 'T' table record (184 B) | 't' int32 oid (removed)
 *        | 'F' function record (32 B) | 'f' int32 oid (removed)
 * </pre>
 * The whole-file write ends with an empty frame carrying a fresh random {@code baseId}; every
 * appended frame carries the same id. A reader that has applied a file up to some offset
 * checks the id right after the whole part: the same id means the same file, so only the new
 * frames need reading; another id (or none) means the file was replaced, so it reads it all.
 *
 * <p>Invariants: a frame is applied only when all its bytes are in the file (the length comes
 * first, {@code 'E'} last), so a reader racing the collector's append sees the frame whole or
 * not at all; the frames of a file never add up to more than its whole part (past that the
 * writer rewrites the whole file), so reading a file from scratch stays O(entries). Permanent
 * files (shutdown, checkpoints) never have frames: they are exactly PostgreSQL 14's.
 */
final class DeltaFrames {
    static final byte TAG_FRAME = 'U';
    static final byte TAG_TABLE_REMOVED = 't';
    static final byte TAG_FUNCTION_REMOVED = 'f';
    /** 'U', length, baseId, 'E'. */
    static final int ID_FRAME_SIZE = 1 + 4 + 8 + 1;
    /** Below this whole-file length, appending is allowed up to this many bytes anyway. */
    private static final long MIN_LOG_BYTES = 64 * 1024;

    private static final System.Logger LOG = System.getLogger("org.pgstat4j.storage");

    /** Where a database's whole temporary file was written, and the id it carries. */
    record Written(Path dir, long baseId) {
    }

    private DeltaFrames() {
    }

    static long newBaseId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }

    /** The empty frame that ends a whole temporary file. */
    static void writeIdFrame(LittleEndianOutput o, long baseId) throws IOException {
        o.writeByte(TAG_FRAME);
        o.writeInt(8);
        o.writeLong(baseId);
        o.writeByte(TAG_END);
    }

    /**
     * Appends {@code d}'s changed entries to its temporary file in {@code dir}. Returns false
     * when the whole file must be written instead: changes not tracked, the file elsewhere,
     * missing or not the length this writer left it, the frames would outgrow the whole part,
     * or the append failed.
     */
    static boolean tryAppend(DbEntry d, Path dir, LittleEndianOutput o) {
        ChangedEntries c = d.changes;
        if (c.wholeFileNeeded() || !(c.writtenTo() instanceof Written w) || !w.dir().equals(dir)
                || d.tables == null || d.functions == null) {
            return false;
        }
        int[] tables = c.tableOids();
        int[] functions = c.functionOids();
        long body = 8;
        for (int oid : tables) {
            body += d.tables.get(oid) != null ? 1 + TAB_ENTRY_SIZE : 1 + 4;
        }
        for (int oid : functions) {
            body += d.functions.get(oid) != null ? 1 + FUNC_ENTRY_SIZE : 1 + 4;
        }
        long frame = 1 + 4 + body + 1;
        long logged = c.fileBytes() - c.baseBytes();
        if (body > Integer.MAX_VALUE || logged + frame > Math.max(c.baseBytes(), MIN_LOG_BYTES)) {
            return false;
        }
        Path file = dir.resolve(dbStatName(d.databaseId));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            if (ch.size() != c.fileBytes()) {
                return false;
            }
            if (tables.length == 0 && functions.length == 0) {
                return true; // the file already says it all
            }
            o.open(ch);
            o.writeByte(TAG_FRAME);
            o.writeInt((int) body);
            o.writeLong(w.baseId());
            for (int oid : tables) {
                TabEntry t = d.tables.get(oid);
                if (t != null) {
                    o.writeByte(TAG_TABLE);
                    StatsRecords.writeTable(o, t);
                } else {
                    o.writeByte(TAG_TABLE_REMOVED);
                    o.writeInt(oid);
                }
            }
            for (int oid : functions) {
                FuncEntry f = d.functions.get(oid);
                if (f != null) {
                    o.writeByte(TAG_FUNCTION);
                    StatsRecords.writeFunction(o, f);
                } else {
                    o.writeByte(TAG_FUNCTION_REMOVED);
                    o.writeInt(oid);
                }
            }
            o.writeByte(TAG_END);
            o.flush();
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            LOG.log(Level.INFO, "could not append to temporary statistics file \"{0}\": {1}", file, e.getMessage());
            c.wholeFile();
            return false;
        }
        c.appended(frame);
        return true;
    }

    /**
     * Applies the complete frames found from {@code pos} (a frame boundary) up to
     * {@code size} to {@code tables} and {@code functions}, reading through {@code in}, which
     * must be positioned at {@code pos}. Returns the position after the last frame applied.
     */
    static long readFrames(LittleEndianInput in, long pos, long size, IntHashMap<TabEntry> tables,
                           IntHashMap<FuncEntry> functions, Path file) throws IOException {
        while (pos + ID_FRAME_SIZE <= size) {
            if (in.readByteOrEof() != TAG_FRAME) {
                corrupted(file);
                return pos;
            }
            int body = in.readInt();
            if (body < 8 || pos + 1 + 4 + body + 1 > size) {
                return pos; // still being appended
            }
            in.readLong(); // baseId
            long left = body - 8;
            while (left > 0) {
                int tag = in.readByteOrEof();
                switch (tag) {
                    case TAG_TABLE -> {
                        TabEntry t = StatsRecords.readTable(in);
                        tables.put(t.tableId, t);
                        left -= 1 + TAB_ENTRY_SIZE;
                    }
                    case TAG_TABLE_REMOVED -> {
                        tables.remove(in.readInt());
                        left -= 1 + 4;
                    }
                    case TAG_FUNCTION -> {
                        FuncEntry f = StatsRecords.readFunction(in);
                        functions.put(f.functionId, f);
                        left -= 1 + FUNC_ENTRY_SIZE;
                    }
                    case TAG_FUNCTION_REMOVED -> {
                        functions.remove(in.readInt());
                        left -= 1 + 4;
                    }
                    default -> {
                        corrupted(file);
                        return pos;
                    }
                }
            }
            if (left != 0 || in.readByteOrEof() != TAG_END) {
                corrupted(file);
                return pos;
            }
            pos += 1 + 4 + body + 1;
        }
        return pos;
    }

    /** The base id of the frame at {@code pos}, or 0 if there is no complete id frame there. */
    static long idAt(FileChannel ch, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(ID_FRAME_SIZE - 1).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                return 0;
            }
        }
        b.flip();
        if (b.get() != TAG_FRAME || b.getInt() < 8) {
            return 0;
        }
        return b.getLong();
    }

    private static void corrupted(Path file) {
        LOG.log(Level.WARNING, "corrupted statistics file \"{0}\"", file);
    }
}
