package org.pgstat4j.server.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.pgstat4j.server.endpoints.EndpointOptions;
import org.pgstat4j.server.endpoints.Endpoints;
import org.pgstat4j.server.service.StatsService;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pgstat4j demo}: the whole statistics system at work in one command. It starts
 * pgstat4j (socket, collector, stats files) in a temporary directory, loads a pgbench
 * database, runs pgbench-like client sessions for a while with a progress line on standard
 * error, and prints {@code pg_stat_user_tables}, {@code pg_stat_database} and the collector's
 * own counters the way psql prints them.
 *
 * <p>{@code --serve} starts the endpoints (SQL on {@code --sql-port}, HTTP on {@code --http-port};
 * any free port when not given) before the workload, prints how to reach them, and keeps the
 * workload running and serving until Ctrl-C, or for {@code --duration} if one is given.
 * Without {@code --serve} the workload runs 5 s unless {@code --duration} says otherwise;
 * {@code --duration 0} runs until Ctrl-C. Shutdown is orderly either way: sessions close (their final flush), the report is printed, endpoints
 * stop, the collector writes its permanent files, the directory is removed unless
 * {@code --keep}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Runs PostgreSQL 14's statistics system with a pgbench-like workload and prints what it counted.",
            "Starts pgstat4j in a temporary directory, creates pgbench_accounts (100 000 rows), pgbench_branches, "
                    + "pgbench_tellers, pgbench_history and a PL/pgSQL function f_transfer, runs client sessions, "
                    + "then prints pg_stat_user_tables, pg_stat_database and the collector's counters."},
        footer = "Exit codes: 0 success, 1 runtime error, 2 usage error.")
public final class DemoCommand implements Callable<Integer> {
    /** The SQL role {@code --serve} logs in with its generated password. */
    static final String DEMO_ROLE = "pgstat4j";

    @Spec
    CommandSpec spec;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "how long the workload runs; 0 = until Ctrl-C (default: 5, or until Ctrl-C with --serve)")
    Long durationOption;

    /** The effective duration in seconds: {@code --duration}, else 5, else 0 (until Ctrl-C) with --serve. */
    long durationSeconds;

    @Mixin
    EndpointOptions endpointOptions;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "4",
            description = "client sessions, one thread each (default: ${DEFAULT-VALUE})")
    int sessions;

    @Option(names = "--tables", paramLabel = "N", defaultValue = "0",
            description = "extra tables the sessions touch round-robin, to show many tables (default: ${DEFAULT-VALUE})")
    int tables;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "seed of the clients' random choices (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--keep", description = "keep the data directory (its path is printed on standard error)")
    boolean keep;

    @Option(names = "--serve", description = "serve the statistics (SQL, HTTP dashboard) while the workload runs")
    boolean serve;

    /** The endpoint starters used by {@code --serve}: the real endpoints unless a test sets others. */
    List<Function<StatsService, AutoCloseable>> endpointStarters;

    private final CountDownLatch stop = new CountDownLatch(1);

    /** Ends the run as Ctrl-C does: the workload stops, the report is printed, everything closes. */
    void requestStop() {
        stop.countDown();
    }

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dataDir = Files.createTempDirectory("pgstat4j-demo-");
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            requestStop();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pgstat4j-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            run(dataDir, out, err);
        } finally {
            if (keep) {
                err.println("demo: data directory kept: " + dataDir);
            } else {
                deleteTree(dataDir);
            }
            err.flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running and waits for us
            }
        }
        return CommandLine.ExitCode.OK; // Main.EXIT_OK, without depending on the cli package
    }

    private void validate() {
        durationSeconds = durationOption != null ? durationOption : serve ? 0 : 5;
        if (!serve && (endpointOptions.any() || endpointOptions.sqlSocketDir != null)) {
            throw new ParameterException(spec.commandLine(), "--http-port, --sql-port and --sql-socket-dir need --serve");
        }
        if (durationSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--duration " + durationSeconds
                    + " is negative; give seconds, or 0 to run until Ctrl-C");
        }
        if (sessions < 1) {
            throw new ParameterException(spec.commandLine(), "--sessions " + sessions + " must be at least 1");
        }
        if (tables < 0 || tables > 9999) {
            throw new ParameterException(spec.commandLine(), "--tables " + tables + " must be between 0 and 9999");
        }
    }

    private void run(Path dataDir, PrintWriter out, PrintWriter err) throws Exception {
        err.println("demo: starting pgstat4j in " + dataDir + " and loading pgbench (scale 1)");
        err.flush();
        try (Demo demo = Demo.start(dataDir, tables)) {
            List<AutoCloseable> endpoints = new ArrayList<>();
            try {
                if (serve) {
                    if (endpointStarters == null) {
                        Endpoints started = startEndpoints(demo.service());
                        endpoints.add(started);
                        started.describe(demo.service()).forEach(line -> err.println("demo: " + line));
                    } else {
                        for (Function<StatsService, AutoCloseable> starter : endpointStarters) {
                            endpoints.add(starter.apply(demo.service()));
                        }
                    }
                }
                Duration duration = Duration.ofSeconds(durationSeconds);
                err.println(durationSeconds == 0
                        ? "demo: running " + sessions + " client session(s) until Ctrl-C"
                        : "demo: running " + sessions + " client session(s) for " + durationSeconds + " s");
                err.flush();
                PgbenchWorkload.Result result = demo.run(sessions, duration, seed, () -> stop.getCount() == 0,
                        (elapsed, xacts, lastSecond) -> {
                            err.printf(Locale.ROOT, "progress: %.1f s, %d transactions, %d tps%n",
                                    elapsed.toNanos() / 1e9, xacts, lastSecond);
                            err.flush();
                        });
                demo.awaitQuiescence();
                demo.printReport(result, sessions, out);
            } finally {
                for (int i = endpoints.size() - 1; i >= 0; i--) {
                    endpoints.get(i).close();
                }
            }
        }
    }

    /** The SQL and HTTP endpoints, on any free port unless the options name one. */
    private Endpoints startEndpoints(StatsService service) throws IOException {
        if (endpointOptions.httpPort == null) {
            endpointOptions.httpPort = 0;
        }
        if (endpointOptions.sqlPort == null) {
            endpointOptions.sqlPort = 0;
        }
        if (endpointOptions.sqlPasswordFile == null && !endpointOptions.sqlTrust) {
            // One command still: the role pgstat4j with a password for this run, printed in the psql line;
            // like the role initdb creates, it is a superuser of this throwaway database (it may reset).
            byte[] raw = new byte[12];
            new java.security.SecureRandom().nextBytes(raw);
            endpointOptions.sqlPasswords = java.util.Map.of(DEMO_ROLE, java.util.HexFormat.of().formatHex(raw));
            if (endpointOptions.sqlSuperusers == null || endpointOptions.sqlSuperusers.isEmpty()) {
                endpointOptions.sqlSuperusers = java.util.List.of(System.getProperty("user.name"), DEMO_ROLE);
            }
        }
        return Endpoints.start(service, endpointOptions);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
