package org.pgstat4j.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.storage.StatsExport;
import org.pgstat4j.storage.StatsFileFormat;
import org.pgstat4j.store.StatsStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pgstat4j export-stats STATS_DIR OUT_DIR}: writes the statistics of a stats directory
 * (a running server's {@code pg_stat_tmp}, whose files carry change frames, or a
 * {@code pg_stat} left by a clean shutdown) to {@code OUT_DIR} as PostgreSQL 14's permanent
 * files: {@code global.stat} and {@code db_<oid>.stat} exactly in its layout, which a
 * PostgreSQL 14 server (or {@code import-stats}) loads. The source is read, never changed.
 */
@Command(name = "export-stats", mixinStandardHelpOptions = true,
        description = {"Writes the statistics of a stats directory as PostgreSQL 14's permanent files.",
            "STATS_DIR is a server's pg_stat_tmp (or pg_stat after a clean shutdown); it is read, never changed."},
        footer = "Exit codes: 0 success, 1 runtime error, 2 usage error.")
final class ExportStatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STATS_DIR", description = "a pgstat4j pg_stat_tmp or pg_stat directory")
    Path dir;

    @Parameters(index = "1", paramLabel = "OUT_DIR", description = "where global.stat and db_<oid>.stat are written")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(dir.resolve(StatsFileFormat.GLOBAL_STAT))) {
            throw new NoSuchFileException(dir.resolve(StatsFileFormat.GLOBAL_STAT).toString(), null,
                    "no global.stat: not a stats directory");
        }
        StatsStore store = StatsExport.export(dir, out, PgTimestamps.now());
        PrintWriter w = spec.commandLine().getOut();
        w.println("exported " + store.databases().size() + " databases, " + store.tableEntryCount()
                + " table and index entries to " + out);
        w.flush();
        return Main.EXIT_OK;
    }
}
