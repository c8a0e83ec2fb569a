package org.pgstat4j.store;

/**
 * Which table and function entries of one database changed since its readers' file was last
 * written, so that the next write can append just those ({@code storage.DeltaFrames}) instead
 * of rewriting every entry. An OID is recorded when its entry is created, changed or removed;
 * at write time an OID whose entry is gone stands for a removal.
 *
 * <p>Invariant: either {@link #wholeFileNeeded()} is true, or every entry that differs from the
 * readers' file is recorded here. A new database, a database read from files, and one whose
 * change set grew past half of its entries need the whole file (tracking stops until then, so
 * the set never grows beyond O(entries) and costs nothing when no reader asks).
 *
 * <p>Owned by the collector thread, like the {@link DbEntry} it belongs to. Also records where
 * the readers' file was written and its length, so the writer can tell whether the file on
 * disk is still the one it appends to.
 *
 * <p>The one way to misuse it: changing an entry without recording it here. A handler that
 * writes to a {@link TabEntry} or {@link FuncEntry} must record its OID, or readers never see
 * the change until the next whole rewrite.
 */
public final class ChangedEntries {
    private static final Object MARK = Boolean.TRUE;
    private static final int MIN_TRACKED = 1024;

    /** Allocated at the first whole write: entries of readers' snapshots never track. */
    private IntHashMap<Object> tables;
    private IntHashMap<Object> functions;
    private boolean whole = true;
    private Object writtenTo;
    private long baseBytes;
    private long fileBytes;

    /** Table or index {@code oid} was created, changed or removed. */
    public void table(int oid, int tableCount) {
        if (!whole) {
            tables.put(oid, MARK);
            if (tables.size() > MIN_TRACKED && tables.size() > tableCount / 2) {
                wholeFile();
            }
        }
    }

    /** Function {@code oid} was created, changed or removed. */
    public void function(int oid, int functionCount) {
        if (!whole) {
            functions.put(oid, MARK);
            if (functions.size() > MIN_TRACKED && functions.size() > functionCount / 2) {
                wholeFile();
            }
        }
    }

    /** The next write must be of the whole file. */
    public void wholeFile() {
        whole = true;
        if (tables != null) {
            tables.clear();
            functions.clear();
        }
    }

    public boolean wholeFileNeeded() {
        return whole;
    }

    public int[] tableOids() {
        return tables == null ? new int[0] : tables.keys();
    }

    public int[] functionOids() {
        return functions == null ? new int[0] : functions.keys();
    }

    /** The whole file, {@code bytes} long, was written to {@code place}; tracking restarts. */
    public void wroteWholeFile(Object place, long bytes) {
        whole = false;
        writtenTo = place;
        baseBytes = bytes;
        fileBytes = bytes;
        if (tables == null) {
            tables = new IntHashMap<>(16);
            functions = new IntHashMap<>(16);
        }
        tables.clear();
        functions.clear();
    }

    /** The changes, {@code bytes} long, were appended to the file; tracking restarts. */
    public void appended(long bytes) {
        fileBytes += bytes;
        tables.clear();
        functions.clear();
    }

    /** Where the whole file was last written (null if never). */
    public Object writtenTo() {
        return writtenTo;
    }

    /** Length of the last whole file. */
    public long baseBytes() {
        return baseBytes;
    }

    /** Length the file has now if nothing but this writer touched it. */
    public long fileBytes() {
        return fileBytes;
    }
}
