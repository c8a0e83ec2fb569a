package org.pgstat4j.server.cli;

import java.util.ArrayList;
import java.util.List;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Option checks that several subcommands share; each failure is a usage error naming the value. */
final class CliSupport {
    private CliSupport() {
    }

    /** The views named by {@code names} (default {@code pg_stat_user_tables}). */
    static List<ViewDefinition> selectViews(CommandLine cmd, List<String> names) {
        List<ViewDefinition> out = new ArrayList<>();
        for (String n : names.isEmpty() ? List.of("pg_stat_user_tables") : names) {
            out.add(Views.byName(n).orElseThrow(() -> new ParameterException(cmd,
                    "unknown view \"" + n + "\"; known views: " + String.join(", ", Views.names()))));
        }
        return out;
    }

    /** A database name from the catalog, or an OID the catalog knows. */
    static int resolveDatabase(CommandLine cmd, Catalog catalog, String nameOrOid) {
        return org.pgstat4j.server.service.CatalogDatabases.resolve(cmd, catalog, nameOrOid);
    }
}
