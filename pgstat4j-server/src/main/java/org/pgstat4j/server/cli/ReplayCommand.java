package org.pgstat4j.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.server.replay.CaptureReplay;
import org.pgstat4j.server.replay.ReplayException;
import org.pgstat4j.server.replay.ReplayOutput;
import org.pgstat4j.view.ViewDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pgstat4j replay}: feeds the collector datagrams of a pcap capture of a PostgreSQL 14
 * server through our collector and prints the statistics views a reader would have seen, in
 * psql's formats, so that they can be compared with PostgreSQL's own output.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Replays PostgreSQL 14 statistics collector traffic from a pcap capture and prints views.",
            "Datagrams whose source port equals their destination port are taken (the collector socket "
                    + "is connected to itself), in capture order, up to and including the last INQUIRY for "
                    + "the database (unless --all).",
            "numbackends is 0: it comes from shared memory, which a capture does not hold."},
        footer = "Exit codes: 0 success, 1 runtime error, 2 usage error.")
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CAPTURE", description = "classic pcap file, or - for standard input")
    String capture;

    @Mixin
    ViewOutputOptions output;

    @Option(names = "--database", paramLabel = "NAME|OID",
            description = "the reader's database (default: the database of the capture's last INQUIRY)")
    String database;

    @Option(names = "--all", description = "replay every datagram instead of stopping after the last INQUIRY")
    boolean all;

    @Option(names = "--port", paramLabel = "N", description = "the collector's UDP port (default: found from the traffic)")
    Integer port;

    @Option(names = {"-v", "--verbose"}, description = "say on standard error what was replayed")
    boolean verbose;

    @Option(names = "--follow", description = "follow a live capture (tcpdump -U -w -) and serve the mirrored "
            + "statistics over HTTP until stopped, instead of printing views")
    boolean follow;

    @Option(names = "--http-port", paramLabel = "N", description = "with --follow: the HTTP port (default: any free port, printed)")
    Integer httpPort;

    @Option(names = "--http-bind", paramLabel = "ADDRESS", description = "with --follow: the HTTP address (default: loopback)")
    java.net.InetAddress httpBind;

    @Override
    public Integer call() throws IOException, ReplayException {
        List<ViewDefinition> selected = CliSupport.selectViews(spec.commandLine(), output.views);
        if (port != null && (port < 1 || port > 65535)) {
            throw new ParameterException(spec.commandLine(), "--port " + port + " is not a UDP port (1-65535)");
        }
        if (!follow && (httpPort != null || httpBind != null)) {
            throw new ParameterException(spec.commandLine(), "--http-port and --http-bind need --follow");
        }
        if (follow && all) {
            throw new ParameterException(spec.commandLine(), "--all has no meaning with --follow: every datagram is applied");
        }
        if (!capture.equals("-") && !Files.exists(Path.of(capture))) {
            throw new NoSuchFileException(capture, null, "capture file does not exist");
        }
        if (!capture.equals("-") && Files.isDirectory(Path.of(capture))) {
            throw new ReplayException(capture + ": is a directory, not a pcap capture file");
        }
        Catalog catalog = Catalog.loadCsvDirectory(output.catalogDir);
        Integer dbOid = database == null ? null : CliSupport.resolveDatabase(spec.commandLine(), catalog, database);
        if (follow) {
            return follow(catalog, dbOid);
        }
        CaptureReplay.Options options = new CaptureReplay.Options(port, dbOid, all);
        CaptureReplay.Result result = capture.equals("-")
                ? CaptureReplay.replay(System.in, options)
                : CaptureReplay.replay(Path.of(capture), options);
        PrintWriter err = spec.commandLine().getErr();
        if (result.stopIndex() < 0 && !all) {
            err.println("replay: note: no INQUIRY for database " + Integer.toUnsignedString(result.database())
                    + " in the capture; every datagram was replayed");
        }
        if (result.rejected() > 0) {
            err.println("replay: note: the collector rejected " + result.rejected() + " malformed datagram(s)");
        }
        if (verbose) {
            err.println(ReplayOutput.summary(result, catalog));
        }
        PrintWriter out = spec.commandLine().getOut();
        ReplayOutput.print(result, catalog, output.dataChecksums, selected, output.csv(), out);
        out.flush();
        return Main.EXIT_OK;
    }

    /** {@code --follow}: mirror the live capture and serve it over HTTP until stopped. */
    private int follow(Catalog catalog, Integer dbOid) throws IOException {
        if (dbOid == null) {
            PgDatabase d = org.pgstat4j.server.mirror.Follow.defaultDatabase(catalog);
            if (d == null) {
                throw new ParameterException(spec.commandLine(), "--follow needs --database: the catalog has "
                        + "no single application database (" + String.join(", ",
                        catalog.databases().stream().map(PgDatabase::toString).toList()) + ")");
            }
            dbOid = d.oid();
        }
        var http = org.pgstat4j.server.http.HttpConfig.defaults();
        try {
            http = http.withPort(httpPort == null ? 0 : httpPort);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (httpBind != null) {
            http = http.withBindAddress(httpBind);
        }
        try {
            return org.pgstat4j.server.mirror.Follow.run(capture, catalog, dbOid, port, http, spec.commandLine().getErr());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.EXIT_OK;
        }
    }
}
