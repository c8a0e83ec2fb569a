package org.pgstat4j.server.workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgstat4j.backend.SqlStateException;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * {@code SELECT * FROM <view>} as a list of rows, each a map from column name to value in the
 * view's column order ({@code null} = SQL NULL), sorted like the conformance exports.
 */
public final class ViewRows {
    private ViewRows() {
    }

    /** @throws SqlStateException 42P01 for a name that is not a statistics view */
    public static ViewDefinition view(String name) {
        return Views.byName(name).orElseThrow(() -> new SqlStateException("42P01",
                "relation \"" + name + "\" does not exist", null));
    }

    public static List<Map<String, Object>> of(ViewDefinition view, ViewContext ctx) {
        List<String> names = view.columnNames();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object[] r : view.orderedRows(ctx)) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < r.length; i++) {
                m.put(names.get(i), r[i]);
            }
            out.add(Collections.unmodifiableMap(m));
        }
        return out;
    }

    /** The columns that name a row, in the order they are looked for. */
    private static final List<String> NAME_COLUMNS = List.of("indexrelname", "relname", "funcname", "slot_name",
            "name", "datname");

    /**
     * The first row whose name column — {@code indexrelname} (indexes), {@code relname}
     * (tables), {@code funcname} (functions), {@code slot_name} (replication slots),
     * {@code name} (SLRUs) or {@code datname} (databases) — is {@code name}, or null.
     */
    public static Map<String, Object> find(List<Map<String, Object>> rows, String name) {
        for (Map<String, Object> r : rows) {
            for (String column : NAME_COLUMNS) {
                if (r.containsKey(column)) {
                    if (name.equals(r.get(column))) {
                        return r;
                    }
                    break;
                }
            }
        }
        return null;
    }
}
