package org.pgstat4j.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.catalog.Fixtures;
import org.pgstat4j.protocol.InquiryMessage;
import org.pgstat4j.protocol.MessageCodec;
import org.pgstat4j.transport.pcap.TestCaptures;

/** {@code pgstat4j replay} run in-process: output formats, exit codes and error messages. */
class ReplayCliTest {
    private static final Path MIXED = Fixtures.dir("pg14-mixed");
    private static final String CAPTURE = MIXED.resolve("pg14-mixed.pcap").toString();
    private static final String CATALOG = MIXED.resolve("catalog").toString();

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void assertNoStackTrace(Run r) {
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void csvOfUserTablesIsByteIdenticalToPsqlsExport() throws IOException {
        Run r = run("replay", CAPTURE, "--catalog", CATALOG, "--format", "csv");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(MIXED.resolve("pg_stat_user_tables.csv")));
    }

    @Test
    void csvOfFunctionsAndIndexesToo() throws IOException {
        Run r = run("replay", CAPTURE, "--catalog", CATALOG, "--format", "CSV", "--view", "pg_stat_user_functions",
                "--view", "pg_statio_user_indexes", "--database", "fx");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(MIXED.resolve("pg_stat_user_functions.csv"))
                + Files.readString(MIXED.resolve("pg_statio_user_indexes.csv")));
    }

    @Test
    void tableFormatIsPsqlsAlignedOutput() {
        Run r = run("replay", CAPTURE, "--catalog", CATALOG, "--view", "pg_stat_user_functions", "--database", "16384");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(String.join("\n",
                " funcid | schemaname | funcname | calls | total_time | self_time ",
                "--------+------------+----------+-------+------------+-----------",
                "  16444 | public     | f_inner  |  2000 |      0.722 |     0.722",
                "  16446 | public     | f_outer  |  2000 |      6.229 |     1.578",
                "  16445 | public     | f_sql    |     1 |      0.142 |     0.142",
                "(3 rows)", "", ""));
    }

    @Test
    void verboseSaysWhatWasReplayed() {
        Run r = run("replay", CAPTURE, "--catalog", CATALOG, "-v", "--view", "pg_stat_wal");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("port 32809, database fx (16384): 509 of 519 collector datagrams replayed "
                + "up to the INQUIRY at collector datagram 508");
    }

    @Test
    void aDatabaseWithoutInquiryIsReplayedToTheEndWithANote() {
        Run r = run("replay", CAPTURE, "--catalog", CATALOG, "--database", "postgres", "--view", "pg_stat_archiver");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("no INQUIRY for database 12972 in the capture; every datagram was replayed");
    }

    @Test
    void missingCaptureIsARuntimeError() {
        Run r = run("replay", tmp.resolve("none.pcap").toString(), "--catalog", CATALOG);
        assertThat(r.code()).isEqualTo(Main.EXIT_RUNTIME);
        assertThat(r.err()).startsWith("pgstat4j replay: ").contains("none.pcap: capture file does not exist");
        assertNoStackTrace(r);
        Run dir = run("replay", tmp.toString(), "--catalog", CATALOG);
        assertThat(dir.code()).isEqualTo(Main.EXIT_RUNTIME);
        assertThat(dir.err()).contains("is a directory, not a pcap capture file");
    }

    @Test
    void badMagicIsReportedWithItsOffset() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.pcap"), "this is not a capture file");
        Run r = run("replay", junk.toString(), "--catalog", CATALOG);
        assertThat(r.code()).isEqualTo(Main.EXIT_RUNTIME);
        assertThat(r.err()).isEqualTo("pgstat4j replay: pcap: bad magic number 0x74686973: not a pcap capture "
                + "(at byte offset 0)\n");
    }

    @Test
    void truncatedCaptureIsReportedWithItsOffset() throws IOException {
        byte[] whole = Files.readAllBytes(Path.of(CAPTURE));
        // the first record (88-byte payload) ends at 24 + 16 + 130; cut the second one short
        Path cut = Files.write(tmp.resolve("cut.pcap"), Arrays.copyOf(whole, 24 + 16 + 130 + 16 + 20));
        Run r = run("replay", cut.toString(), "--catalog", CATALOG);
        assertThat(r.code()).isEqualTo(Main.EXIT_RUNTIME);
        assertThat(r.err()).contains("pcap: truncated record: 20 of ").contains("(at byte offset 186)");
        assertNoStackTrace(r);
    }

    @Test
    void unknownViewOrDatabaseIsAUsageError() {
        Run v = run("replay", CAPTURE, "--catalog", CATALOG, "--view", "pg_stat_everything");
        assertThat(v.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(v.err()).contains("unknown view \"pg_stat_everything\"; known views: pg_stat_all_tables,")
                .contains("Try 'pgstat4j replay --help'");
        Run d = run("replay", CAPTURE, "--catalog", CATALOG, "--database", "nope");
        assertThat(d.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(d.err()).contains("unknown database \"nope\"").contains("fx (16384)");
        Run o = run("replay", CAPTURE, "--catalog", CATALOG, "--database", "99");
        assertThat(o.code()).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void badCatalogIsARuntimeErrorNamingTheProblem() throws IOException {
        Run missing = run("replay", CAPTURE, "--catalog", tmp.resolve("nocat").toString());
        assertThat(missing.code()).isEqualTo(Main.EXIT_RUNTIME);
        assertThat(missing.err()).contains("nocat: catalog directory does not exist");
        Path cat = Files.createDirectory(tmp.resolve("cat"));
        Files.writeString(cat.resolve("pg_database.csv"), "oid,datname\nx,fx\n");
        Files.writeString(cat.resolve("pg_class.csv"), "oid,nspname,relname,relkind,indrelid,reltoastrelid,relisshared\n");
        Files.writeString(cat.resolve("pg_proc.csv"), "oid,nspname,proname\n");
        Run bad = run("replay", CAPTURE, "--catalog", cat.toString());
        assertThat(bad.code()).isEqualTo(Main.EXIT_RUNTIME);
        assertThat(bad.err()).isEqualTo("pgstat4j replay: cat/pg_database.csv:2: oid \"x\" is not an OID "
                + "(an unsigned 32-bit integer)\n");
    }

    @Test
    void usageErrorsAndVersion() {
        assertThat(run("replay", CAPTURE).code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("replay", CAPTURE, "--catalog", CATALOG, "--format", "xml").code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("replay", CAPTURE, "--catalog", CATALOG, "--port", "70000").code()).isEqualTo(Main.EXIT_USAGE);
        Run none = run();
        assertThat(none.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(none.err()).contains("a command is required").contains("replay");
        Run v = run("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("pgstat4j ");
        Run help = run("replay", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--catalog=DIR").contains("--database=NAME|OID");
    }

    @Test
    void severalSelfAddressedPortsNeedAPortChoice() throws IOException {
        byte[] inquiry = MessageCodec.encode(new InquiryMessage(0, 0, 16384));
        byte[] capture = TestCaptures.create(TestCaptures.LINK_RAW)
                .record(1_700_000_000L, 0, TestCaptures.ipv4Udp(5000, inquiry))
                .record(1_700_000_000L, 1, TestCaptures.ipv4Udp(6000, inquiry)).bytes();
        Path file = Files.write(tmp.resolve("two.pcap"), capture);
        Run r = run("replay", file.toString(), "--catalog", CATALOG, "--view", "pg_stat_database");
        assertThat(r.code()).isEqualTo(Main.EXIT_RUNTIME);
        assertThat(r.err()).contains("several ports [5000, 6000]; choose the collector's with --port");
        Run chosen = run("replay", file.toString(), "--catalog", CATALOG, "--port", "6000", "-v",
                "--view", "pg_stat_database");
        assertThat(chosen.code()).isZero();
        assertThat(chosen.err()).contains("port 6000, database fx (16384): 1 of 1 collector datagrams");
    }
}
