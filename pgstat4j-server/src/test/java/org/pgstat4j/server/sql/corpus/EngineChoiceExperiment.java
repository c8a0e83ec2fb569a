package org.pgstat4j.server.sql.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.server.pg14.RealPostgres14;
import org.pgstat4j.server.sql.PgWireConfig;
import org.pgstat4j.server.sql.PgWireServer;
import org.pgstat4j.server.sql.corpus.Verdicts.Kind;

/**
 * The engine-choice experiment (docs/SQL.md, "Engine choice"): the corpus parts a, b, d and e
 * against PostgreSQL 14, pgstat4j's H2 engine, DuckDB ({@link DuckDbSide}) and Apache Calcite
 * with its Babel parser ({@code CalciteSide}), all holding the same snapshot, plus DuckDB's read
 * costs on a table shaped like pg_stat_user_tables. Runs only on request, with the
 * {@code engine-experiment} Maven profile (which brings DuckDB and Calcite at test scope) and
 * {@code -Dpgstat4j.engine.experiment=true}; writes
 * {@code target/engine-choice.txt}.
 *
 * <p>An answer counts as the same when column names and every value as text match (in order
 * when PostgreSQL's plan sorts). Type OIDs are compared for H2 (its wire layer sends them) but
 * not for DuckDB and Calcite, which have no PostgreSQL types: their rates are upper bounds.
 */
@EnabledIfSystemProperty(named = "pgstat4j.engine.experiment", matches = "true")
class EngineChoiceExperiment {
    @Test
    void corpusOnH2AndDuckDb(@TempDir Path tmp) throws Exception {
        List<CorpusQuery> corpus = new ArrayList<>(CorpusQuery.loadFixedParts());
        corpus.removeIf(q -> q.part().equals("c"));
        corpus.addAll(RandomSelects.generate(RandomSelects.DEFAULT_SEED, RandomSelects.DEFAULT_COUNT));
        Verdicts.Deviations deviations = Verdicts.Deviations.load();
        List<String> engines = List.of("H2", "DuckDB", "Calcite");
        Map<String, Map<String, int[]>> counts = new LinkedHashMap<>();
        engines.forEach(e -> counts.put(e, new TreeMap<>()));
        Map<String, Long> loadNanos = new LinkedHashMap<>();
        StringBuilder detail = new StringBuilder();
        try (RealPostgres14 pg = RealPostgres14.start(Map.of("autovacuum", "off", "track_functions", "all"))) {
            Workload.run(pg);
            Map<String, List<CorpusQuery>> byDb = new LinkedHashMap<>();
            corpus.forEach(q -> byDb.computeIfAbsent(q.db(), k -> new ArrayList<>()).add(q));
            for (var e : byDb.entrySet()) {
                try (Connection pgc = DriverManager.getConnection(DifferentialCorpusTest.url(pg.port(), e.getKey()))) {
                    pgc.setAutoCommit(false);
                    Pg14FilesService service = DifferentialCorpusTest.sameSnapshot(pg, pgc, e.getKey(), tmp.resolve(e.getKey()));
                    try (PgWireServer ours = PgWireServer.start(service, DifferentialCorpusTest.endpointConfig());
                         Connection oc = DriverManager.getConnection(DifferentialCorpusTest.url(ours.port(), e.getKey()))) {
                        oc.setAutoCommit(false);
                        try (EngineSide duck = DuckDbSide.load(oc); EngineSide calcite = calcite(oc)) {
                            loadNanos.merge("DuckDB", duck.loadNanos(), Long::sum);
                            loadNanos.merge("Calcite", calcite.loadNanos(), Long::sum);
                            for (CorpusQuery q : e.getValue()) {
                                QueryResult p = QueryResult.run(pgc, q);
                                Verdicts.Order ordered = DifferentialCorpusTest.order(pgc, q, p);
                                QueryResult o = QueryResult.run(oc, q);
                                Kind hk = Verdicts.classify(q, p, o, ordered, deviations).kind();
                                count(counts.get("H2"), q.part(), hk == Kind.SAME || hk == Kind.DEVIATION, o.failed());
                                detail.append(q.id()).append(" h2=").append(hk);
                                for (var side : List.of(Map.entry("DuckDB", duck), Map.entry("Calcite", calcite))) {
                                    QueryResult k = side.getValue().run(q.sql());
                                    boolean same = sameIgnoringTypes(p, k, ordered);
                                    count(counts.get(side.getKey()), q.part(), same, k.failed());
                                    detail.append(' ').append(side.getKey()).append('=').append(same ? "SAME"
                                            : k.failed() ? "ERROR " + k.message().lines().findFirst().orElse("")
                                            : "DIFF " + k.summary());
                                }
                                detail.append('\n');
                            }
                        }
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder("engine choice: corpus answers equal to PostgreSQL 14's (same/errors/total)\n");
        for (String part : counts.get("H2").keySet()) {
            out.append("part ").append(part).append(':');
            for (String engine : engines) {
                int[] c = counts.get(engine).get(part);
                out.append(String.format("   %s %d/%d errors %d (%.1f%%)", engine, c[0], c[2], c[1], 100.0 * c[0] / c[2]));
            }
            out.append('\n');
        }
        loadNanos.forEach((engine, ns) -> out.append(String.format(
                "%s: copying the snapshots' views and catalog tables in: %.0f ms in all%n", engine, ns / 1e6)));
        out.append(duckReadCosts());
        out.append('\n').append(detail);
        System.out.println(out);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "engine-choice.txt"), out);
        assertThat(counts.get("H2")).isNotEmpty();
    }

    /**
     * Fills pg_stat_user_tables with {@code n} rows through DuckDB's Appender (its fastest way in
     * from Java), called reflectively so that this class compiles without DuckDB.
     */
    private static void appendRows(Connection d, int n) throws Exception {
        Class<?> conn = Class.forName("org.duckdb.DuckDBConnection");
        Object app = conn.getMethod("createAppender", String.class, String.class)
                .invoke(d.unwrap(conn), "main", "pg_stat_user_tables");
        Class<?> a = app.getClass();
        var begin = a.getMethod("beginRow");
        var end = a.getMethod("endRow");
        var appendLong = a.getMethod("append", long.class);
        var appendString = a.getMethod("append", String.class);
        var appendNull = a.getMethod("appendNull");
        for (int i = 0; i < n; i++) {
            begin.invoke(app);
            appendLong.invoke(app, 16384L + i);
            appendString.invoke(app, "public");
            appendString.invoke(app, "t" + i);
            for (int c = 0; c < 20; c++) {
                if (c == 2 || c == 3 || (c >= 12 && c <= 15)) {
                    appendNull.invoke(app);
                } else {
                    appendLong.invoke(app, c == 4 ? 1L : 0L);
                }
            }
            end.invoke(app);
        }
        a.getMethod("close").invoke(app);
    }

    /** Apache Calcite with its Babel parser; its class is compiled only with the engine-experiment profile. */
    private static EngineSide calcite(Connection ours) throws Exception {
        return (EngineSide) Class.forName(EngineChoiceExperiment.class.getPackageName() + ".CalciteSide")
                .getDeclaredMethod("load", Connection.class).invoke(null, ours);
    }

    private static void count(Map<String, int[]> m, String part, boolean same, boolean failed) {
        int[] c = m.computeIfAbsent(part, k -> new int[3]);
        c[0] += same ? 1 : 0;
        c[1] += failed ? 1 : 0;
        c[2]++;
    }

    private static boolean sameIgnoringTypes(QueryResult pg, QueryResult other, Verdicts.Order ordered) {
        if (pg.failed() || other.failed()) {
            return pg.failed() && other.failed();
        }
        QueryResult typeless = new QueryResult(pg.columns(), other.typeOids(), pg.rows(), null, null);
        return Verdicts.classify(new CorpusQuery("-", "-", "-", "-", "-", List.of()), typeless, other, ordered,
                new Verdicts.Deviations(Map.of(), Map.of())).kind() == Kind.SAME;
    }

    /** DuckDB's cost for the three read-cost queries on N rows shaped like pg_stat_user_tables, and for loading them. */
    private static String duckReadCosts() throws Exception {
        StringBuilder b = new StringBuilder();
        String cols = "relid BIGINT, schemaname VARCHAR, relname VARCHAR, seq_scan BIGINT, seq_tup_read BIGINT,"
                + " idx_scan BIGINT, idx_tup_fetch BIGINT, n_tup_ins BIGINT, n_tup_upd BIGINT, n_tup_del BIGINT,"
                + " n_tup_hot_upd BIGINT, n_live_tup BIGINT, n_dead_tup BIGINT, n_mod_since_analyze BIGINT,"
                + " n_ins_since_vacuum BIGINT, last_vacuum TIMESTAMPTZ, last_autovacuum TIMESTAMPTZ,"
                + " last_analyze TIMESTAMPTZ, last_autoanalyze TIMESTAMPTZ, vacuum_count BIGINT,"
                + " autovacuum_count BIGINT, analyze_count BIGINT, autoanalyze_count BIGINT";
        for (int n : new int[] {100_000, 1_000_000}) {
            try (Connection d = DuckDbSide.open(); Statement s = d.createStatement()) {
                s.execute("CREATE TABLE pg_stat_user_tables (" + cols + ")");
                long t0 = System.nanoTime();
                appendRows(d, n);
                double load = (System.nanoTime() - t0) / 1e6;
                b.append(String.format("DuckDB, %d rows: load by its Appender %.0f ms", n, load));
                for (String q : List.of("SELECT count(*) FROM pg_stat_user_tables",
                        "SELECT sum(n_tup_ins) FROM pg_stat_user_tables",
                        "SELECT relid, n_tup_ins FROM pg_stat_user_tables WHERE relname = 't500'")) {
                    double[] ms = new double[7];
                    for (int i = 0; i < ms.length; i++) {
                        long t = System.nanoTime();
                        try (ResultSet r = s.executeQuery(q)) {
                            while (r.next()) {
                                r.getString(1);
                            }
                        }
                        ms[i] = (System.nanoTime() - t) / 1e6;
                    }
                    java.util.Arrays.sort(ms);
                    b.append(String.format("; %s %.1f ms", q.substring(7, q.indexOf(" FROM")), ms[3]));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }
}
