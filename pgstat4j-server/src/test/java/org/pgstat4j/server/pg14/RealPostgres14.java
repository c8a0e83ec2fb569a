package org.pgstat4j.server.pg14;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.pgstat4j.catalog.Catalog;

/**
 * A real PostgreSQL 14 server for tests: a fresh cluster in a temporary directory, listening on
 * 127.0.0.1 (a free port) and on a Unix socket in that directory, stopped and removed by
 * {@link #close()}.
 *
 * <p>API:
 * <ul>
 * <li>{@link #start(Map)} — initdb (trust authentication, superuser {@code postgres}, locale C,
 *     UTF8), then start the postmaster with the given settings (written to postgresql.conf, so
 *     {@code ALTER SYSTEM} and a reload can change them later; e.g. {@code track_functions=all}, {@code autovacuum=off}, {@code track_io_timing=on},
 *     {@code archive_mode=on} with an {@code archive_command}); returns when it accepts
 *     connections. {@link #start()} uses no extra setting.</li>
 * <li>{@link #port()}, {@link #socketDir()}, {@link #jdbcUrl(String)} (superuser, text results),
 *     {@link #connect(String)}, {@link #execute(String, String...)} and
 *     {@link #query(String, String)} (values as PostgreSQL's text, NULL as null) — SQL as the
 *     superuser; {@link #databaseOid(String)}; {@link #catalog(String)}, {@link #exportCatalogInto(String, Catalog)} and
 *     {@link #exportCsv(String, String, Path)} with Debian's {@code psql --csv}.</li>
 * <li>{@link #postmasterPid()}, {@link #collectorPort()} — the UDP port of the statistics
 *     collector's socket (connected to itself: found among the postmaster's sockets in
 *     {@code /proc/net/udp} and {@code udp6}); {@link #collectorDrops()}, what the kernel
 *     dropped there.</li>
 * <li>{@link #dataDir()}, {@link #pgStatDir()} (permanent stats file, written at shutdown),
 *     {@link #pgStatTmpDir()} (the files readers read while running), {@link #log()}.</li>
 * <li>{@link #stop()} — {@code pg_ctl stop -m fast} (the cluster stays on disk, e.g. to read
 *     {@code pg_stat/}); {@link #close()} stops if needed and deletes everything.</li>
 * </ul>
 *
 * <p>Binaries: {@link Pg14Binaries} (Maven Central, unpacked once under {@code target/}). As
 * root, the programs run as the unprivileged {@link PgUser}.
 *
 * <p>Invariant: while the object is open and started, {@link #postmasterPid()} is the live
 * postmaster this object started, and only that process (by its pid) is ever stopped or killed.
 */
public final class RealPostgres14 implements AutoCloseable {
    public static final String SUPERUSER = "postgres";

    private final Path home;
    private final Path base;
    private final Path data;
    private final Path socketDir;
    private final Path log;
    private Process postmaster;
    private int port;
    private int collectorPort;

    private RealPostgres14() throws IOException, InterruptedException {
        PgUser.ensure();
        home = Pg14Binaries.home();
        base = Files.createTempDirectory("pgstat4j-pg14-");
        PgUser.own(base);
        data = base.resolve("data");
        socketDir = Files.createDirectory(base.resolve("socket"));
        PgUser.own(socketDir);
        log = base.resolve("postgres.log");
        Files.createFile(log);
        PgUser.own(log);
    }

    /** A new cluster started with PostgreSQL's default settings. */
    public static RealPostgres14 start() throws IOException, InterruptedException {
        return start(Map.of());
    }

    /** A new cluster started with {@code settings} (name → value, as in postgresql.conf). */
    public static RealPostgres14 start(Map<String, String> settings) throws IOException, InterruptedException {
        RealPostgres14 pg = new RealPostgres14();
        try {
            pg.initdb();
            pg.configure(settings);
            pg.launch();
            return pg;
        } catch (IOException | InterruptedException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    private void initdb() throws IOException, InterruptedException {
        run(List.of(home.resolve("bin/initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                "--auth=trust", "--locale=C", "--encoding=UTF8", "--no-sync"), 5);
    }

    /**
     * Appends the settings to postgresql.conf (not {@code -c}: options of the command line
     * would override {@code ALTER SYSTEM}, and tests change settings while the server runs).
     */
    private void configure(Map<String, String> settings) throws IOException {
        StringBuilder conf = new StringBuilder("\n# settings of the test\n");
        settings.forEach((k, v) -> conf.append(k).append(" = '").append(v.replace("'", "''")).append("'\n"));
        Files.writeString(data.resolve("postgresql.conf"), conf, java.nio.file.StandardOpenOption.APPEND);
    }

    private void launch() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/postgres").toString(), "-D", data.toString(),
                    "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                    "-c", "unix_socket_directories=" + socketDir));
            // setpriv execs: the process started is the postmaster itself
            postmaster = new ProcessBuilder(PgUser.command(cmd)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (awaitReady()) {
                collectorPort = CollectorSocket.find(postmaster.pid());
                return;
            }
            String text = Files.readString(log);
            if (!text.contains("could not bind") || attempt == 3) {
                throw new IOException("PostgreSQL 14 did not start; its log:\n" + text);
            }
        }
    }

    /** Waits until the server accepts connections; false if the postmaster exited. */
    private boolean awaitReady() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!postmaster.isAlive()) {
                return false;
            }
            try (Connection c = DriverManager.getConnection(jdbcUrl(SUPERUSER) + "&connectTimeout=5")) {
                return true;
            } catch (SQLException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("PostgreSQL 14 did not accept connections within 60 s; its log:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public Path socketDir() {
        return socketDir;
    }

    /** JDBC URL of {@code database} as the superuser; no server-side prepare, so every value comes as text. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + SUPERUSER + "&prepareThreshold=0";
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database));
    }

    /** Runs each statement in its own transaction (autocommit) in one new session. */
    public void execute(String database, String... statements) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** The rows of a query, each value as PostgreSQL's text output (null for NULL). */
    public List<List<String>> query(String database, String sql) throws SQLException {
        try (Connection c = connect(database)) {
            return query(c, sql);
        }
    }

    /** The rows of a query on an open connection, as {@link #query(String, String)}. */
    public static List<List<String>> query(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(r.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * The names behind the OIDs as {@code database} sees them, exported with Debian's
     * {@code psql --csv} exactly as the passive mirror's documentation tells users to.
     */
    public Catalog catalog(String database) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(base, "catalog-");
        exportCsv(database, "SELECT oid, datname FROM pg_database ORDER BY oid", dir.resolve("pg_database.csv"));
        exportCsv(database, "SELECT c.oid, n.nspname, c.relname, c.relkind, i.indrelid, c.reltoastrelid, c.relisshared"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " LEFT JOIN pg_index i ON i.indexrelid = c.oid"
                + " ORDER BY c.oid", dir.resolve("pg_class.csv"));
        exportCsv(database, "SELECT p.oid, n.nspname, p.proname FROM pg_proc p"
                + " JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY p.oid",
                dir.resolve("pg_proc.csv"));
        return Catalog.loadCsvDirectory(dir);
    }

    /**
     * Adds what {@link #catalog(String)} exports to {@code target} (e.g. the catalog a running
     * mirror names its OIDs with); objects already there are replaced, none is removed.
     */
    public void exportCatalogInto(String database, Catalog target) throws IOException, InterruptedException {
        Catalog c = catalog(database);
        c.databases().forEach(target::addDatabase);
        c.relations().forEach(target::addRelation);
        c.functions().forEach(target::addFunction);
    }

    /** Runs {@code psql --csv} over the Unix socket, writing its output to {@code out}. */
    public void exportCsv(String database, String sql, Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("psql", "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1", "-h", socketDir.toString(),
                "-p", Integer.toString(port), "-U", SUPERUSER, "-d", database, "-c", sql)
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String err = new String(p.getErrorStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("psql failed: " + err);
        }
    }

    public int databaseOid(String name) throws SQLException {
        List<List<String>> r = query(SUPERUSER, "SELECT oid FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'");
        if (r.isEmpty()) {
            throw new SQLException("no database " + name);
        }
        return Integer.parseInt(r.getFirst().getFirst());
    }

    public long postmasterPid() {
        return postmaster.pid();
    }

    /** The UDP port of the statistics collector's socket (on 127.0.0.1 or ::1). */
    public int collectorPort() {
        return collectorPort;
    }

    /**
     * Datagrams the kernel dropped at the collector's socket (its receive buffer was full): a
     * capture then holds datagrams PostgreSQL's collector never applied.
     */
    public long collectorDrops() throws IOException {
        return CollectorSocket.drops(collectorPort);
    }

    public Path dataDir() {
        return data;
    }

    /** {@code pg_stat/}: the permanent statistics file, written at a clean shutdown. */
    public Path pgStatDir() {
        return data.resolve("pg_stat");
    }

    /** {@code pg_stat_tmp/}: the statistics files the collector writes for readers while running. */
    public Path pgStatTmpDir() {
        return data.resolve("pg_stat_tmp");
    }

    /** The server's log (its standard output and error). */
    public Path log() {
        return log;
    }

    public boolean running() {
        return postmaster != null && postmaster.isAlive();
    }

    /** {@code pg_ctl stop -m fast}; the cluster stays on disk. */
    public void stop() throws IOException, InterruptedException {
        if (!running()) {
            return;
        }
        try {
            run(List.of(home.resolve("bin/pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "fast", "-w",
                    "-t", "60"), 2);
        } finally {
            if (!postmaster.waitFor(30, TimeUnit.SECONDS)) {
                postmaster.destroyForcibly();
                postmaster.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Stops the server if running and deletes the cluster. */
    @Override
    public void close() {
        try {
            if (postmaster != null) {
                stop();
            }
            Pg14Binaries.deleteTree(base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(List<String> command, int minutes) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PgUser.command(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + minutes + " min: " + out);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + out);
        }
    }
}
