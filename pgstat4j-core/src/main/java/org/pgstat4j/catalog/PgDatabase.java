package org.pgstat4j.catalog;

/** One {@code pg_database} row: the database OID (unsigned, never 0) and its name. */
public record PgDatabase(int oid, String datname) {
    public PgDatabase {
        Catalog.requireOid(oid, "database");
        Catalog.requireName(datname, "datname");
    }

    @Override
    public String toString() {
        return datname + " (" + Integer.toUnsignedString(oid) + ")";
    }
}
