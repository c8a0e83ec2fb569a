package org.pgstat4j.server.top;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.server.service.CatalogDatabases;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.postmaster.DataDirectory;
import org.pgstat4j.server.service.AttachedStatsService;
import org.pgstat4j.server.service.StatsService;
import org.pgstat4j.storage.StatsFileFormat;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options that say where {@code top} and {@code views} read statistics: a data directory,
 * the catalog that names its OIDs, and the database to look from (by default the only
 * database of the catalog that has a stats file).
 */
public final class DataDirOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-D", "--data-dir"}, required = true, paramLabel = "DIR",
            description = "data directory of a pgstat4j server (its pg_stat_tmp holds the stats files)")
    Path dataDir;

    @Option(names = "--catalog", paramLabel = "DIR",
            description = "catalog directory: pg_database.csv, pg_class.csv, pg_proc.csv (default: DIR/catalog)")
    Path catalogDir;

    @Option(names = "--database", paramLabel = "NAME|OID",
            description = "the database to look from (default: the only catalog database with a stats file)")
    String database;

    /** The statistics source these options name. */
    public StatsService open() throws IOException {
        Catalog catalog = Catalog.loadCsvDirectory(catalogDir != null ? catalogDir : dataDir.resolve("catalog"));
        DataDirStatsService.files(dataDir); // a clear error for a wrong directory, before the database question
        int db = resolveDatabase(catalog);
        if (Files.exists(dataDir.resolve(DataDirectory.ATTACH_SOCKET))) {
            try {
                // a running server: readers ask its collector for fresh files
                return AttachedStatsService.attach(dataDir, catalog, db);
            } catch (IOException e) {
                // no server answers there: read the files as the collector last wrote them
            }
        }
        return DataDirStatsService.open(dataDir, catalog, db);
    }

    private int resolveDatabase(Catalog catalog) {
        if (database != null) {
            return CatalogDatabases.resolve(spec.commandLine(), catalog, database);
        }
        List<PgDatabase> withFile = new ArrayList<>();
        for (PgDatabase d : catalog.databases()) {
            if (Files.exists(dataDir.resolve("pg_stat_tmp").resolve(StatsFileFormat.dbStatName(d.oid())))) {
                withFile.add(d);
            }
        }
        if (withFile.size() != 1) {
            throw new ParameterException(spec.commandLine(), "choose the database with --database: "
                    + (withFile.isEmpty() ? "none of the catalog's databases (" + names(catalog.databases())
                    + ") has a stats file yet" : "several have stats files (" + names(withFile) + ")"));
        }
        return withFile.get(0).oid();
    }

    private static String names(List<PgDatabase> list) {
        return CatalogDatabases.names(list);
    }
}
