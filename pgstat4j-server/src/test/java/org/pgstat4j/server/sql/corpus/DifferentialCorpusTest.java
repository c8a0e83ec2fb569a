package org.pgstat4j.server.sql.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.server.pg14.RealPostgres14;
import org.pgstat4j.server.sql.PgWireConfig;
import org.pgstat4j.server.sql.PgWireServer;
import org.pgstat4j.server.sql.corpus.Verdicts.Kind;
import org.pgstat4j.server.sql.corpus.Verdicts.Verdict;

/**
 * The differential conformance test of the SQL endpoint: every corpus query (captured client
 * statements, expression semantics, seeded random SELECTs) goes to a real PostgreSQL 14 and to
 * pgstat4j holding the same statistics, and the answers are compared ({@link Verdicts}).
 *
 * <p>Same statistics: the workload runs on PostgreSQL 14; then, per database, a PostgreSQL
 * session opens a transaction and loads its statistics snapshot, and pgstat4j serves a copy of
 * the very files that snapshot came from ({@link Pg14FilesService}; the copy is checked
 * against the snapshot's timestamp). Each side then runs every query inside that one
 * transaction, a savepoint per query, so errors don't end the snapshot.
 *
 * <p>Invariant checked: the queries with a silent difference are exactly those of
 * {@code sql-corpus/known-differences.txt} — a new one fails, and so does a listed one that no
 * longer differs (remove it from the list). The seed of part e is printed; another seed
 * ({@code -Dpgstat4j.corpus.seed=N}) checks part e for no silent difference at all.
 * {@code -Dpgstat4j.corpus.update-known=true} rewrites the list from the run (see
 * {@link #writeKnownDifferences}).
 */
class DifferentialCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Outcome(CorpusQuery query, Verdicts.Order order, QueryResult pg, QueryResult ours, Verdict verdict) {
    }

    @Test
    @Timeout(600)
    void everyCorpusQueryAnswersAsPostgres14OrIsAKnownDifference(@TempDir Path tmp) throws Exception {
        long seed = Long.getLong("pgstat4j.corpus.seed", RandomSelects.DEFAULT_SEED);
        System.out.println("sql corpus: random SELECT seed " + seed + " (-Dpgstat4j.corpus.seed=" + seed + ")");
        List<CorpusQuery> corpus = new ArrayList<>(CorpusQuery.loadFixedParts());
        corpus.addAll(RandomSelects.generate(seed, RandomSelects.DEFAULT_COUNT));
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        assertThat(corpus.stream().map(CorpusQuery::id).distinct().count()).isEqualTo(corpus.size());
        Verdicts.Deviations deviations = Verdicts.Deviations.load();
        assertThat(corpus.stream().map(CorpusQuery::id).toList()).containsAll(deviations.queries().keySet());

        List<Outcome> outcomes = new ArrayList<>();
        try (RealPostgres14 pg = RealPostgres14.start(Map.of("autovacuum", "off", "track_functions", "all"))) {
            Workload.run(pg);
            Map<String, List<CorpusQuery>> byDb = new LinkedHashMap<>();
            corpus.forEach(q -> byDb.computeIfAbsent(q.db(), k -> new ArrayList<>()).add(q));
            for (Map.Entry<String, List<CorpusQuery>> e : byDb.entrySet()) {
                outcomes.addAll(runDatabase(pg, e.getKey(), e.getValue(), deviations, tmp.resolve(e.getKey())));
            }
        }
        String report = report(outcomes, seed);
        System.out.println(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "sql-corpus-report.txt"), report);

        Set<String> silent = new TreeSet<>();
        outcomes.stream().filter(o -> o.verdict().kind() == Kind.SILENT).forEach(o -> silent.add(o.query().id()));
        if (Boolean.getBoolean("pgstat4j.corpus.update-known") && seed == RandomSelects.DEFAULT_SEED) {
            writeKnownDifferences(outcomes);
        }
        Set<String> known = Verdicts.knownDifferences();
        if (seed != RandomSelects.DEFAULT_SEED) {
            known.removeIf(id -> id.startsWith("e-"));
            known.addAll(silent.stream().filter(id -> !id.startsWith("e-")).filter(known::contains).toList());
        }
        Set<String> fresh = new TreeSet<>(silent);
        fresh.removeAll(known);
        Set<String> gone = new TreeSet<>(known);
        gone.removeAll(silent);
        assertThat(fresh).as("silent differences not in known-differences.txt (seed %d): see target/sql-corpus-report.txt",
                seed).isEmpty();
        assertThat(gone).as("listed in known-differences.txt but no longer silently different: remove them").isEmpty();
    }

    /**
     * Rewrites {@code known-differences.txt} in the source tree with this run's silent
     * differences ({@code -Dpgstat4j.corpus.update-known=true}, e.g. after the endpoint was
     * fixed); review the change with {@code git diff}: it should only remove lines.
     */
    private static void writeKnownDifferences(List<Outcome> outcomes) throws IOException {
        Path file = Path.of("src", "test", "resources", "sql-corpus", "known-differences.txt");
        List<String> header = Files.readAllLines(file).stream().takeWhile(l -> l.startsWith("#")).toList();
        List<String> lines = new ArrayList<>(header);
        for (Outcome o : outcomes) {
            if (o.verdict().kind() == Kind.SILENT) {
                String d = o.verdict().detail().replaceAll("\\s+", " ");
                lines.add(String.format("%-16s # %s", o.query().id(), d.substring(0, Math.min(110, d.length()))));
            }
        }
        Files.write(file, lines);
        Files.write(Path.of("target", "test-classes", "sql-corpus", "known-differences.txt"), lines);
        System.out.println("sql corpus: rewrote " + file + " (" + (lines.size() - header.size()) + " queries)");
    }

    private static List<Outcome> runDatabase(RealPostgres14 pg, String db, List<CorpusQuery> queries,
                                             Verdicts.Deviations deviations, Path dir) throws Exception {
        List<Outcome> out = new ArrayList<>();
        try (Connection pgc = DriverManager.getConnection(url(pg.port(), db))) {
            pgc.setAutoCommit(false);
            Pg14FilesService service = sameSnapshot(pg, pgc, db, dir);
            try (PgWireServer ours = PgWireServer.start(service, DifferentialCorpusTest.endpointConfig());
                 Connection oc = DriverManager.getConnection(url(ours.port(), db))) {
                oc.setAutoCommit(false);
                for (CorpusQuery q : queries) {
                    QueryResult p = QueryResult.run(pgc, q);
                    Verdicts.Order order = order(pgc, q, p);
                    QueryResult o = QueryResult.run(oc, q);
                    out.add(new Outcome(q, order, p, o, Verdicts.classify(q, p, o, order, deviations)));
                }
            }
        }
        return out;
    }

    /** Loads PostgreSQL's snapshot in {@code pgc}'s transaction and copies the files it came from. */
    static Pg14FilesService sameSnapshot(RealPostgres14 pg, Connection pgc, String db, Path dir)
            throws SQLException, IOException, InterruptedException {
        var catalog = pg.catalog(db);
        int oid = pg.databaseOid(db);
        for (int attempt = 1; ; attempt++) {
            QueryResult ts = QueryResult.run(pgc, new CorpusQuery("snapshot", "-", "-", db,
                    "SELECT (extract(epoch FROM pg_stat_get_snapshot_timestamp()) * 1000000)::bigint", List.of()));
            assertThat(ts.failed()).as(ts.summary()).isFalse();
            long snapshot = PgTimestamps.fromUnixMicros(Long.parseLong(ts.rows().getFirst().getFirst()));
            Pg14FilesService service = Pg14FilesService.copy(pg.pgStatTmpDir(), dir.resolve("try" + attempt), catalog, oid);
            if (service.statsTimestamp() == snapshot) {
                return service;
            }
            assertThat(attempt).as("the statistics files kept changing after the snapshot").isLessThan(10);
            pgc.rollback();
            Thread.sleep(600);
        }
    }

    /**
     * Whether PostgreSQL's plan ends in a sort (an ORDER BY), so the row order is part of the
     * answer, and by which result columns: the sort keys, found among the sort's output
     * expressions (EXPLAIN VERBOSE); by whole rows when a key is not a result column.
     */
    static Verdicts.Order order(Connection pgc, CorpusQuery q, QueryResult answer) throws SQLException {
        if (answer.failed()) {
            return Verdicts.Order.NONE;
        }
        QueryResult plan = QueryResult.run(pgc, new CorpusQuery(q.id(), q.part(), q.source(), q.db(),
                "EXPLAIN (VERBOSE, FORMAT JSON) " + q.sql(), q.params()));
        if (plan.failed() || plan.rows().isEmpty()) {
            return Verdicts.Order.NONE;
        }
        try {
            JsonNode node = JSON.readTree(plan.rows().getFirst().getFirst()).get(0).get("Plan");
            while (node != null && node.path("Node Type").asText().equals("Limit")) {
                node = node.path("Plans").get(0);
            }
            String type = node == null ? "" : node.path("Node Type").asText();
            if (!type.equals("Sort") && !type.equals("Incremental Sort")) {
                return Verdicts.Order.NONE;
            }
            List<String> output = new ArrayList<>();
            node.path("Output").forEach(o -> output.add(o.asText()));
            List<Integer> keys = new ArrayList<>();
            for (JsonNode k : node.path("Sort Key")) {
                String key = k.asText();
                for (String suffix : List.of(" NULLS FIRST", " NULLS LAST", " DESC")) {
                    key = key.endsWith(suffix) ? key.substring(0, key.length() - suffix.length()) : key;
                }
                int i = output.indexOf(key);
                if (i < 0 || i >= answer.columns().size()) {
                    return new Verdicts.Order(true, null);
                }
                keys.add(i);
            }
            return new Verdicts.Order(true, List.copyOf(keys));
        } catch (IOException e) {
            return new Verdicts.Order(true, null);
        }
    }

    /** The password pgstat4j's endpoint asks of the corpus's superuser (PostgreSQL's side trusts it). */
    private static final String PASSWORD = "corpus-secret";

    /** The endpoint under test: any free port, the corpus's superuser with its own password. */
    static PgWireConfig endpointConfig() {
        return PgWireConfig.defaults().withPort(0)
                .withPassword(RealPostgres14.SUPERUSER, PASSWORD)
                .withSuperusers(java.util.Set.of(RealPostgres14.SUPERUSER));
    }

    static String url(int port, String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=" + RealPostgres14.SUPERUSER
                + "&password=" + PASSWORD + "&prepareThreshold=0";
    }

    private static String report(List<Outcome> outcomes, long seed) {
        Map<String, Map<Kind, Integer>> perPart = new TreeMap<>();
        for (Outcome o : outcomes) {
            perPart.computeIfAbsent(o.query().part(), k -> new EnumMap<>(Kind.class)).merge(o.verdict().kind(), 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder("SQL corpus against PostgreSQL 14 (seed " + seed + ")\n");
        b.append(String.format("%-5s %6s %6s %8s %9s %7s %6s%n", "part", "total", "same", "refused", "deviation", "silent", "same%"));
        Map<Kind, Integer> all = new EnumMap<>(Kind.class);
        for (var e : perPart.entrySet()) {
            row(b, e.getKey(), e.getValue());
            e.getValue().forEach((k, n) -> all.merge(k, n, Integer::sum));
        }
        row(b, "all", all);
        Set<String> sections = new LinkedHashSet<>(List.of("SILENT", "DEVIATION", "REFUSED"));
        for (String s : sections) {
            b.append('\n').append(s).append('\n');
            for (Outcome o : outcomes) {
                if (o.verdict().kind().name().equals(s)) {
                    b.append("  ").append(o.query().id()).append(o.order().ordered() ? " (ordered)" : "").append(": ")
                            .append(o.verdict().detail().replace('\n', ' ')).append('\n');
                    if (s.equals("SILENT")) {
                        b.append("      sql: ").append(o.query().sql().replaceAll("\\s+", " ")).append('\n');
                        b.append("      pg14:    ").append(o.pg().summary()).append('\n');
                        b.append("      pgstat4j: ").append(o.ours().summary()).append('\n');
                    }
                }
            }
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String part, Map<Kind, Integer> m) {
        int total = m.values().stream().mapToInt(Integer::intValue).sum();
        int same = m.getOrDefault(Kind.SAME, 0);
        b.append(String.format("%-5s %6d %6d %8d %9d %7d %5.1f%%%n", part, total, same, m.getOrDefault(Kind.REFUSED, 0),
                m.getOrDefault(Kind.DEVIATION, 0), m.getOrDefault(Kind.SILENT, 0), total == 0 ? 0.0 : 100.0 * same / total));
    }
}
