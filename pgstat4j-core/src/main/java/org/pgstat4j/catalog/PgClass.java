package org.pgstat4j.catalog;

import org.pgstat4j.backend.RelKind;

import java.util.Objects;

/**
 * One {@code pg_class} row as the statistics views need it. {@code indrelid} is the table an
 * index belongs to ({@code pg_index.indrelid}; 0 for every non-index), {@code reltoastrelid}
 * the relation's TOAST table (0 if none), {@code relisshared} marks the shared catalogs whose
 * statistics live in the pseudo-database 0.
 *
 * <p>The one way to misuse it: registering an index with {@link #table}. Kind {@code r} makes
 * it a table in every view; an index needs {@link #index} with the OID of its table.
 */
public record PgClass(int oid, String nspname, String relname, RelKind relkind, int indrelid,
                      int reltoastrelid, boolean relisshared) {
    public PgClass {
        Catalog.requireOid(oid, "relation");
        Catalog.requireName(nspname, "nspname");
        Catalog.requireName(relname, "relname");
        Objects.requireNonNull(relkind, "relkind");
        if (relkind.isIndex() && indrelid == 0) {
            throw new IllegalArgumentException("index " + nspname + "." + relname
                    + " needs the OID of its table (indrelid)");
        }
        if (!relkind.isIndex() && indrelid != 0) {
            throw new IllegalArgumentException("relation " + nspname + "." + relname + " of kind '"
                    + relkind.code() + "' is not an index but has indrelid "
                    + Integer.toUnsignedString(indrelid));
        }
    }

    /** A table of kind {@code r} with no TOAST table, as a server registers one. */
    public static PgClass table(int oid, String nspname, String relname) {
        return new PgClass(oid, nspname, relname, RelKind.RELATION, 0, 0, false);
    }

    /** An index of kind {@code i} on table {@code indrelid}. */
    public static PgClass index(int oid, String nspname, String relname, int indrelid) {
        return new PgClass(oid, nspname, relname, RelKind.INDEX, indrelid, 0, false);
    }
}
