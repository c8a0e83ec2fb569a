package org.pgstat4j.server.sql;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.pgstat4j.backend.Backend;
import org.pgstat4j.backend.RelKind;
import org.pgstat4j.backend.TableStatus;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.server.service.EmbeddedStatsService;

/**
 * A real statistics system for SQL tests: an {@link EmbeddedStats} (socket, collector thread,
 * stats files in a temporary directory), a catalog with a database and a few tables, the
 * {@link PgWireServer} on an ephemeral loopback port, and a {@link Backend} that generates
 * traffic through the real socket. Clients log in as a packaged PostgreSQL's would: with
 * the password {@link #PASSWORD} by SCRAM-SHA-256 (unless the test configures passwords or
 * trust), which is each superuser's own password and the one for every other user name;
 * {@code tester} is a superuser besides the OS user unless the test names others. So a
 * superuser logs in with {@link #PASSWORD} as one, everyone else as a plain user.
 */
final class SqlFixture implements AutoCloseable {
    static final int DB = 16384;
    static final String DBNAME = "appdb";
    static final int ORDERS = 16400;
    static final int ORDERS_PKEY = 16401;
    static final int CUSTOMERS = 16410;
    static final int CUSTOMERS_PKEY = 16411;
    static final int AUDIT = 16420;
    static final String PASSWORD = "fixture-secret";

    final EmbeddedStats stats;
    final Catalog catalog;
    final EmbeddedStatsService service;
    final PgWireServer server;
    final Backend backend;

    private SqlFixture(EmbeddedStats stats, Catalog catalog, EmbeddedStatsService service, PgWireServer server) {
        this.stats = stats;
        this.catalog = catalog;
        this.service = service;
        this.server = server;
        this.backend = Backend.builder(stats.sender()).databaseId(DB).build();
    }

    /** PostgreSQL 14's databases of a fresh cluster, with the OIDs initdb gives them. */
    static final List<PgDatabase> CLUSTER_DATABASES = List.of(new PgDatabase(1, "template1"),
            new PgDatabase(13694, "template0"), new PgDatabase(13695, "postgres"));

    static SqlFixture start(Path dir, PgWireConfig config) throws IOException {
        return start(dir, config, false);
    }

    /** With {@code cluster}, the catalog also has a real cluster's {@code postgres}, {@code template0/1}. */
    static SqlFixture start(Path dir, PgWireConfig config, boolean cluster) throws IOException {
        EmbeddedStats stats = EmbeddedStats.start(dir.resolve("data"));
        Catalog catalog = new Catalog();
        if (cluster) {
            CLUSTER_DATABASES.forEach(catalog::addDatabase);
        }
        catalog.addDatabase(new PgDatabase(DB, DBNAME));
        catalog.addRelation(PgClass.table(ORDERS, "public", "orders"));
        catalog.addRelation(PgClass.index(ORDERS_PKEY, "public", "orders_pkey", ORDERS));
        catalog.addRelation(PgClass.table(CUSTOMERS, "public", "customers"));
        catalog.addRelation(PgClass.index(CUSTOMERS_PKEY, "public", "customers_pkey", CUSTOMERS));
        catalog.addRelation(PgClass.table(AUDIT, "audit", "Events"));
        EmbeddedStatsService service = new EmbeddedStatsService(stats, catalog, DB);
        if (config.superusers().equals(PgWireConfig.defaults().superusers())) {
            config = config.withSuperusers(java.util.Set.of(PgWireConfig.osUser(), "tester"));
        }
        if (config.passwords().isEmpty() && !config.trust()) {
            java.util.Map<String, String> passwords = new java.util.LinkedHashMap<>();
            for (String superuser : new java.util.TreeSet<>(config.superusers())) {
                passwords.put(superuser, PASSWORD);
            }
            passwords.put(PasswordFile.ANY_USER, PASSWORD);
            config = config.withPasswords(passwords);
        }
        try {
            return new SqlFixture(stats, catalog, service, PgWireServer.start(service, config.withPort(0)));
        } catch (IOException | RuntimeException e) {
            stats.close();
            throw e;
        }
    }

    /**
     * A fixture whose catalog is a real cluster's ({@code postgres}, {@code template0/1} too), with
     * {@code n} rows inserted into {@code orders} that a SQL session already sees.
     */
    static SqlFixture startClusterWithOrders(Path dir, long n)
            throws IOException, SQLException, InterruptedException {
        SqlFixture f = start(dir, PgWireConfig.defaults(), true);
        try {
            f.insert(ORDERS, n);
            try (Connection c = f.connect()) {
                long seen = awaitLong(c, "select n_tup_ins from pg_stat_user_tables where relname = 'orders'", n);
                if (seen != n) {
                    throw new IllegalStateException("orders shows " + seen + " inserts, not " + n);
                }
            }
            return f;
        } catch (SQLException | InterruptedException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** One committed transaction inserting {@code n} rows into {@code table}, flushed to the collector. */
    void insert(int table, long n) {
        TableStatus t = backend.openRelation(table, RelKind.RELATION, false);
        backend.countHeapInsert(t, n);
        backend.commitTransaction();
        flush();
    }

    /** One committed transaction scanning {@code table} sequentially, returning {@code rows}. */
    void seqScan(int table, int rows) {
        TableStatus t = backend.openRelation(table, RelKind.RELATION, false);
        backend.countHeapScan(t);
        for (int i = 0; i < rows; i++) {
            backend.countHeapGetnext(t);
            backend.countBufferRead(t); // every buffer request; a hit also counts as a hit
            backend.countBufferHit(t);
        }
        backend.commitTransaction();
        flush();
    }

    void flush() {
        backend.forceNextFlush();
        backend.reportStat(false);
    }

    String url() {
        return "jdbc:postgresql://127.0.0.1:" + server.port() + "/" + DBNAME;
    }

    Connection connect() throws SQLException {
        return connect(new Properties());
    }

    Connection connect(Properties extra) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "tester");
        p.setProperty("password", PASSWORD);
        p.putAll(extra);
        return DriverManager.getConnection(url(), p);
    }

    /**
     * Runs {@code sql} (one bigint, one row) in fresh transactions until it returns
     * {@code expected} or 15 s pass; returns the last value. Statistics reach a reader with
     * a delay (the collector applies messages, then writes a file on request), so tests wait
     * for the effect rather than sleep.
     */
    static long awaitLong(Connection c, String sql, long expected) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        long last;
        while (true) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                last = rs.getLong(1);
            }
            if (last == expected || System.nanoTime() > deadline) {
                return last;
            }
            Thread.sleep(20);
        }
    }

    /** Every row {@code sql} returns, each value as pgjdbc's text. */
    static List<List<String>> rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return read(rs);
        }
    }

    /** The remaining rows of {@code rs}, each value as pgjdbc's text. */
    static List<List<String>> read(ResultSet rs) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                row.add(rs.getString(i));
            }
            out.add(row);
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
        stats.close();
    }
}
