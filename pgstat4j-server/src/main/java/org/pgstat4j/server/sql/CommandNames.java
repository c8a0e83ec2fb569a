package org.pgstat4j.server.sql;

import java.util.List;
import java.util.Locale;
import org.pgstat4j.server.sql.SqlLexer.Token;

/**
 * How PostgreSQL names a statement: the command tag word of a rows-returning statement
 * ({@code SELECT}, {@code EXPLAIN}, {@code CALL}) and the command in error messages
 * ({@code CREATE TABLE}, {@code INSERT}, ...). From the statement's tokens alone.
 */
final class CommandNames {
    private CommandNames() {
    }

    /** The command tag word of rows-returning engine statements. */
    static String tagWord(List<Token> t) {
        return switch (t.get(0).value()) {
            case "explain" -> "EXPLAIN";
            case "call" -> "CALL";
            default -> "SELECT";
        };
    }

    /** {@code CREATE TABLE}, {@code INSERT}, ...: the command as PostgreSQL names it in messages. */
    static String commandName(List<Token> t) {
        String first = t.get(0).value().toUpperCase(Locale.ROOT);
        if (!List.of("CREATE", "DROP", "ALTER", "TRUNCATE").contains(first)) {
            return first;
        }
        if (first.equals("TRUNCATE")) {
            return "TRUNCATE TABLE";
        }
        List<String> skip = List.of("or", "replace", "temp", "temporary", "local", "global", "unlogged", "unique",
                "force", "cached", "memory");
        for (int i = 1; i < t.size(); i++) {
            String w = t.get(i).value();
            if (!skip.contains(w)) {
                String second = w.toUpperCase(Locale.ROOT);
                if (w.equals("materialized") && i + 1 < t.size()) {
                    second += " " + t.get(i + 1).value().toUpperCase(Locale.ROOT);
                }
                return first + " " + second;
            }
        }
        return first;
    }
}
