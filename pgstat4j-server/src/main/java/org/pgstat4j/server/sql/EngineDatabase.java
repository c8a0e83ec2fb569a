package org.pgstat4j.server.sql;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.pgstat4j.view.Column;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * The SQL engine's side of the endpoint: one private in-memory H2 database per server in
 * which schema {@code pg_catalog} holds every statistics view, the catalog tables clients
 * look at, and the PostgreSQL functions, all backed by Java code that reads the calling
 * session's snapshot: the per-relation views are engine tables read row by row and column by
 * column ({@link EngineTables}), the others views over table functions
 * ({@link TableFunctions}); the functions are {@link StatAccessors}, {@link SessionFunctions}.
 * The database holds no data of its own.
 *
 * <p>Invariant: client sessions connect as an engine user that may only read
 * {@code pg_catalog}: it cannot create, change or drop anything there or in {@code public},
 * nor use the engine's file, network, link or administration functions (H2 reserves them to
 * admins), and values of type {@code JAVA_OBJECT} are never deserialised
 * ({@link NoJavaObjects}). The schema is built once, before any session connects, by the
 * owner connection that keeps the database alive until {@link #close()}. Sessions open the
 * database only if it exists ({@code IFEXISTS}): once the engine has closed it (H2 does so
 * after an out-of-memory error), {@link #openSession()} fails and never creates a new,
 * empty database of which the session's user would be the admin; see {@link #isOpen()}.
 */
final class EngineDatabase implements AutoCloseable {
    static final String SCHEMA = "pg_catalog";
    private static final String READER = "pgstat4j_reader";

    /** The PostgreSQL types of every column of every relation defined here, by relation name. */
    private final Map<String, Map<String, WireType>> columnTypes;
    private final String url;
    private final String readerPassword;
    private final Connection owner;
    /** The engine's database object, held to see whether the engine has closed it. */
    private final org.h2.engine.Database database;

    private EngineDatabase(String url, String readerPassword, Connection owner,
                           Map<String, Map<String, WireType>> columnTypes) {
        this.url = url;
        this.readerPassword = readerPassword;
        this.owner = owner;
        this.columnTypes = columnTypes;
        this.database = ((org.h2.engine.SessionLocal) ((org.h2.jdbc.JdbcConnection) owner).getSession()).getDatabase();
    }

    /** Creates the database and its schema. */
    static EngineDatabase create() throws SQLException {
        SecureRandom random = new SecureRandom();
        String name = "pgstat4j_" + HexFormat.of().formatHex(random.generateSeed(8));
        String ownerPassword = HexFormat.of().formatHex(random.generateSeed(16));
        String readerPassword = HexFormat.of().formatHex(random.generateSeed(16));
        String url = "jdbc:h2:mem:" + name;
        Connection owner = new org.h2.Driver().connect(url + ";DATABASE_TO_LOWER=TRUE;JAVA_OBJECT_SERIALIZER="
                + SqlText.quote(NoJavaObjects.class.getName()), credentials("pgstat4j_owner", ownerPassword));
        Map<String, Map<String, WireType>> types = new LinkedHashMap<>();
        try (Statement s = owner.createStatement()) {
            EngineMode.apply(owner);
            s.execute("CREATE SCHEMA " + SCHEMA);
            // PostgreSQL type names the engine lacks, for casts such as relid::oid.
            s.execute("CREATE DOMAIN public.oid AS BIGINT");
            s.execute("CREATE DOMAIN public.name AS VARCHAR(63)");
            for (Class<?> c : List.of(StatAccessors.class, SessionFunctions.class, TableFunctions.class,
                    CatalogFunctions.class, DescribeFunctions.class, PosixRegex.class)) {
                for (String fn : functionNames(c)) {
                    s.execute("CREATE ALIAS " + SCHEMA + "." + fn + " FOR '" + c.getName() + "." + fn + "'");
                }
            }
            for (ViewDefinition v : Views.all()) {
                if (v.relationRows().isPresent()) {
                    // read in place, row by row and column by column (EngineTables)
                    s.execute("CREATE TABLE " + SCHEMA + "." + v.name() + " (" + columnsSql(v)
                            + ") ENGINE \"" + EngineTables.class.getName() + "\" WITH \"" + v.name() + "\"");
                } else {
                    s.execute("CREATE VIEW " + SCHEMA + "." + v.name() + " AS SELECT * FROM " + SCHEMA
                            + ".pgstat4j_view(" + SqlText.quote(v.name()) + ")");
                }
                types.put(v.name(), typesOf(v.columns()));
            }
            for (Map.Entry<String, List<Column>> t : CatalogTables.COLUMNS.entrySet()) {
                s.execute("CREATE VIEW " + SCHEMA + "." + t.getKey() + " AS SELECT * FROM " + SCHEMA
                        + ".pgstat4j_catalog(" + SqlText.quote(t.getKey()) + ")");
                types.put(t.getKey(), typesOf(t.getValue()));
            }
            for (Map.Entry<String, List<SystemViews.Col>> t : SystemViews.COLUMNS.entrySet()) {
                s.execute("CREATE VIEW " + SCHEMA + "." + t.getKey() + " AS SELECT * FROM " + SCHEMA
                        + ".pgstat4j_system(" + SqlText.quote(t.getKey()) + ")");
                types.put(t.getKey(), wireTypesOf(t.getValue()));
            }
            for (Map.Entry<String, List<SystemViews.Col>> t : DescribeCatalog.COLUMNS.entrySet()) {
                s.execute("CREATE VIEW " + SCHEMA + "." + t.getKey() + " AS SELECT * FROM " + SCHEMA
                        + ".pgstat4j_describe(" + SqlText.quote(t.getKey()) + ")");
                types.put(t.getKey(), wireTypesOf(t.getValue()));
            }
            s.execute("CREATE USER " + READER + " PASSWORD " + SqlText.quote(readerPassword));
            s.execute("GRANT SELECT ON SCHEMA " + SCHEMA + " TO " + READER);
        } catch (SQLException e) {
            owner.close();
            throw e;
        }
        return new EngineDatabase(url, readerPassword, owner, Map.copyOf(types));
    }

    /** The column list of a view's table in the engine's DDL, in the types the endpoint has always given them. */
    private static String columnsSql(ViewDefinition v) {
        StringBuilder sql = new StringBuilder();
        for (Column c : v.columns()) {
            if (!sql.isEmpty()) {
                sql.append(", ");
            }
            sql.append('"').append(c.name().replace("\"", "\"\"")).append('"').append(' ').append(switch (c.type()) {
                case OID, INT8 -> "BIGINT"; // unsigned OIDs compare and sort as PostgreSQL's
                case INT4 -> "INTEGER";
                case NAME -> "CHARACTER VARYING(63)";
                case FLOAT8 -> "DOUBLE PRECISION";
                case TIMESTAMPTZ -> "TIMESTAMP(6) WITH TIME ZONE";
                default -> throw new IllegalArgumentException("no engine table column of type " + c.type());
            });
        }
        return sql.toString();
    }

    /** The public static methods of {@code c}, each of which becomes a SQL function of that name. */
    private static TreeSet<String> functionNames(Class<?> c) {
        TreeSet<String> names = new TreeSet<>();
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
                names.add(m.getName());
            }
        }
        return names;
    }

    private static Map<String, WireType> typesOf(List<Column> columns) {
        Map<String, WireType> m = new LinkedHashMap<>();
        for (Column c : columns) {
            m.put(c.name(), WireType.of(c.type()));
        }
        return Map.copyOf(m);
    }

    private static Map<String, WireType> wireTypesOf(List<SystemViews.Col> columns) {
        Map<String, WireType> m = new LinkedHashMap<>();
        columns.forEach(c -> m.put(c.name(), c.type()));
        return Map.copyOf(m);
    }

    private static java.util.Properties credentials(String user, String password) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return p;
    }

    /**
     * A connection for one client session, as the read-only engine user, times in UTC, lazy
     * results; fails once the engine has closed the database.
     */
    Connection openSession() throws SQLException {
        Connection c = new org.h2.Driver().connect(url + ";IFEXISTS=TRUE", credentials(READER, readerPassword));
        if (((org.h2.engine.SessionLocal) ((org.h2.jdbc.JdbcConnection) c).getSession()).getUser().isAdmin()) {
            c.close();
            throw new IllegalStateException("the engine session of a client is an admin; refusing it");
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET SCHEMA_SEARCH_PATH " + SCHEMA + ", public");
            s.execute("SET TIME ZONE 'UTC'");
            s.execute("SET NON_KEYWORDS " + EngineMode.NON_KEYWORDS);
            // Rows are produced as the client fetches them, not first collected in memory.
            s.execute("SET LAZY_QUERY_EXECUTION TRUE");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The PostgreSQL type of column {@code column} of relation {@code relation}, if defined here. */
    Optional<WireType> columnType(String relation, String column) {
        Map<String, WireType> t = columnTypes.get(relation);
        return Optional.ofNullable(t == null ? null : t.get(column));
    }

    /**
     * Whether the database still serves: false once the engine has closed it (after an
     * out-of-memory error or another fatal engine failure) or {@link #close()} ran.
     */
    boolean isOpen() {
        try {
            return !database.isClosing() && !owner.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    /** The engine table of per-relation view {@code name} (for tests: the rows and values it built). */
    EngineTables.ViewTable viewTable(String name) {
        org.h2.engine.SessionLocal session = (org.h2.engine.SessionLocal) ((org.h2.jdbc.JdbcConnection) owner).getSession();
        return (EngineTables.ViewTable) database.getSchema(SCHEMA).findTableOrView(session, name);
    }

    /** Makes the engine close the database as it does after a fatal error (for tests). */
    void failForTest() {
        database.shutdownImmediately();
    }

    @Override
    public void close() throws SQLException {
        owner.close();
    }

    /**
     * The engine's {@code JAVA_OBJECT} serializer for this database: it refuses, so client
     * bytes ({@code CAST(X'ACED...' AS JAVA_OBJECT)}) never reach Java deserialisation. The
     * endpoint itself stores no Java objects. Public with a public constructor because the
     * engine instantiates it by name.
     */
    public static final class NoJavaObjects implements org.h2.api.JavaObjectSerializer {
        @Override
        public byte[] serialize(Object obj) {
            throw new UnsupportedOperationException("values of type JAVA_OBJECT are not supported");
        }

        @Override
        public Object deserialize(byte[] bytes) {
            throw new UnsupportedOperationException("values of type JAVA_OBJECT are not supported");
        }
    }
}
