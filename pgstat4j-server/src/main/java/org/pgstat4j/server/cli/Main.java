package org.pgstat4j.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code pgstat4j} command line. Each subcommand is a picocli command object listed in
 * {@link #SUBCOMMANDS}; adding a subcommand means adding its factory there.
 *
 * <p>Exit codes: 0 success, 1 runtime error (message on standard error, no stack trace),
 * 2 usage error (bad option or value; the message and a usage hint on standard error).
 */
@Command(name = "pgstat4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "PostgreSQL 14's statistics collector, rebuilt for the JVM.",
        footer = "Exit codes: 0 success, 1 runtime error, 2 usage error.")
public final class Main implements Callable<Integer> {
    /** The exit codes; picocli's {@code CommandLine.ExitCode} has the same values. */
    public static final int EXIT_OK = CommandLine.ExitCode.OK;
    public static final int EXIT_RUNTIME = CommandLine.ExitCode.SOFTWARE;
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    /** The subcommands, in the order the help lists them. */
    static final List<Supplier<Object>> SUBCOMMANDS = List.of(
            org.pgstat4j.server.demo.DemoCommand::new,
            org.pgstat4j.server.daemon.ServerCommand::new,
            org.pgstat4j.server.daemon.CtlCommand::new,
            org.pgstat4j.server.daemon.CollectorCommand::new,
            ReplayCommand::new,
            ImportStatsCommand::new,
            ExportStatsCommand::new,
            org.pgstat4j.server.top.TopCommand::new,
            org.pgstat4j.server.top.ViewsCommand::new);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(out, err, args));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The configured command line with every subcommand. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (Supplier<Object> s : SUBCOMMANDS) {
            cl.addSubcommand(s.get());
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? EXIT_USAGE : EXIT_RUNTIME);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + describe(e));
            cmd.getErr().flush();
            return EXIT_RUNTIME;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return EXIT_USAGE;
        });
        return cl;
    }

    /** A one-line description of a failure for the user: the message, or the exception's name. */
    static String describe(Throwable e) {
        if (e instanceof java.nio.file.NoSuchFileException n) {
            String reason = n.getReason() == null ? "no such file or directory" : n.getReason();
            return n.getFile() + ": " + reason;
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("pgstat4j: a command is required");
        spec.commandLine().usage(err);
        return EXIT_USAGE;
    }

    /** The version from the jar's Maven metadata, when running from the built program. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = "(development build)";
            try (InputStream in = Main.class.getResourceAsStream(
                    "/META-INF/maven/org.pgstat4j/pgstat4j-server/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    v = p.getProperty("version", v);
                }
            } catch (IOException e) {
                // keep the fallback: the version is informative only
            }
            return new String[] {"pgstat4j " + v};
        }
    }
}
