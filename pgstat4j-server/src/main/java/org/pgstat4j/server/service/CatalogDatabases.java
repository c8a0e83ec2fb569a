package org.pgstat4j.server.service;

import java.util.List;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgDatabase;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Turns a {@code --database NAME|OID} option into a catalog database, with the one error text. */
public final class CatalogDatabases {
    /** Databases never chosen by default: PostgreSQL's templates and maintenance database. */
    private static final List<String> NOT_DEFAULT = List.of("template0", "template1", "postgres");

    private CatalogDatabases() {
    }

    /** The database named by name or OID, or null if the catalog has none such. */
    public static PgDatabase find(Catalog catalog, String nameOrOid) {
        PgDatabase d = catalog.database(nameOrOid);
        if (d == null && nameOrOid.matches("[0-9]{1,10}") && Long.parseLong(nameOrOid) <= 0xFFFF_FFFFL) {
            d = catalog.database((int) Long.parseLong(nameOrOid));
        }
        return d;
    }

    /** The catalog's only application database (not a template, not {@code postgres}), or null. */
    public static PgDatabase defaultDatabase(Catalog catalog) {
        List<PgDatabase> candidates = catalog.databases().stream()
                .filter(d -> !NOT_DEFAULT.contains(d.datname())).toList();
        return candidates.size() == 1 ? candidates.get(0) : null;
    }

    /**
     * The OID for {@code nameOrOid}; when it is null, the catalog's only application database.
     * A usage error on {@code cmd} names the known databases otherwise.
     */
    public static int resolve(CommandLine cmd, Catalog catalog, String nameOrOid) {
        PgDatabase d = nameOrOid == null ? defaultDatabase(catalog) : find(catalog, nameOrOid);
        if (d == null) {
            throw new ParameterException(cmd, (nameOrOid == null
                    ? "choose the database with --database"
                    : "unknown database \"" + nameOrOid + "\": not in the catalog's pg_database.csv")
                    + " (" + names(catalog.databases()) + ")");
        }
        return d.oid();
    }

    public static String names(List<PgDatabase> list) {
        return String.join(", ", list.stream().map(PgDatabase::toString).toList());
    }
}
