package org.pgstat4j.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.store.StatsStore;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.server.replay.ReplayOutput;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.storage.StatsFileFormat;
import org.pgstat4j.storage.StatsFileReader;
import org.pgstat4j.view.ViewDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pgstat4j import-stats}: reads PostgreSQL 14's own permanent statistics files (a
 * {@code pg_stat/} directory left by a clean shutdown) and prints views over them. Nothing is
 * modified or deleted. With {@code --into DIR} the statistics are also written as the
 * permanent files of a pgstat4j data directory, which its next start loads.
 */
@Command(name = "import-stats", mixinStandardHelpOptions = true,
        description = {"Reads PostgreSQL 14's permanent statistics files (pg_stat/) and prints views.",
            "The files are read, never changed."},
        footer = "Exit codes: 0 success, 1 runtime error, 2 usage error.")
final class ImportStatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PG_STAT_DIR", description = "a PostgreSQL 14 pg_stat directory")
    Path dir;

    @Mixin
    ViewOutputOptions output;

    @Option(names = "--database", required = true, paramLabel = "NAME|OID", description = "the reader's database")
    String database;

    @Option(names = "--into", paramLabel = "DATA_DIR",
            description = "also write the statistics as DATA_DIR/pg_stat/, loaded at the server's next start")
    Path into;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a directory");
        }
        if (!Files.exists(dir.resolve(StatsFileFormat.GLOBAL_STAT))) {
            throw new NoSuchFileException(dir.resolve(StatsFileFormat.GLOBAL_STAT).toString(), null,
                    "no global.stat: not a pg_stat directory, or the server did not shut down cleanly");
        }
        List<ViewDefinition> selected = CliSupport.selectViews(spec.commandLine(), output.views);
        Catalog catalog = Catalog.loadCsvDirectory(output.catalogDir);
        int db = CliSupport.resolveDatabase(spec.commandLine(), catalog, database);
        StatsStore store = StatsFileReader.readAll(dir, PgTimestamps.now());
        if (into != null) {
            new org.pgstat4j.storage.StatsFiles(into.resolve("pg_stat"), into.resolve("pg_stat_tmp"))
                    .writePermanent(store, store.global().statsTimestamp);
        }
        PrintWriter out = spec.commandLine().getOut();
        ReplayOutput.print(new Snapshot(store, db), catalog, output.dataChecksums, selected, output.csv(), out);
        out.flush();
        return Main.EXIT_OK;
    }
}
