package org.pgstat4j.server.top;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.pgstat4j.server.service.StatsService;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.view.PsqlOutput;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pgstat4j views}: prints statistics views of a data directory once, as psql would. */
@Command(name = "views", mixinStandardHelpOptions = true,
        description = {"Prints statistics views of a data directory once, in psql's formats, from one snapshot.",
            "Reads the stats files the collector last wrote in DIR/pg_stat_tmp."},
        footer = "Exit codes: 0 success, 1 runtime error, 2 usage error.")
public final class ViewsCommand implements Callable<Integer> {
    enum Format { csv, table }

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirOptions source;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "view(s) to print, e.g. pg_stat_user_tables")
    List<String> names = new ArrayList<>();

    @Option(names = "--format", paramLabel = "csv|table", defaultValue = "table",
            description = "csv (as psql --csv) or table (psql's aligned format); default: ${DEFAULT-VALUE}")
    Format format;

    @Override
    public Integer call() throws IOException {
        List<ViewDefinition> views = new ArrayList<>();
        for (String n : names) {
            views.add(Views.byName(n).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "unknown view \"" + n + "\"; known views: " + String.join(", ", Views.names()))));
        }
        StatsService service = source.open();
        Snapshot s = service.newReader().snapshot();
        ViewContext ctx = service.viewContext(s);
        PrintWriter out = spec.commandLine().getOut();
        for (ViewDefinition v : views) {
            if (format == Format.csv) {
                PsqlOutput.writeCsv(v.columns(), v.orderedRows(ctx), out);
            } else {
                PsqlOutput.writeAligned(v.columns(), v.orderedRows(ctx), out);
            }
        }
        out.flush();
        return 0;
    }
}
