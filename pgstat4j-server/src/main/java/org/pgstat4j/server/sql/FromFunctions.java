package org.pgstat4j.server.sql;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pgstat4j.server.sql.SqlLexer.Kind;
import org.pgstat4j.server.sql.SqlLexer.Token;

/**
 * Scalar functions in {@code FROM} ({@code SELECT * FROM pg_postmaster_start_time()}): in
 * PostgreSQL a one-row, one-column relation named after the function (or after the table
 * alias), which the engine only allows for functions returning a result set. Only a
 * {@code FROM} clause counts ({@code extract(epoch FROM now())} is a call's argument). The call becomes
 * the engine's derived table {@code (SELECT call AS name)}; this class says where the two
 * pieces of text go, by token index, found from the tokens alone (a function name of this
 * endpoint right after {@code FROM} or {@code JOIN}, up to its closing parenthesis).
 */
final class FromFunctions {
    /** Key words that may follow a {@code FROM} item and are no alias. */
    private static final Set<String> NOT_ALIASES = Set.of("where", "join", "on", "using", "group", "order", "limit",
            "offset", "fetch", "left", "right", "inner", "outer", "cross", "full", "natural", "union", "except",
            "intersect", "window", "having", "for", "lateral");
    private static final Set<String> SCALAR = scalarFunctions();

    private FromFunctions() {
    }

    private static Set<String> scalarFunctions() {
        Set<String> names = new TreeSet<>();
        for (Class<?> c : List.of(StatAccessors.class, SessionFunctions.class, CatalogFunctions.class)) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())
                        && !m.getName().startsWith("pgstat4j_")) {
                    names.add(m.getName());
                }
            }
        }
        names.add("now");
        return Set.copyOf(names);
    }

    /** Text to insert before the token of each index (the size of {@code t} for the end). */
    static Map<Integer, String> inserts(List<Token> t) {
        Map<Integer, String> out = new HashMap<>();
        // for each open parenthesis: whether it is a call's (extract(x FROM y) has no FROM clause)
        java.util.ArrayDeque<Boolean> calls = new java.util.ArrayDeque<>();
        for (int i = 1; i < t.size(); i++) {
            Token prev = t.get(i - 1);
            if (prev.kind() == Kind.LPAREN) {
                calls.push(i >= 2 && (t.get(i - 2).kind() == Kind.IDENT || t.get(i - 2).kind() == Kind.QUOTED_IDENT));
            } else if (prev.kind() == Kind.RPAREN && !calls.isEmpty()) {
                calls.pop();
            }
            boolean clause = calls.isEmpty() || !calls.peek();
            if (!clause || !(prev.isWord("from") || prev.isWord("join"))) {
                continue;
            }
            int name = i;
            if (i + 2 < t.size() && t.get(i).isWord("pg_catalog") && t.get(i + 1).kind() == Kind.DOT) {
                name = i + 2;
            }
            if (name + 1 >= t.size() || t.get(name).kind() != Kind.IDENT || !SCALAR.contains(t.get(name).value())
                    || t.get(name + 1).kind() != Kind.LPAREN) {
                continue;
            }
            int close = closing(t, name + 1);
            if (close < 0) {
                continue;
            }
            out.put(i, "(SELECT ");
            out.merge(close + 1, " AS " + columnName(t, close, t.get(name).value()) + ")", String::concat);
        }
        return out;
    }

    /** PostgreSQL's column name: the table alias when one is given without column names, else the function's. */
    private static String columnName(List<Token> t, int close, String function) {
        int a = close + 1;
        if (a < t.size() && t.get(a).isWord("as")) {
            a++;
        }
        if (a < t.size() && (t.get(a).kind() == Kind.QUOTED_IDENT
                || (t.get(a).kind() == Kind.IDENT && !NOT_ALIASES.contains(t.get(a).value())))
                && !(a + 1 < t.size() && t.get(a + 1).kind() == Kind.LPAREN)) {
            return "\"" + t.get(a).value().replace("\"", "\"\"") + "\"";
        }
        return "\"" + function + "\"";
    }

    private static int closing(List<Token> t, int open) {
        int depth = 0;
        for (int j = open; j < t.size(); j++) {
            if (t.get(j).kind() == Kind.LPAREN) {
                depth++;
            } else if (t.get(j).kind() == Kind.RPAREN && --depth == 0) {
                return j;
            }
        }
        return -1;
    }
}
