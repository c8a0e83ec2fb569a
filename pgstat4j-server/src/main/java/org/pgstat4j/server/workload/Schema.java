package org.pgstat4j.server.workload;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pgstat4j.backend.SqlStateException;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.catalog.PgProc;

/**
 * One database of a {@link Cluster}, and its {@code public} schema: the catalog its sessions
 * share ({@code pg_class}, {@code pg_proc}, and the cluster's {@code pg_database}) and the
 * tables, indexes and functions created in it — a tiny DDL so that workloads and scenarios
 * read like SQL ({@code createTable("t", true)} is {@code CREATE TABLE t (id serial PRIMARY KEY)}).
 *
 * <p>Thread-safe; DDL is serialised on the schema. Invariant: every object here is in the
 * catalog under the same OID, and dropping removes both.
 */
public final class Schema {
    /** Rows per heap page when a table is created without saying (a narrow table's). */
    public static final int DEFAULT_ROWS_PER_PAGE = 60;

    private final Cluster cluster;
    private final int oid;
    private final String name;
    private final Catalog catalog = new Catalog();
    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private final Map<String, Index> indexes = new ConcurrentHashMap<>();
    private final Map<String, SqlFunction> functions = new ConcurrentHashMap<>();

    Schema(Cluster cluster, int oid, String name) {
        this.cluster = cluster;
        this.oid = oid;
        this.name = name;
    }

    public Cluster cluster() {
        return cluster;
    }

    /** The database OID. */
    public int oid() {
        return oid;
    }

    /** The database name. */
    public String name() {
        return name;
    }

    /** The schema objects live in. */
    public String nspname() {
        return "public";
    }

    /** The catalog a connection to this database sees. */
    public Catalog catalog() {
        return catalog;
    }

    /** {@code CREATE TABLE name (...)} without indexes. */
    public Table createTable(String tableName) {
        return createTable(tableName, false, DEFAULT_ROWS_PER_PAGE);
    }

    /** {@code CREATE TABLE name (id serial PRIMARY KEY, ...)} when {@code withPrimaryKey}. */
    public Table createTable(String tableName, boolean withPrimaryKey) {
        return createTable(tableName, withPrimaryKey, DEFAULT_ROWS_PER_PAGE);
    }

    /** A table whose rows take {@code rowsPerPage} to a heap page. */
    public synchronized Table createTable(String tableName, boolean withPrimaryKey, int rowsPerPage) {
        if (tables.containsKey(tableName) || indexes.containsKey(tableName)) {
            throw new SqlStateException("42P07", "relation \"" + tableName + "\" already exists", null);
        }
        Table t = new Table(this, cluster.allocateOid(), tableName, rowsPerPage);
        catalog.addRelation(PgClass.table(t.oid(), nspname(), tableName));
        tables.put(tableName, t);
        if (withPrimaryKey) {
            createIndex(t, tableName + "_pkey");
        }
        return t;
    }

    /** {@code CREATE INDEX name ON table}. */
    public synchronized Index createIndex(Table table, String indexName) {
        if (tables.containsKey(indexName) || indexes.containsKey(indexName)) {
            throw new SqlStateException("42P07", "relation \"" + indexName + "\" already exists", null);
        }
        Index i = new Index(cluster.allocateOid(), indexName, table);
        catalog.addRelation(PgClass.index(i.oid(), nspname(), indexName, table.oid()));
        indexes.put(indexName, i);
        table.addIndex(i);
        return i;
    }

    /** {@code CREATE FUNCTION name(...) ... LANGUAGE language}. */
    public synchronized SqlFunction createFunction(String functionName, String language) {
        SqlFunction f = new SqlFunction(cluster.allocateOid(), functionName, language);
        catalog.addFunction(new PgProc(f.oid(), nspname(), functionName));
        functions.put(functionName, f);
        return f;
    }

    /** {@code DROP TABLE}: the table and its indexes leave the catalog (their statistics stay until purged). */
    public synchronized void dropTable(Table t) {
        if (tables.remove(t.name(), t)) {
            for (Index i : t.indexes()) {
                indexes.remove(i.name(), i);
            }
            catalog.dropRelation(t.oid());
        }
    }

    /** {@code DROP FUNCTION}. */
    public synchronized void dropFunction(SqlFunction f) {
        if (functions.remove(f.name(), f)) {
            catalog.dropFunction(f.oid());
        }
    }

    /** @throws SqlStateException 42P01 when there is no such table */
    public Table table(String tableName) {
        Table t = tables.get(tableName);
        if (t == null) {
            throw new SqlStateException("42P01", "relation \"" + tableName + "\" does not exist", null);
        }
        return t;
    }

    /** @throws SqlStateException 42P01 when there is no such index */
    public Index index(String indexName) {
        Index i = indexes.get(indexName);
        if (i == null) {
            throw new SqlStateException("42P01", "relation \"" + indexName + "\" does not exist", null);
        }
        return i;
    }

    /** @throws SqlStateException 42883 when there is no such function */
    public SqlFunction function(String functionName) {
        SqlFunction f = functions.get(functionName);
        if (f == null) {
            throw new SqlStateException("42883", "function " + functionName + " does not exist", null);
        }
        return f;
    }

    /** A builder for a session connected to this database. */
    public SessionBuilder session() {
        return new SessionBuilder(this);
    }

    /** A client session with default settings. */
    public Session connect() {
        return session().connect();
    }

    /** A monitoring client that reads this database's views without being a counted session. */
    public Observer observer() {
        return new Observer(this);
    }

    @Override
    public String toString() {
        return name + " (" + Integer.toUnsignedString(oid) + ")";
    }
}
