package org.pgstat4j.server.sql;

import static org.pgstat4j.server.sql.WireType.BOOL;
import static org.pgstat4j.server.sql.WireType.INET;
import static org.pgstat4j.server.sql.WireType.INT2;
import static org.pgstat4j.server.sql.WireType.INT4;
import static org.pgstat4j.server.sql.WireType.INT8;
import static org.pgstat4j.server.sql.WireType.INTERVAL;
import static org.pgstat4j.server.sql.WireType.NAME;
import static org.pgstat4j.server.sql.WireType.OID;
import static org.pgstat4j.server.sql.WireType.PG_LSN;
import static org.pgstat4j.server.sql.WireType.TEXT;
import static org.pgstat4j.server.sql.WireType.TEXT_ARRAY;
import static org.pgstat4j.server.sql.WireType.TIMESTAMPTZ;
import static org.pgstat4j.server.sql.WireType.XID;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgstat4j.catalog.PgDatabase;

/**
 * PostgreSQL 14's system views that monitoring clients read besides the statistics views —
 * {@code pg_settings}, {@code pg_roles}, {@code pg_stat_activity}, {@code pg_locks},
 * {@code pg_stat_replication}, {@code pg_replication_slots} — and the full column list of
 * {@code pg_database}, each with PostgreSQL's column names and types.
 *
 * <p>Invariant: a value pgstat4j cannot know about the observed cluster (its backends, locks,
 * replication, transaction ids) is never invented: such rows are absent or such columns are
 * NULL of the column's type, and docs/SQL.md lists each case as a deviation. What is shown:
 * the endpoint's own settings, the calling session itself (with its running statement) in
 * {@code pg_stat_activity} and
 * the session's user and PostgreSQL's predefined roles in {@code pg_roles}, and the replication
 * slots the statistics know.
 */
final class SystemViews {
    /** One column of a system view: its name and PostgreSQL type. */
    record Col(String name, WireType type) { }

    /** PostgreSQL 14's predefined roles, present in every cluster, with their fixed OIDs. */
    static final Map<String, Integer> PREDEFINED_ROLES = Map.ofEntries(Map.entry("pg_database_owner", 6171),
            Map.entry("pg_read_all_data", 6181), Map.entry("pg_write_all_data", 6182), Map.entry("pg_monitor", 3373),
            Map.entry("pg_read_all_settings", 3374), Map.entry("pg_read_all_stats", 3375),
            Map.entry("pg_stat_scan_tables", 3377), Map.entry("pg_read_server_files", 4569),
            Map.entry("pg_write_server_files", 4570), Map.entry("pg_execute_server_program", 4571),
            Map.entry("pg_signal_backend", 4200));

    /** The OID of the bootstrap superuser, as in every PostgreSQL cluster. */
    static final int BOOTSTRAP_SUPERUSER = 10;
    private static final int PG_DEFAULT_TABLESPACE = 1663;
    private static final int UTF8_ENCODING = 6;

    static final Map<String, List<Col>> COLUMNS = columns();

    private SystemViews() {
    }

    private static Map<String, List<Col>> columns() {
        Map<String, List<Col>> m = new LinkedHashMap<>();
        m.put("pg_database", cols("oid", OID, "datname", NAME, "datdba", OID, "encoding", INT4, "datcollate", NAME,
                "datctype", NAME, "datistemplate", BOOL, "datallowconn", BOOL, "datconnlimit", INT4,
                "datlastsysoid", OID, "datfrozenxid", XID, "datminmxid", XID, "dattablespace", OID,
                "datacl", TEXT_ARRAY));
        m.put("pg_settings", cols("name", TEXT, "setting", TEXT, "unit", TEXT, "category", TEXT, "short_desc", TEXT,
                "extra_desc", TEXT, "context", TEXT, "vartype", TEXT, "source", TEXT, "min_val", TEXT,
                "max_val", TEXT, "enumvals", TEXT_ARRAY, "boot_val", TEXT, "reset_val", TEXT, "sourcefile", TEXT,
                "sourceline", INT4, "pending_restart", BOOL));
        m.put("pg_roles", cols("rolname", NAME, "rolsuper", BOOL, "rolinherit", BOOL, "rolcreaterole", BOOL,
                "rolcreatedb", BOOL, "rolcanlogin", BOOL, "rolreplication", BOOL, "rolconnlimit", INT4,
                "rolpassword", TEXT, "rolvaliduntil", TIMESTAMPTZ, "rolbypassrls", BOOL, "rolconfig", TEXT_ARRAY,
                "oid", OID));
        m.put("pg_stat_activity", cols("datid", OID, "datname", NAME, "pid", INT4, "leader_pid", INT4,
                "usesysid", OID, "usename", NAME, "application_name", TEXT, "client_addr", INET,
                "client_hostname", TEXT, "client_port", INT4, "backend_start", TIMESTAMPTZ,
                "xact_start", TIMESTAMPTZ, "query_start", TIMESTAMPTZ, "state_change", TIMESTAMPTZ,
                "wait_event_type", TEXT, "wait_event", TEXT, "state", TEXT, "backend_xid", XID,
                "backend_xmin", XID, "query_id", INT8, "query", TEXT, "backend_type", TEXT));
        m.put("pg_locks", cols("locktype", TEXT, "database", OID, "relation", OID, "page", INT4, "tuple", INT2,
                "virtualxid", TEXT, "transactionid", XID, "classid", OID, "objid", OID, "objsubid", INT2,
                "virtualtransaction", TEXT, "pid", INT4, "mode", TEXT, "granted", BOOL, "fastpath", BOOL,
                "waitstart", TIMESTAMPTZ));
        m.put("pg_stat_replication", cols("pid", INT4, "usesysid", OID, "usename", NAME, "application_name", TEXT,
                "client_addr", INET, "client_hostname", TEXT, "client_port", INT4, "backend_start", TIMESTAMPTZ,
                "backend_xmin", XID, "state", TEXT, "sent_lsn", PG_LSN, "write_lsn", PG_LSN, "flush_lsn", PG_LSN,
                "replay_lsn", PG_LSN, "write_lag", INTERVAL, "flush_lag", INTERVAL, "replay_lag", INTERVAL,
                "sync_priority", INT4, "sync_state", TEXT, "reply_time", TIMESTAMPTZ));
        m.put("pg_replication_slots", cols("slot_name", NAME, "plugin", NAME, "slot_type", TEXT, "datoid", OID,
                "database", NAME, "temporary", BOOL, "active", BOOL, "active_pid", INT4, "xmin", XID,
                "catalog_xmin", XID, "restart_lsn", PG_LSN, "confirmed_flush_lsn", PG_LSN, "wal_status", TEXT,
                "safe_wal_size", INT8, "two_phase", BOOL));
        return Map.copyOf(m);
    }

    private static List<Col> cols(Object... nameType) {
        List<Col> out = new ArrayList<>(nameType.length / 2);
        for (int i = 0; i < nameType.length; i += 2) {
            out.add(new Col((String) nameType[i], (WireType) nameType[i + 1]));
        }
        return List.copyOf(out);
    }

    /** The rows of system view {@code name} for the calling session. */
    static List<Object[]> rows(String name, SqlSession s) {
        List<Object[]> rows = new ArrayList<>();
        switch (name) {
            case "pg_database" -> {
                for (PgDatabase d : s.catalog().databases()) {
                    boolean template = d.datname().equals("template0") || d.datname().equals("template1");
                    rows.add(new Object[] {Integer.toUnsignedLong(d.oid()), d.datname(), (long) BOOTSTRAP_SUPERUSER,
                            UTF8_ENCODING, null, null, template, !d.datname().equals("template0"), -1, null, null,
                            null, (long) PG_DEFAULT_TABLESPACE, null});
                }
            }
            case "pg_settings" -> SettingsCatalog.rows(s.settings(), rows);
            case "pg_roles" -> {
                rows.add(new Object[] {s.userName(), s.isSuperuser(), true, s.isSuperuser(),
                        s.isSuperuser(), true, s.isSuperuser(), -1, "********", null, s.isSuperuser(), null,
                        (long) BOOTSTRAP_SUPERUSER});
                for (Map.Entry<String, Integer> r : PREDEFINED_ROLES.entrySet()) {
                    rows.add(new Object[] {r.getKey(), false, true, false, false, false, false, -1, "********", null,
                            false, null, (long) r.getValue()});
                }
            }
            case "pg_stat_activity" -> rows.add(new Object[] {Integer.toUnsignedLong(s.databaseId()), s.databaseName(),
                    s.backendPid(), null, (long) BOOTSTRAP_SUPERUSER, s.userName(),
                    s.settings().currentSetting("application_name", true), null, null, null, s.sessionStart(),
                    s.transactionStart(), s.transactionStart(), s.transactionStart(), null, null, "active", null,
                    null, null, s.currentQuery(), "client backend"});
            case "pg_replication_slots" -> {
                for (String slot : s.viewContext().logicalSlots().get()) {
                    rows.add(new Object[] {slot, null, "logical", null, null, null, null, null, null, null, null,
                            null, null, null, null});
                }
            }
            case "pg_locks", "pg_stat_replication" -> { }
            default -> throw new IllegalArgumentException("no system view " + name);
        }
        return rows;
    }
}
