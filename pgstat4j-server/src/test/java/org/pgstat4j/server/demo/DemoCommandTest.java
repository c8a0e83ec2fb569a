package org.pgstat4j.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pgstat4j.server.cli.Main;
import org.pgstat4j.server.service.StatsService;
import picocli.CommandLine;

/** {@code pgstat4j demo} run in-process: what it prints, its options, {@code --serve} and {@code --keep}. */
class DemoCommandTest {
    record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The rows of the aligned table printed under the line {@code title}, as column → text. */
    static List<Map<String, String>> table(String output, String title) {
        List<String> lines = output.lines().toList();
        int at = lines.indexOf(title);
        assertThat(at).as("a table titled " + title + " in:\n" + output).isGreaterThanOrEqualTo(0);
        String[] header = lines.get(at + 1).split("\\|");
        assertThat(lines.get(at + 2)).startsWith("---");
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = at + 3; !lines.get(i).matches("\\(\\d+ rows?\\)"); i++) {
            String[] cells = lines.get(i).split("\\|", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                row.put(header[c].trim(), cells[c].trim());
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, String> rowWhere(List<Map<String, String>> rows, String column, String value) {
        return rows.stream().filter(r -> value.equals(r.get(column))).findFirst()
                .orElseThrow(() -> new AssertionError("no row with " + column + " = " + value + " in " + rows));
    }

    @Test
    void demoPrintsWhatItsWorkloadDid() {
        Run r = run("demo", "--duration", "2", "--sessions", "2");
        assertThat(r.code()).as(r.err()).isZero();

        Map<String, String> accounts = rowWhere(table(r.out(), "pg_stat_user_tables"), "relname", "pgbench_accounts");
        assertThat(Long.parseLong(accounts.get("n_tup_upd"))).isPositive();
        assertThat(Long.parseLong(accounts.get("n_tup_hot_upd"))).isPositive();
        assertThat(Long.parseLong(accounts.get("n_tup_ins"))).isEqualTo(PgbenchSchema.ACCOUNTS);
        assertThat(Long.parseLong(accounts.get("idx_scan"))).isPositive();
        assertThat(accounts.get("last_vacuum")).isNotEmpty();

        List<Map<String, String>> databases = table(r.out(), "pg_stat_database");
        assertThat(databases).extracting(d -> d.get("datid")).contains("0");
        Map<String, String> pgbench = rowWhere(databases, "datname", "pgbench");
        assertThat(Long.parseLong(pgbench.get("xact_commit"))).isPositive();
        assertThat(Long.parseLong(pgbench.get("xact_rollback"))).isPositive();
        assertThat(Long.parseLong(pgbench.get("sessions"))).isEqualTo(3); // the loader and two clients
        assertThat(pgbench.get("numbackends")).isEqualTo("0");

        Map<String, String> collector = table(r.out(), "collector").getFirst();
        assertThat(Long.parseLong(collector.get("received"))).isPositive();
        assertThat(collector.get("rejected")).isEqualTo("0");
        assertThat(collector.get("sender_dropped")).isEqualTo("0");

        Matcher summary = Pattern.compile("pgstat4j demo: 2 sessions, [0-9.]+ s, (\\d+) transactions").matcher(r.out());
        assertThat(summary.find()).as(r.out()).isTrue();
        assertThat(Long.parseLong(summary.group(1))).isEqualTo(Long.parseLong(pgbench.get("xact_commit"))
                + Long.parseLong(pgbench.get("xact_rollback"))
                - loaderTransactions());
    }

    /**
     * {@code pgbench -i}: one loading transaction, then VACUUM and ANALYZE of each of the four
     * tables. Nothing else runs transactions: the report reads through a service, not a session.
     */
    private static long loaderTransactions() {
        return 1 + 4 * 2;
    }

    @Test
    void badOptionsAreUsageErrors() {
        Run r = run("demo", "--duration", "-1");
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("--duration -1 is negative");
        assertThat(run("demo", "--sessions", "0").code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("demo", "--tables", "-3").code()).isEqualTo(Main.EXIT_USAGE);
    }

    @Test
    void serveStartsEveryEndpointWithTheDemosServiceAndClosesItAtTheEnd() {
        DemoCommand cmd = new DemoCommand();
        AtomicReference<StatsService> served = new AtomicReference<>();
        AtomicBoolean closed = new AtomicBoolean();
        Function<StatsService, AutoCloseable> endpoint = service -> {
            served.set(service);
            cmd.requestStop(); // as if Ctrl-C came at once: the workload stops, serving ends
            return () -> closed.set(true);
        };
        cmd.endpointStarters = List.of(endpoint);
        CommandLine cl = new CommandLine(cmd);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("--serve", "--duration", "0", "--sessions", "1")).isZero();
        assertThat(served.get()).isNotNull();
        assertThat(served.get().databaseName()).isEqualTo("pgbench");
        assertThat(closed).isTrue();
        assertThat(out.toString()).contains("pg_stat_user_tables");
    }

    @Test
    void keepLeavesTheDataDirectoryWithItsPermanentStatsFiles() throws Exception {
        Run r = run("demo", "--duration", "1", "--sessions", "1", "--tables", "3", "--keep");
        assertThat(r.code()).as(r.err()).isZero();
        Matcher m = Pattern.compile("data directory kept: (.+)").matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        Path dir = Path.of(m.group(1).trim());
        try {
            assertThat(dir.resolve("pg_stat/global.stat")).exists();
            assertThat(table(r.out(), "pg_stat_user_tables")).extracting(t -> t.get("relname"))
                    .contains("extra_0001", "extra_0002", "extra_0003");
        } finally {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
