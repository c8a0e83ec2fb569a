package org.pgstat4j.catalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names behind the OIDs, as one database's connection sees them: the cluster's
 * {@code pg_database}, and that database's {@code pg_class} (its own relations plus the
 * shared catalogs) and {@code pg_proc}. The statistics carry only OIDs; the views join them
 * to this catalog, and a statistics entry whose OID is not here is not shown (as in
 * PostgreSQL, where dropped objects disappear from the views).
 *
 * <p>Concurrency: any number of threads may read while one registers or drops objects. Reads
 * take no lock; writers serialise on this object so that the derived indexes (names, the
 * indexes of each table) always agree with the rows. A reader iterating while a writer runs
 * may or may not see that writer's change, never a torn row.
 *
 * <p>Invariants: OIDs are unique per kind and never 0; {@code (nspname, relname)} is unique
 * among relations and {@code datname} among databases (adding a second object under a taken
 * name is refused; re-adding an OID replaces its row, as a rename does).
 *
 * <p>The one way to misuse it: registering an object under another OID than the one its
 * backends count on. The views join statistics to names by OID alone, so the object shows
 * nothing, or another object's counts.
 */
public final class Catalog {
    private static final int NAMEDATALEN = 64;
    /** Unsigned OID order, the order in which the catalog lists its rows. */
    static final Comparator<Integer> OID_ORDER = Integer::compareUnsigned;

    private final ConcurrentHashMap<Integer, PgDatabase> databases = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PgDatabase> databasesByName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, PgClass> relations = new ConcurrentHashMap<>();
    /**
     * relname → the OIDs of the relations of that name, in any schema, as {@link Oids}: most
     * names are one relation's, whose row stands for its OID at no extra cost.
     */
    private final ConcurrentHashMap<String, Object> relationsByRelname = new ConcurrentHashMap<>();
    /** table OID → the OIDs of its indexes, as {@link Oids}. */
    private final ConcurrentHashMap<Integer, Object> indexesByTable = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, PgProc> functions = new ConcurrentHashMap<>();
    /** Every relation by OID, kept between changes (null after one until the next read sorts again). */
    private volatile List<PgClass> relationsByOid;
    /** Changes to the relations so far; written under this object's lock. */
    private volatile long relationChanges;

    /** An empty catalog. */
    public Catalog() {
    }

    /**
     * Reads a catalog directory in the fixture format ({@code pg_database.csv},
     * {@code pg_class.csv}, {@code pg_proc.csv}, as {@code psql --csv} exports them).
     *
     * @throws CatalogFormatException naming file, line and problem for any bad content
     * @throws java.io.IOException    if the directory or a file cannot be read
     */
    public static Catalog loadCsvDirectory(java.nio.file.Path dir) throws java.io.IOException {
        return CatalogCsv.load(dir);
    }

    /**
     * Writes this catalog in the same format, e.g. into a server's data directory
     * ({@code DIR/catalog/}) so that its endpoints can name the OIDs its attached processes use.
     */
    public void writeCsvDirectory(java.nio.file.Path dir) throws java.io.IOException {
        CatalogCsv.write(this, dir);
    }

    // ---- reads ----

    public PgDatabase database(int oid) {
        return databases.get(oid);
    }

    public PgDatabase database(String datname) {
        return databasesByName.get(datname);
    }

    /** Every database, by OID. */
    public List<PgDatabase> databases() {
        return sortedValues(databases, PgDatabase::oid);
    }

    public PgClass relation(int oid) {
        return relations.get(oid);
    }

    public PgClass relation(String nspname, String relname) {
        Object ids = relationsByRelname.get(relname);
        if (ids != null) {
            for (int id : Oids.of(ids)) {
                PgClass c = relations.get(id);
                if (c != null && c.relname().equals(relname) && c.nspname().equals(nspname)) {
                    return c;
                }
            }
        }
        return null;
    }

    /**
     * Every relation, by OID: a read-only list, the same one until the relations change (so a
     * reader that lists them after every change pays one sort per change, not per read).
     */
    public List<PgClass> relations() {
        List<PgClass> list = relationsByOid;
        if (list == null) {
            long changes = relationChanges;
            PgClass[] sorted = relations.values().toArray(new PgClass[0]);
            Arrays.sort(sorted, (a, b) -> Integer.compareUnsigned(a.oid(), b.oid()));
            list = Collections.unmodifiableList(Arrays.asList(sorted));
            synchronized (this) {
                if (relationChanges == changes) {
                    relationsByOid = list;
                }
            }
        }
        return list;
    }

    /** The relations named {@code relname} in any schema, by OID; found without visiting the others. */
    public List<PgClass> relationsNamed(String relname) {
        return relationsOf(relationsByRelname.get(relname), c -> c.relname().equals(relname));
    }

    /**
     * Calls {@code action} for every relation, in no particular order, without copying or
     * sorting them (for counts over large catalogs; {@link #relations()} lists them by OID).
     */
    public void forEachRelation(java.util.function.Consumer<PgClass> action) {
        relations.values().forEach(action);
    }

    /** How many relations the catalog holds. */
    public long relationCount() {
        return relations.mappingCount();
    }

    /** The indexes whose {@code indrelid} is {@code tableOid} (that exist in the catalog), by OID. */
    public List<PgClass> indexesOf(int tableOid) {
        return relationsOf(indexesByTable.get(tableOid), c -> c.indrelid() == tableOid);
    }

    /** The relations of {@code ids} that exist and pass {@code still} (an index entry may lag its row), by OID. */
    private List<PgClass> relationsOf(Object ids, java.util.function.Predicate<PgClass> still) {
        if (ids == null) {
            return List.of();
        }
        List<PgClass> out = new ArrayList<>();
        for (int id : Oids.of(ids)) {
            PgClass c = relations.get(id);
            if (c != null && still.test(c)) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparing(PgClass::oid, OID_ORDER));
        return out;
    }

    public PgProc function(int oid) {
        return functions.get(oid);
    }

    /** The functions of that schema and name (overloads), by OID. */
    public List<PgProc> functions(String nspname, String proname) {
        List<PgProc> out = new ArrayList<>();
        for (PgProc p : functions()) {
            if (p.nspname().equals(nspname) && p.proname().equals(proname)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Every function, by OID. */
    public List<PgProc> functions() {
        return sortedValues(functions, PgProc::oid);
    }

    // ---- writes ----

    /** Registers a database (or renames it, if its OID is known). */
    public synchronized void addDatabase(PgDatabase d) {
        PgDatabase sameName = databasesByName.get(d.datname());
        if (sameName != null && sameName.oid() != d.oid()) {
            throw new IllegalArgumentException("database \"" + d.datname() + "\" already exists with OID "
                    + Integer.toUnsignedString(sameName.oid()));
        }
        PgDatabase old = databases.put(d.oid(), d);
        if (old != null) {
            databasesByName.remove(old.datname(), old);
        }
        databasesByName.put(d.datname(), d);
    }

    /** Removes a database; returns whether it existed. */
    public synchronized boolean dropDatabase(int oid) {
        PgDatabase old = databases.remove(oid);
        if (old == null) {
            return false;
        }
        databasesByName.remove(old.datname(), old);
        return true;
    }

    /**
     * Registers a relation (or replaces the row of its OID). An index may be added before its
     * table; it shows in the views once both exist.
     */
    public synchronized void addRelation(PgClass row) {
        // one instance of each schema name (a catalog read from files would otherwise hold one
        // copy of "public" per table); the JVM's table lets go of names no longer used
        String nspname = row.nspname().intern();
        PgClass c = nspname == row.nspname() ? row : new PgClass(row.oid(), nspname, row.relname(), row.relkind(),
                row.indrelid(), row.reltoastrelid(), row.relisshared());
        PgClass sameName = relation(c.nspname(), c.relname());
        if (sameName != null && sameName.oid() != c.oid()) {
            throw new IllegalArgumentException("relation " + c.nspname() + "." + c.relname()
                    + " already exists with OID " + Integer.toUnsignedString(sameName.oid()));
        }
        relationsChanged();
        PgClass old = relations.put(c.oid(), c);
        if (old != null) {
            unindex(old);
        }
        relationsByRelname.compute(c.relname(), (k, ids) -> Oids.with(ids, c));
        if (c.relkind().isIndex()) {
            indexesByTable.compute(c.indrelid(), (k, ids) -> Oids.with(ids, c));
        }
    }

    /**
     * Removes a relation as {@code DROP} does: a table takes its indexes and its TOAST table
     * (with the TOAST table's index) along. Returns whether the relation existed.
     */
    public synchronized boolean dropRelation(int oid) {
        PgClass old = relations.remove(oid);
        if (old == null) {
            return false;
        }
        relationsChanged();
        unindex(old);
        Object indexes = indexesByTable.remove(oid);
        if (indexes != null) {
            for (int i : Oids.of(indexes)) {
                dropRelation(i);
            }
        }
        if (old.reltoastrelid() != 0) {
            dropRelation(old.reltoastrelid());
        }
        return true;
    }

    /** Under this object's lock, before a change to {@link #relations}: the sorted list is stale. */
    private void relationsChanged() {
        relationChanges++;
        relationsByOid = null;
    }

    private void unindex(PgClass old) {
        relationsByRelname.computeIfPresent(old.relname(), (k, ids) -> Oids.without(ids, old.oid()));
        if (old.relkind().isIndex()) {
            indexesByTable.computeIfPresent(old.indrelid(), (k, ids) -> Oids.without(ids, old.oid()));
        }
    }

    /** Registers a function (or replaces the row of its OID). */
    public synchronized void addFunction(PgProc p) {
        functions.put(p.oid(), p);
    }

    /** Removes a function; returns whether it existed. */
    public synchronized boolean dropFunction(int oid) {
        return functions.remove(oid) != null;
    }

    // ---- helpers shared with the row records ----

    private static <V> List<V> sortedValues(ConcurrentHashMap<Integer, V> map,
                                            java.util.function.ToIntFunction<V> oid) {
        List<V> out = new ArrayList<>(map.values());
        out.sort((a, b) -> Integer.compareUnsigned(oid.applyAsInt(a), oid.applyAsInt(b)));
        return out;
    }

    static void requireOid(int oid, String what) {
        if (oid == 0) {
            throw new IllegalArgumentException(what + " OID must not be 0 (InvalidOid)");
        }
    }

    static void requireName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length >= NAMEDATALEN) {
            throw new IllegalArgumentException(what + " \"" + name + "\" is longer than "
                    + (NAMEDATALEN - 1) + " bytes");
        }
    }
}
