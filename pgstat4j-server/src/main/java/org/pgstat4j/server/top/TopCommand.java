package org.pgstat4j.server.top;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pgstat4j top}: the busiest tables of a data directory, redrawn every interval. */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = {
            "Shows the busiest tables by recent activity (rows inserted, updated, deleted and scans per second), "
                    + "the database's rates and the collector's health, redrawn every interval.",
            "Reads the stats files the collector last wrote in DIR/pg_stat_tmp; without a way to ask the "
                    + "collector for newer ones, statistics are as fresh as the last file."},
        footer = "Exit codes: 0 success, 1 runtime error, 2 usage error.")
public final class TopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataDirOptions source;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1",
            description = "seconds between frames (default: ${DEFAULT-VALUE})")
    double interval;

    @Option(names = "--iterations", paramLabel = "N", description = "draw N frames, then exit (default: until interrupted)")
    Integer iterations;

    @Option(names = "--once", description = "print one frame of rates over one interval, without clearing the screen, and exit")
    boolean once;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "20", description = "tables shown (default: ${DEFAULT-VALUE})")
    int rows;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!(interval > 0) || interval > 3600) {
            throw new ParameterException(spec.commandLine(), "--interval must be between 0 and 3600 seconds, not " + interval);
        }
        if (iterations != null && iterations < 1) {
            throw new ParameterException(spec.commandLine(), "--iterations must be at least 1, not " + iterations);
        }
        if (rows < 1) {
            throw new ParameterException(spec.commandLine(), "--rows must be at least 1, not " + rows);
        }
        TopView view = new TopView(source.open(), rows);
        PrintWriter out = spec.commandLine().getOut();
        Duration every = Duration.ofMillis(Math.max(1, Math.round(interval * 1000)));
        if (once) {
            view.frame(); // the first sample: rates need two
            Thread.sleep(every.toMillis());
            out.print(view.frame());
            out.flush();
        } else {
            view.run(out, iterations == null ? 0 : iterations, every, true);
        }
        return 0;
    }
}
