package org.pgstat4j.catalog;

/**
 * One {@code pg_proc} row as the statistics views need it: OID, schema and name. Names are
 * not unique (functions overload by argument types); the OID is.
 *
 * <p>The one way to misuse it: looking a function up by name alone. Names overload, so
 * {@code Catalog.functions(schema, name)} may return several rows; the OID is the key.
 */
public record PgProc(int oid, String nspname, String proname) {
    public PgProc {
        Catalog.requireOid(oid, "function");
        Catalog.requireName(nspname, "nspname");
        Catalog.requireName(proname, "proname");
    }
}
