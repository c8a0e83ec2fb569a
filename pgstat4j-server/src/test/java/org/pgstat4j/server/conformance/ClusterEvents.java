package org.pgstat4j.server.conformance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.pgstat4j.server.pg14.RealPostgres14;

/**
 * The cluster-level events of the differential workload, run once each per seed, in a seeded
 * order, while the sessions of {@link Workload} run: {@code pg_stat_reset*} of every kind, a
 * CHECKPOINT, the archiver failing then succeeding again, a logical replication slot decoded
 * (and a second one dropped), a session ended by {@code pg_terminate_backend}, a session whose
 * client is lost (psql killed), a deadlock between two sessions, and a database created, used
 * and dropped.
 *
 * <p>Invariant: every event leaves the cluster without a waiting lock, an open transaction or a
 * session of its own, so the final snapshot sees a quiet cluster; an event that could not
 * complete is noted in the journal, never retried blindly.
 */
final class ClusterEvents {
    static final String SLOT = "conf_slot";
    static final String ARCHIVE_OK = "mkdir -p archive && cp %p archive/%f";

    private final RealPostgres14 pg;
    private final String database;
    private final long seed;
    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());

    ClusterEvents(RealPostgres14 pg, String database, long seed) {
        this.pg = pg;
        this.database = database;
        this.seed = seed;
    }

    void setUp() throws SQLException {
        pg.execute(database, "CREATE TABLE dl (id int PRIMARY KEY, v int)", "INSERT INTO dl VALUES (1, 0), (2, 0)",
                "CREATE TABLE spill (id int, v text)",
                "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'test_decoding')");
    }

    /** Runs every event once, in an order drawn from the seed, with pauses between them. */
    void run() throws InterruptedException {
        Runnable resetDatabase = () -> sql("SELECT pg_stat_reset()");
        List<Runnable> events = new ArrayList<>(List.of(
                () -> sql("SELECT pg_stat_reset_shared('bgwriter')"),
                () -> sql("SELECT pg_stat_reset_shared('archiver')"),
                () -> sql("SELECT pg_stat_reset_shared('wal')"),
                () -> sql("SELECT pg_stat_reset_slru('Xact')"),
                () -> sql("SELECT pg_stat_reset_slru(NULL)"),
                () -> sql("SELECT pg_stat_reset_replication_slot('" + SLOT + "')"),
                () -> sql("SELECT pg_stat_reset_replication_slot(NULL)"),
                () -> sql("CHECKPOINT"),
                this::decode, this::decode, this::droppedSlot,
                this::archiverFailsThenSucceeds, this::terminate, this::lostClient, this::deadlock,
                this::scratchDatabase));
        Random r = new Random(seed ^ 0x5DEECE66DL);
        Collections.shuffle(events, r);
        // in the first third: a late reset of the database would leave mostly zeros to compare
        events.add(r.nextInt(events.size() / 3 + 1), resetDatabase);
        for (Runnable e : events) {
            Thread.sleep(r.nextInt(400));
            e.run();
        }
    }

    private void sql(String... statements) {
        try {
            pg.execute(database, statements);
            journal.add("event: " + String.join("; ", statements));
        } catch (SQLException e) {
            journal.add("event failed: " + String.join("; ", statements) + ": " + e.getMessage());
        }
    }

    /** Decodes the slot's changes, among them a transaction larger than logical_decoding_work_mem (spilled). */
    private void decode() {
        sql("INSERT INTO spill SELECT g, md5(g::text) FROM generate_series(1, 3000) g",
                "SELECT count(*) FROM pg_logical_slot_get_changes('" + SLOT + "', NULL, NULL)");
    }

    private void droppedSlot() {
        sql("SELECT pg_create_logical_replication_slot('conf_gone', 'test_decoding')",
                "INSERT INTO dl VALUES (3, 0) ON CONFLICT DO NOTHING",
                "SELECT count(*) FROM pg_logical_slot_get_changes('conf_gone', NULL, NULL)",
                "SELECT pg_drop_replication_slot('conf_gone')");
    }

    private void archiverFailsThenSucceeds() {
        try {
            long failed = archiverCount("failed_count");
            pg.execute(database, "ALTER SYSTEM SET archive_command = 'false'", "SELECT pg_reload_conf()",
                    "UPDATE dl SET v = v + 1", "SELECT pg_switch_wal()");
            boolean sawFailure = poll(() -> archiverCount("failed_count") != failed, 20);
            long archived = archiverCount("archived_count");
            pg.execute(database, "ALTER SYSTEM SET archive_command = '" + ARCHIVE_OK + "'", "SELECT pg_reload_conf()",
                    "UPDATE dl SET v = v + 1", "SELECT pg_switch_wal()");
            boolean sawSuccess = poll(() -> archiverCount("archived_count") != archived, 30);
            journal.add("event: archiver failed (" + sawFailure + ") then archived (" + sawSuccess + ")");
        } catch (SQLException | InterruptedException e) {
            journal.add("event failed: archiver: " + e.getMessage());
        }
    }

    private long archiverCount(String column) {
        try {
            return Long.parseLong(pg.query(database, "SELECT " + column + " FROM pg_stat_archiver").getFirst().getFirst());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Check {
        boolean ok() throws SQLException;
    }

    private static boolean poll(Check c, int seconds) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (c.ok()) {
                return true;
            }
            Thread.sleep(200);
        }
        return c.ok();
    }

    /** A session that did some work, then is ended by pg_terminate_backend while it sleeps. */
    private void terminate() {
        try (Connection victim = pg.connect(database); Statement s = victim.createStatement()) {
            s.execute("INSERT INTO dl VALUES (10, 0) ON CONFLICT (id) DO UPDATE SET v = dl.v + 1");
            String pid = RealPostgres14.query(victim, "SELECT pg_backend_pid()").getFirst().getFirst();
            CompletableFuture<String> sleeping = CompletableFuture.supplyAsync(() -> {
                try (Statement t = victim.createStatement()) {
                    t.execute("SELECT pg_sleep(60)");
                    return "not terminated";
                } catch (SQLException e) {
                    return e.getMessage();
                }
            });
            poll(() -> !pg.query(database, "SELECT 1 FROM pg_stat_activity WHERE pid = " + pid
                    + " AND wait_event = 'PgSleep'").isEmpty(), 10);
            pg.execute(database, "SELECT pg_terminate_backend(" + pid + ")");
            journal.add("event: terminated backend " + pid + ": " + sleeping.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            journal.add("event: terminate: " + e.getMessage());
        }
    }

    /** A psql session whose client dies (SIGKILL to psql): PostgreSQL counts it abandoned. */
    private void lostClient() {
        Process psql = null;
        try {
            psql = new ProcessBuilder("psql", "-X", "-q", "-A", "-t", "-h", pg.socketDir().toString(), "-p",
                    Integer.toString(pg.port()), "-U", RealPostgres14.SUPERUSER, "-d", database)
                    .redirectErrorStream(true).start();
            OutputStream in = psql.getOutputStream();
            in.write("UPDATE dl SET v = v + 1 WHERE id = 1;\nSELECT 'ready';\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            BufferedReader out = new BufferedReader(new InputStreamReader(psql.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null && !line.equals("ready"); line = out.readLine()) {
                journal.add("psql: " + line);
            }
            psql.destroyForcibly();
            psql.waitFor(10, TimeUnit.SECONDS);
            journal.add("event: psql killed while idle (lost client)");
        } catch (Exception e) {
            journal.add("event: lost client: " + e.getMessage());
            if (psql != null) {
                psql.destroyForcibly();
            }
        }
    }

    /** Two sessions each holding the row the other wants: PostgreSQL aborts one of them. */
    private void deadlock() {
        try (Connection a = pg.connect(database); Connection b = pg.connect(database)) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            try (Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
                sa.execute("UPDATE dl SET v = v + 1 WHERE id = 1");
                sb.execute("UPDATE dl SET v = v + 1 WHERE id = 2");
                CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                    try {
                        sa.execute("UPDATE dl SET v = v + 1 WHERE id = 2");
                        return "a went on";
                    } catch (SQLException e) {
                        return "a: " + e.getSQLState();
                    }
                });
                Thread.sleep(200);
                String second;
                try {
                    sb.execute("UPDATE dl SET v = v + 1 WHERE id = 1");
                    second = "b went on";
                } catch (SQLException e) {
                    second = "b: " + e.getSQLState();
                    b.rollback();
                }
                String one = first.get(30, TimeUnit.SECONDS);
                if (one.startsWith("a:")) {
                    a.rollback();
                } else {
                    a.commit();
                }
                if (!second.startsWith("b:")) {
                    b.commit();
                }
                journal.add("event: deadlock: " + one + ", " + second);
            }
        } catch (Exception e) {
            journal.add("event: deadlock: " + e.getMessage());
        }
    }

    private void scratchDatabase() {
        String name = "scratch_" + Long.toUnsignedString(seed, 36);
        try {
            pg.execute(RealPostgres14.SUPERUSER, "CREATE DATABASE " + name);
            pg.execute(name, "CREATE TABLE s (id int PRIMARY KEY)", "INSERT INTO s SELECT generate_series(1, 100)",
                    "SELECT count(*) FROM s");
            pg.execute(RealPostgres14.SUPERUSER, "DROP DATABASE " + name + " WITH (FORCE)");
            journal.add("event: database " + name + " created, used, dropped");
        } catch (SQLException e) {
            journal.add("event: scratch database: " + e.getMessage());
        }
    }

    List<String> journal() {
        synchronized (journal) {
            return List.copyOf(journal);
        }
    }
}
