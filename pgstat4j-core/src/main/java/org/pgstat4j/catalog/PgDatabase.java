package org.pgstat4j.catalog;

/**
 * One {@code pg_database} row: the database OID (unsigned, never 0) and its name.
 *
 * <p>The one way to misuse it: comparing or printing the OID as a signed {@code int}. OIDs
 * above 2<sup>31</sup> are negative in Java; use {@code Integer.compareUnsigned} and
 * {@code Integer.toUnsignedString}.
 */
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
