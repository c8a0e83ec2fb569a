package org.pgstat4j.server.http;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.pgstat4j.view.PgText;
import org.pgstat4j.view.PgType;
import org.pgstat4j.view.ViewDefinition;

/**
 * The row selection of {@code /api/v1/views/{name}}: filters ({@code ?relname=t_main} for
 * equality on any column, {@code ?where=col:op:value} with op one of {@code eq ne lt le gt ge}
 * or {@code ?where=col:isnull} / {@code col:notnull}), {@code order=col[.desc][,col...]} and
 * {@code limit=N}. Values compare as their SQL type does: numbers numerically, names and text
 * by bytes (C collation), timestamps by their ISO text, booleans as {@code t}/{@code f}; a NULL
 * satisfies only {@code isnull}, as in SQL. Ordering puts NULLs last ascending and first
 * descending, PostgreSQL's default. Without {@code order} rows come in the view's export order.
 */
final class ViewQuery {
    /** A request the user can fix; the message says what is wrong. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    private final ViewDefinition view;
    private final List<Predicate<Object[]>> filters = new ArrayList<>();
    private Comparator<Object[]> order;
    private Integer limit;

    private ViewQuery(ViewDefinition view) {
        this.view = view;
    }

    /** Parses the query parameters (each name with all its values, in order). */
    static ViewQuery parse(ViewDefinition view, Map<String, List<String>> params) throws BadRequest {
        ViewQuery q = new ViewQuery(view);
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            for (String value : e.getValue()) {
                switch (e.getKey()) {
                    case "where" -> q.where(value);
                    case "order" -> q.order(value);
                    case "limit" -> q.limit(value);
                    default -> q.filters.add(q.comparison(e.getKey(), "eq", value));
                }
            }
        }
        return q;
    }

    /** The selected rows of {@code rows}, filtered, ordered and cut. */
    List<Object[]> apply(List<Object[]> rows) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] r : rows) {
            if (filters.stream().allMatch(f -> f.test(r))) {
                out.add(r);
            }
        }
        out.sort(order != null ? order : view.exportComparator());
        return limit == null || limit >= out.size() ? out : out.subList(0, limit);
    }

    private void where(String spec) throws BadRequest {
        String[] p = spec.split(":", 3);
        if (p.length == 2 && (p[1].equals("isnull") || p[1].equals("notnull"))) {
            int i = column(p[0]);
            boolean isNull = p[1].equals("isnull");
            filters.add(r -> (r[i] == null) == isNull);
            return;
        }
        if (p.length != 3) {
            throw new BadRequest("where=" + spec + ": expected column:op:value (op: eq ne lt le gt ge) "
                    + "or column:isnull / column:notnull");
        }
        filters.add(comparison(p[0], p[1], p[2]));
    }

    private Predicate<Object[]> comparison(String columnName, String op, String text) throws BadRequest {
        int i = column(columnName);
        PgType type = view.columns().get(i).type();
        Comparable<Object> wanted = parse(type, columnName, text);
        Predicate<Integer> test = switch (op) {
            case "eq" -> c -> c == 0;
            case "ne" -> c -> c != 0;
            case "lt" -> c -> c < 0;
            case "le" -> c -> c <= 0;
            case "gt" -> c -> c > 0;
            case "ge" -> c -> c >= 0;
            default -> throw new BadRequest("unknown operator \"" + op + "\" in where: use eq, ne, lt, le, gt, ge, "
                    + "isnull or notnull");
        };
        return r -> r[i] != null && test.test(key(type, r[i]).compareTo(wanted));
    }

    private void order(String spec) throws BadRequest {
        Comparator<Object[]> c = null;
        for (String item : spec.split(",")) {
            String name = item;
            boolean desc = false;
            if (item.endsWith(".desc")) {
                name = item.substring(0, item.length() - 5);
                desc = true;
            } else if (item.endsWith(".asc")) {
                name = item.substring(0, item.length() - 4);
            }
            int i = column(name);
            PgType type = view.columns().get(i).type();
            Comparator<Object> values = (a, b) -> key(type, a).compareTo(key(type, b));
            Comparator<Object[]> one = desc
                    ? Comparator.comparing((Object[] r) -> r[i], Comparator.nullsFirst(values.reversed()))
                    : Comparator.comparing((Object[] r) -> r[i], Comparator.nullsLast(values));
            c = c == null ? one : c.thenComparing(one);
        }
        order = c.thenComparing(view.exportComparator());
    }

    private void limit(String text) throws BadRequest {
        try {
            limit = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 0) {
            throw new BadRequest("limit=" + text + ": expected a whole number >= 0");
        }
    }

    private int column(String name) throws BadRequest {
        int i = view.columnIndex(name);
        if (i < 0) {
            throw new BadRequest("view " + view.name() + " has no column \"" + name + "\"; its columns: "
                    + String.join(", ", view.columnNames()));
        }
        return i;
    }

    /** A value of the column as a comparable key: numbers as BigDecimal, the rest as text. */
    @SuppressWarnings("unchecked")
    private static Comparable<Object> key(PgType type, Object v) {
        Comparable<?> k = switch (type) {
            case INT4, INT8, FLOAT8, NUMERIC -> new BigDecimal(v.toString());
            case OID -> new BigDecimal(Integer.toUnsignedString((Integer) v));
            default -> new Text(PgText.format(type, v));
        };
        return (Comparable<Object>) k;
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> parse(PgType type, String column, String text) throws BadRequest {
        Comparable<?> k;
        switch (type) {
            case INT4, INT8, OID, FLOAT8, NUMERIC -> {
                try {
                    k = new BigDecimal(text.trim());
                } catch (NumberFormatException e) {
                    throw new BadRequest(column + " is " + type.typname() + ": \"" + text + "\" is not a number");
                }
            }
            case BOOL -> {
                String b = text.trim().toLowerCase(Locale.ROOT);
                if (!List.of("t", "true", "f", "false").contains(b)) {
                    throw new BadRequest(column + " is bool: use t or f, not \"" + text + "\"");
                }
                k = new Text(b.startsWith("t") ? "t" : "f");
            }
            default -> k = new Text(text);
        }
        return (Comparable<Object>) k;
    }

    /** Text in PostgreSQL's C collation: by UTF-8 bytes. */
    private record Text(String s) implements Comparable<Object> {
        public int compareTo(Object o) {
            return Arrays.compareUnsigned(s.getBytes(StandardCharsets.UTF_8),
                    ((Text) o).s.getBytes(StandardCharsets.UTF_8));
        }
    }

}
