package org.pgstat4j.view;

/** One column of a view: its name as PostgreSQL spells it and its SQL type. */
public record Column(String name, PgType type) {
    public static Column of(String name, PgType type) {
        return new Column(name, type);
    }
}
