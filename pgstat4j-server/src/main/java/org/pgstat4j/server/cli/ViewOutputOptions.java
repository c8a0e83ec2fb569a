package org.pgstat4j.server.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of every subcommand that prints views: which, how, and the names behind the OIDs. */
final class ViewOutputOptions {
    enum Format { csv, table }

    @Option(names = "--catalog", required = true, paramLabel = "DIR",
            description = "catalog directory: pg_database.csv, pg_class.csv, pg_proc.csv")
    Path catalogDir;

    @Option(names = "--view", paramLabel = "NAME", description = "view to print, repeatable (default: pg_stat_user_tables)")
    List<String> views = new ArrayList<>();

    @Option(names = "--format", paramLabel = "csv|table", defaultValue = "table",
            description = "csv (as psql --csv) or table (psql's aligned format); default: ${DEFAULT-VALUE}")
    Format format;

    @Option(names = "--data-checksums", description = "show checksum_failures as a cluster with data checksums does "
            + "(otherwise NULL, as without them)")
    boolean dataChecksums;

    boolean csv() {
        return format == Format.csv;
    }
}
