package org.pgstat4j.server.conformance;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.pgstat4j.server.pg14.RealPostgres14;

/**
 * The seeded random workload of the differential conformance test: a schema of tables (with
 * indexes, a TOAST-able column, a sequence), a partitioned table, a materialized view and nested
 * SQL and PL/pgSQL functions, then several
 * concurrent sessions, each drawing its operations from its own {@link Random} seeded from the
 * run's seed: inserts, HOT and non-HOT updates, deletes, sequential, index and bitmap scans,
 * committed and aborted transactions, savepoints rolled back, prepared transactions committed
 * and rolled back, TRUNCATE committed and aborted, temporary tables, function calls, VACUUM and
 * ANALYZE, sorts that spill to temporary files, per-table and per-function resets, DROP and
 * re-CREATE of tables and functions, writes through the partitioned table, REFRESH of the
 * materialized view.
 *
 * <p>Invariant: the operations a session runs depend only on the seed and the session's index;
 * how concurrent sessions interleave (and so which statements fail on locks, deadlocks or
 * dropped objects — those errors are part of the workload) is left to the machine. Each
 * session's log of statements is kept for the failure report.
 */
final class Workload {
    private final RealPostgres14 pg;
    private final String database;
    private final long seed;
    /** Tables that exist (or did when last looked at); sessions may race on them. */
    private final List<String> tables = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger nextTable = new AtomicInteger();
    private final AtomicInteger nextGid = new AtomicInteger();
    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());

    Workload(RealPostgres14 pg, String database, long seed) {
        this.pg = pg;
        this.database = database;
        this.seed = seed;
    }

    /** Creates the schema: tables, a sequence, functions calling one another. */
    void setUp() throws SQLException {
        Random r = new Random(seed);
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE SEQUENCE ids");
            int n = 3 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                createTable(s, r);
            }
            createFunctions(s);
            s.execute("CREATE TABLE pt (id bigint, k int, v text) PARTITION BY RANGE (k)");
            s.execute("CREATE TABLE pt_lo PARTITION OF pt FOR VALUES FROM (MINVALUE) TO (50)");
            s.execute("CREATE TABLE pt_hi PARTITION OF pt FOR VALUES FROM (50) TO (MAXVALUE)");
            s.execute("CREATE MATERIALIZED VIEW mv AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 200) g");
        }
    }

    private void createTable(Statement s, Random r) throws SQLException {
        String t = "t" + nextTable.getAndIncrement();
        s.execute("CREATE TABLE " + t + " (id bigint PRIMARY KEY, k int, v text, doc text) WITH (fillfactor = "
                + (50 + r.nextInt(50)) + ")");
        s.execute("CREATE INDEX " + t + "_k ON " + t + " (k)");
        s.execute("INSERT INTO " + t + " SELECT nextval('ids'), g % 97, 'v' || g, NULL FROM generate_series(1, "
                + (50 + r.nextInt(400)) + ") g");
        tables.add(t);
    }

    private static void createFunctions(Statement s) throws SQLException {
        s.execute("CREATE OR REPLACE FUNCTION add_one(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1'");
        // not inlinable (volatile, reads a table): tracked as a call of its own
        s.execute("CREATE OR REPLACE FUNCTION count_k(t regclass, x int) RETURNS bigint LANGUAGE sql VOLATILE AS "
                + "$$ SELECT count(*) FROM pg_class WHERE oid = t AND x >= 0 $$");
        s.execute("CREATE OR REPLACE FUNCTION inner_work(n int) RETURNS int LANGUAGE plpgsql AS $$ "
                + "DECLARE acc int := 0; BEGIN FOR i IN 1..n LOOP acc := acc + add_one(i); END LOOP; "
                + "PERFORM count_k('ids'::regclass, acc); RETURN acc; END $$");
        s.execute("CREATE OR REPLACE FUNCTION outer_work(n int) RETURNS int LANGUAGE plpgsql AS $$ "
                + "BEGIN RETURN inner_work(n) + inner_work(n / 2 + 1); END $$");
    }

    /** Runs {@code sessions} sessions of {@code operations} operations each, concurrently; returns when all ended. */
    void run(int sessions, int operations) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            int index = i;
            threads.add(Thread.ofPlatform().name("workload-" + seed + "-" + i)
                    .start(() -> session(index, operations)));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private void session(int index, int operations) {
        Random r = new Random(seed * 1_000_003L + index);
        Connection c = null;
        try {
            for (int op = 0; op < operations; op++) {
                if (c == null || c.isClosed()) {
                    c = pg.connect(database);
                }
                try (Statement s = c.createStatement()) {
                    operation(s, r, index);
                } catch (SQLException e) {
                    journal.add("session " + index + " op " + op + ": " + e.getMessage().lines().findFirst().orElse(""));
                    if (!c.getAutoCommit()) {
                        c.setAutoCommit(true);
                    }
                    safely(c, "ROLLBACK");
                }
            }
        } catch (SQLException e) {
            journal.add("session " + index + " lost its connection: " + e.getMessage());
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // already gone
                }
            }
        }
    }

    private static void safely(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            // nothing to roll back
        }
    }

    private String table(Random r) {
        synchronized (tables) {
            return tables.get(r.nextInt(tables.size()));
        }
    }

    private void operation(Statement s, Random r, int session) throws SQLException {
        String t = table(r);
        int a = r.nextInt(2000);
        int kind = r.nextInt(24);
        journal.add("session " + session + ": op " + kind + " on " + t);
        switch (kind) {
            case 0, 1 -> s.execute("INSERT INTO " + t + " SELECT nextval('ids'), g % 97, 'i' || g, NULL "
                    + "FROM generate_series(1, " + (1 + r.nextInt(120)) + ") g");
            case 2 -> s.execute("INSERT INTO " + t + " VALUES (nextval('ids'), " + r.nextInt(97) + ", 'toast', "
                    + "(SELECT string_agg(md5(random()::text), '') FROM generate_series(1, " + (60 + r.nextInt(200))
                    + ")))");
            // HOT: the indexed columns do not change
            case 3, 4 -> s.execute("UPDATE " + t + " SET v = v || 'h' WHERE k = " + r.nextInt(97));
            // not HOT: an indexed column changes
            case 5 -> s.execute("UPDATE " + t + " SET k = k + 1 WHERE id % 13 = " + r.nextInt(13));
            case 6 -> s.execute("DELETE FROM " + t + " WHERE id % 17 = " + r.nextInt(17) + " AND k < " + r.nextInt(97));
            case 7 -> s.executeQuery("SELECT count(*), sum(length(v)) FROM " + t).close();
            case 8 -> {
                s.execute("SET enable_seqscan = off");
                s.executeQuery("SELECT * FROM " + t + " WHERE id BETWEEN " + a + " AND " + (a + r.nextInt(30))).close();
                s.executeQuery("SELECT count(*) FROM " + t + " WHERE k IN (" + r.nextInt(97) + ", " + r.nextInt(97)
                        + ")").close();
                s.execute("RESET enable_seqscan");
            }
            case 9 -> transaction(s, r, t, false);
            case 10 -> transaction(s, r, t, true);
            case 11 -> {
                s.execute("BEGIN");
                s.execute("INSERT INTO " + t + " SELECT nextval('ids'), 1, 'sp', NULL FROM generate_series(1, 5)");
                s.execute("SAVEPOINT sp");
                s.execute("UPDATE " + t + " SET v = 'rolled back' WHERE k = " + r.nextInt(97));
                s.execute("DELETE FROM " + t + " WHERE k = " + r.nextInt(97));
                s.execute("ROLLBACK TO SAVEPOINT sp");
                s.execute("UPDATE " + t + " SET v = v || 's' WHERE k = " + r.nextInt(97));
                s.execute("COMMIT");
            }
            case 12 -> {
                String gid = "w" + seed + "_" + nextGid.getAndIncrement();
                s.execute("BEGIN");
                s.execute("INSERT INTO " + t + " SELECT nextval('ids'), 2, 'px', NULL FROM generate_series(1, 7)");
                s.execute("DELETE FROM " + t + " WHERE k = " + r.nextInt(97));
                s.execute("PREPARE TRANSACTION '" + gid + "'");
                s.execute((r.nextBoolean() ? "COMMIT PREPARED '" : "ROLLBACK PREPARED '") + gid + "'");
            }
            case 13 -> {
                s.execute("BEGIN");
                s.execute("INSERT INTO " + t + " SELECT nextval('ids'), 3, 'tr', NULL FROM generate_series(1, 9)");
                s.execute("TRUNCATE " + t);
                s.execute("INSERT INTO " + t + " SELECT nextval('ids'), 4, 'tr', NULL FROM generate_series(1, 11)");
                s.execute(r.nextInt(3) == 0 ? "COMMIT" : "ROLLBACK");
            }
            case 14 -> {
                s.execute("CREATE TEMP TABLE IF NOT EXISTS scratch (id int PRIMARY KEY, v text)");
                s.execute("INSERT INTO scratch SELECT g, 'x' FROM generate_series(" + a + ", " + (a + 40)
                        + ") g ON CONFLICT DO NOTHING");
                s.executeQuery("SELECT count(*) FROM scratch WHERE id > " + a).close();
                if (r.nextBoolean()) {
                    s.execute("DROP TABLE scratch");
                }
            }
            case 15, 16 -> s.executeQuery("SELECT outer_work(" + (1 + r.nextInt(20)) + "), add_one(" + a + ")").close();
            case 17 -> s.execute(r.nextBoolean() ? "VACUUM " + t : (r.nextBoolean() ? "ANALYZE " + t : "VACUUM ANALYZE " + t));
            case 18 -> {
                s.execute("SET work_mem = '64kB'");
                s.executeQuery("SELECT g FROM generate_series(1, " + (20_000 + r.nextInt(20_000))
                        + ") g ORDER BY md5(g::text) LIMIT 1").close();
                s.execute("RESET work_mem");
            }
            case 19 -> s.executeQuery(r.nextBoolean()
                    ? "SELECT pg_stat_reset_single_table_counters('" + t + "'::regclass)"
                    : "SELECT pg_stat_reset_single_function_counters('inner_work'::regproc)").close();
            case 20 -> {
                if (r.nextInt(3) == 0) {
                    tables.remove(t);
                    s.execute("DROP TABLE " + t);
                    createTable(s, r);
                } else {
                    s.execute("DROP FUNCTION IF EXISTS outer_work(int)");
                    s.execute("CREATE OR REPLACE FUNCTION outer_work(n int) RETURNS int LANGUAGE plpgsql AS $$ "
                            + "BEGIN RETURN inner_work(n) + inner_work(n / 2 + 1); END $$");
                }
            }
            case 21 -> {
                s.execute("INSERT INTO pt SELECT nextval('ids'), g % 100, 'p' FROM generate_series(1, " + (1 + r.nextInt(60))
                        + ") g");
                s.execute("UPDATE pt SET v = v || 'u' WHERE k = " + r.nextInt(100));
                s.execute("DELETE FROM pt WHERE k = " + r.nextInt(100));
                s.executeQuery("SELECT count(*) FROM pt WHERE k < " + r.nextInt(100)).close();
            }
            case 22 -> {
                s.execute("REFRESH MATERIALIZED VIEW mv");
                s.executeQuery("SELECT count(*) FROM mv WHERE v LIKE 'a%'").close();
            }
            default -> s.executeQuery("SELECT nextval('ids'), currval('ids')").close();
        }
    }

    private void transaction(Statement s, Random r, String t, boolean abort) throws SQLException {
        s.execute("BEGIN");
        s.execute("INSERT INTO " + t + " SELECT nextval('ids'), g % 97, 'x', NULL FROM generate_series(1, "
                + (1 + r.nextInt(50)) + ") g");
        s.execute("UPDATE " + t + " SET v = v || 't' WHERE k = " + r.nextInt(97));
        s.execute("DELETE FROM " + t + " WHERE k = " + r.nextInt(97));
        s.execute(abort ? "ROLLBACK" : "COMMIT");
    }

    /** What the sessions did, including the statements that failed and why. */
    List<String> journal() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }
}
