package org.pgstat4j.server.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.pgstat4j.server.sql.SqlLexer.Kind;
import org.pgstat4j.server.sql.SqlLexer.Token;

/**
 * The statements this endpoint answers itself instead of the engine: session settings
 * ({@code SET}, {@code SHOW}, {@code RESET}), transaction control (whose only effect is on
 * the statistics snapshot), {@code DISCARD ALL}, {@code DEALLOCATE}, and the utility
 * statements that have no meaning here. Recognised by their leading key words, the way
 * PostgreSQL's own clients recognise them.
 */
sealed interface SessionCommand {
    /** {@code SET [SESSION | LOCAL] name {TO | =} value | DEFAULT}; {@code value} null = DEFAULT. */
    record Set(String name, String value, boolean local) implements SessionCommand { }

    /** Accepted with no effect (transaction characteristics: every transaction reads one snapshot). */
    record Accepted(String tag) implements SessionCommand { }

    /** {@code SHOW name}; {@code name} null = {@code SHOW ALL}. */
    record Show(String name) implements SessionCommand { }

    /** {@code RESET name}; {@code name} null = {@code RESET ALL}. */
    record Reset(String name) implements SessionCommand { }

    record Begin() implements SessionCommand { }

    record Commit() implements SessionCommand { }

    record Rollback() implements SessionCommand { }

    /** {@code SAVEPOINT}, {@code RELEASE}, {@code ROLLBACK TO}: valid only in a block; no effect on the snapshot. */
    record Savepoint(String tag) implements SessionCommand { }

    record DiscardAll() implements SessionCommand { }

    /** {@code DEALLOCATE [PREPARE] name | ALL}; {@code name} null = ALL. */
    record Deallocate(String name) implements SessionCommand { }

    /** A statement PostgreSQL has but this endpoint does not support. */
    record Unsupported(String what) implements SessionCommand { }

    java.util.Set<String> UNSUPPORTED = java.util.Set.of("listen", "notify", "unlisten", "copy", "prepare", "execute",
            "declare", "fetch", "move", "close", "lock", "checkpoint", "vacuum", "reindex", "cluster", "load",
            "refresh", "import", "security", "reassign", "do", "comment");

    /** The session command of a statement, or null when the engine runs it. */
    static SessionCommand of(List<Token> t) throws PgError {
        if (t.isEmpty() || t.get(0).kind() != Kind.IDENT) {
            return null;
        }
        String first = t.get(0).value();
        return switch (first) {
            case "set" -> set(t);
            case "show" -> new Show(parameterName(t, 1, true));
            case "reset" -> new Reset(parameterName(t, 1, true));
            case "begin" -> new Begin();
            case "start" -> word(t, 1, "transaction") ? new Begin() : syntaxError(t, 1);
            case "commit", "end" -> new Commit();
            case "abort" -> new Rollback();
            case "rollback" -> hasWord(t, "to") ? new Savepoint("ROLLBACK") : new Rollback();
            case "savepoint" -> new Savepoint("SAVEPOINT");
            case "release" -> new Savepoint("RELEASE");
            case "discard" -> word(t, 1, "all") ? new DiscardAll()
                    : new Unsupported("DISCARD " + (t.size() > 1 ? t.get(1).value().toUpperCase(Locale.ROOT) : ""));
            case "deallocate" -> deallocate(t);
            default -> UNSUPPORTED.contains(first) ? new Unsupported(first.toUpperCase(Locale.ROOT)) : null;
        };
    }

    private static boolean word(List<Token> t, int i, String w) {
        return i < t.size() && t.get(i).isWord(w);
    }

    private static boolean hasWord(List<Token> t, String w) {
        for (Token x : t) {
            if (x.isWord(w)) {
                return true;
            }
        }
        return false;
    }

    private static SessionCommand set(List<Token> t) throws PgError {
        int i = 1;
        boolean local = false;
        if (word(t, i, "session")) {
            if (word(t, i + 1, "characteristics") || word(t, i + 1, "authorization")) {
                return word(t, i + 1, "characteristics") ? new Accepted("SET") : new Unsupported("SET SESSION AUTHORIZATION");
            }
            i++;
        } else if (word(t, i, "local")) {
            local = true;
            i++;
        }
        if (word(t, i, "transaction")) {
            return new Accepted("SET");
        }
        String name;
        if (word(t, i, "time") && word(t, i + 1, "zone")) {
            name = "TimeZone";
            i += 2;
        } else {
            name = parameterName(t, i, false);
            i += 1;
            while (i + 1 < t.size() && t.get(i).kind() == Kind.DOT) {
                i += 2;
            }
            if (i < t.size() && (t.get(i).isWord("to") || (t.get(i).kind() == Kind.OPERATOR && t.get(i).value().equals("=")))) {
                i++;
            } else {
                return syntaxError(t, i);
            }
        }
        if (i >= t.size()) {
            return syntaxError(t, i);
        }
        if (i == t.size() - 1 && (t.get(i).isWord("default") || t.get(i).isWord("local") && name.equals("TimeZone"))) {
            return new Set(name, null, local);
        }
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (; i < t.size(); i++) {
            Token x = t.get(i);
            switch (x.kind()) {
                case COMMA -> {
                    parts.add(cur.toString());
                    cur.setLength(0);
                }
                case STRING, IDENT, QUOTED_IDENT, NUMBER -> cur.append(x.value());
                case OPERATOR -> {
                    if (!x.value().equals("-") && !x.value().equals("+")) {
                        return syntaxError(t, i);
                    }
                    cur.append(x.value());
                }
                case DOT -> cur.append('.');
                default -> {
                    return syntaxError(t, i);
                }
            }
        }
        parts.add(cur.toString());
        return new Set(name, String.join(", ", parts), local);
    }

    /** The parameter name at {@code i} ({@code a.b} for custom ones); null for ALL when allowed. */
    private static String parameterName(List<Token> t, int i, boolean allowAll) throws PgError {
        if (i >= t.size()) {
            syntaxError(t, i);
        }
        if (allowAll && word(t, i, "all")) {
            return null;
        }
        if (word(t, i, "time") && word(t, i + 1, "zone")) {
            return "TimeZone";
        }
        if (word(t, i, "transaction") && word(t, i + 1, "isolation")) {
            return "transaction_isolation";
        }
        Kind k = t.get(i).kind();
        if (k != Kind.IDENT && k != Kind.QUOTED_IDENT) {
            syntaxError(t, i);
        }
        StringBuilder name = new StringBuilder(t.get(i).value());
        for (int j = i + 1; j + 1 < t.size() && t.get(j).kind() == Kind.DOT; j += 2) {
            name.append('.').append(t.get(j + 1).value());
        }
        return name.toString();
    }

    private static SessionCommand deallocate(List<Token> t) throws PgError {
        int i = word(t, 1, "prepare") ? 2 : 1;
        if (word(t, i, "all")) {
            return new Deallocate(null);
        }
        return new Deallocate(parameterName(t, i, false));
    }

    private static SessionCommand syntaxError(List<Token> t, int i) throws PgError {
        throw PgError.error(PgError.SYNTAX_ERROR, i < t.size()
                ? "syntax error at or near \"" + t.get(i).value() + "\""
                : "syntax error at end of input");
    }
}
