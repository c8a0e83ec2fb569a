package org.pgstat4j.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code pgstat4j demo --serve}: while the workload runs, pgjdbc reads its statistics over the
 * SQL endpoint and the HTTP API serves them, at the addresses the demo printed.
 */
class DemoServeTest {
    @Test
    void servesTheRunningWorkloadOverSqlAndHttp() throws Exception {
        DemoCommand cmd = new DemoCommand();
        CommandLine cl = new CommandLine(cmd);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err, true);
        cl.setOut(new PrintWriter(out));
        cl.setErr(errWriter);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> cl.execute("--serve", "--duration", "0", "--sessions", "1"));
        try {
            String printed = awaitPrinted(err, "demo: JSON:");
            Matcher sql = Pattern.compile("PGPASSWORD=(\\w+) psql -h 127\\.0\\.0\\.1 -p (\\d+) -U pgstat4j -d pgbench").matcher(printed);
            Matcher http = Pattern.compile("dashboard:  http://127\\.0\\.0\\.1:(\\d+)/").matcher(printed);
            assertThat(sql.find()).as(printed).isTrue();
            assertThat(http.find()).as(printed).isTrue();

            java.sql.SQLException noPassword = org.assertj.core.api.Assertions.catchThrowableOfType(
                    java.sql.SQLException.class, () -> DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + sql.group(2) + "/pgbench", "pgstat4j", "guess"));
            assertThat(noPassword.getSQLState()).as("a client without the printed password").isEqualTo("28P01");

            long updates = 0;
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + sql.group(2) + "/pgbench",
                    "pgstat4j", sql.group(1))) {
                for (int i = 0; i < 100 && updates == 0; i++) {
                    try (ResultSet rs = c.createStatement().executeQuery(
                            "select n_tup_upd from pg_stat_user_tables where relname = 'pgbench_accounts'")) {
                        updates = rs.next() ? rs.getLong(1) : 0;
                    }
                    Thread.sleep(100);
                }
            }
            assertThat(updates).as("pgbench_accounts updates seen over SQL while the demo runs").isPositive();

            String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + http.group(1) + "/api/v1/views/pg_stat_user_tables?relname=pgbench_tellers")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(json).contains("\"relname\":\"pgbench_tellers\"").containsPattern("\"n_tup_upd\":[1-9]");

            // the printed role proved its own name: it is the demo's superuser and may reset
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + sql.group(2) + "/pgbench",
                    "pgstat4j", sql.group(1)); ResultSet rs = c.createStatement().executeQuery("show is_superuser")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("on");
            }
        } finally {
            cmd.requestStop();
        }
        assertThat(run.get()).isZero();
        assertThat(out.toString()).contains("pg_stat_user_tables", "pgbench_accounts");
    }

    private static String awaitPrinted(StringWriter err, String marker) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            String s = err.toString();
            if (s.contains(marker)) {
                return s;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the demo never printed \"" + marker + "\":\n" + err);
    }
}
