package org.pgstat4j.server.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL 14's system views in schema {@code pg_catalog} — the same in every PostgreSQL 14
 * cluster (initdb creates them) — with their OIDs and columns, as {@code pg_class} and
 * {@code pg_attribute} show them, read from {@code pg14_view_columns.tsv}. That file was
 * taken from a PostgreSQL 14 server:
 *
 * <pre>
 * SELECT c.oid, c.relname, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attcollation,
 *        pg_catalog.format_type(a.atttypid, a.atttypmod)
 *   FROM pg_catalog.pg_class c JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
 *  WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'v' ORDER BY c.oid, a.attnum
 * </pre>
 *
 * <p>Invariant: immutable facts of PostgreSQL 14, never of the observed cluster; every view
 * has its columns in {@code attnum} order, numbered from 1.
 */
final class Pg14Views {
    /** One column of a system view, as {@code pg_attribute} shows it. */
    record ViewColumn(int attnum, String attname, int atttypid, int atttypmod, int attcollation, String formatType) { }

    /** One system view: its OID, name and columns. */
    record SystemView(int oid, String relname, List<ViewColumn> columns) { }

    /** By OID, in OID order. */
    static final Map<Integer, SystemView> BY_OID;
    static final Map<String, SystemView> BY_NAME;
    /** {@code format_type(atttypid, atttypmod)} of every view column, by type OID and type modifier. */
    private static final Map<Long, String> FORMATTED;

    static {
        Map<Integer, String> names = new LinkedHashMap<>();
        Map<Integer, List<ViewColumn>> columns = new LinkedHashMap<>();
        Map<Long, String> formatted = new HashMap<>();
        try (InputStream in = Pg14Views.class.getResourceAsStream("pg14_view_columns.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t", -1);
                int oid = Integer.parseInt(f[0]);
                ViewColumn c = new ViewColumn(Integer.parseInt(f[2]), f[3], Integer.parseInt(f[4]),
                        Integer.parseInt(f[5]), Integer.parseInt(f[6]), f[7]);
                names.put(oid, f[1]);
                List<ViewColumn> list = columns.computeIfAbsent(oid, k -> new ArrayList<>());
                if (c.attnum() != list.size() + 1) {
                    throw new IllegalStateException("pg14_view_columns.tsv: " + f[1] + " column " + c.attnum()
                            + " out of order");
                }
                list.add(c);
                formatted.put(key(c.atttypid(), c.atttypmod()), c.formatType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, SystemView> byOid = new LinkedHashMap<>();
        Map<String, SystemView> byName = new HashMap<>();
        names.forEach((oid, name) -> {
            SystemView v = new SystemView(oid, name, List.copyOf(columns.get(oid)));
            byOid.put(oid, v);
            byName.put(name, v);
        });
        BY_OID = Collections.unmodifiableMap(byOid);
        BY_NAME = Map.copyOf(byName);
        FORMATTED = Map.copyOf(formatted);
    }

    private Pg14Views() {
    }

    private static long key(int typeOid, int typmod) {
        return ((long) typeOid << 32) | (typmod & 0xFFFF_FFFFL);
    }

    /** PostgreSQL's {@code format_type(type, typmod)} for a type a system view's column has; null if none has it. */
    static String formatType(int typeOid, int typmod) {
        return FORMATTED.get(key(typeOid, typmod));
    }
}
