package org.pgstat4j.view;

/**
 * The {@code _all_}, {@code _sys_} and {@code _user_} variants of the per-relation views:
 * system = schema {@code pg_catalog} or {@code information_schema} or a schema whose name
 * starts with {@code pg_toast}; user = every other schema.
 *
 * <p>The one way to misuse it: testing a relation's own name instead of its schema's. The
 * split is by {@code nspname} alone: a table named {@code pg_x} in {@code public} is a user
 * table.
 */
public enum SchemaFilter {
    ALL("all"),
    SYS("sys"),
    USER("user");

    private final String infix;

    SchemaFilter(String infix) {
        this.infix = infix;
    }

    /** The word in the view name: {@code pg_stat_<infix>_tables}. */
    public String infix() {
        return infix;
    }

    public boolean test(String nspname) {
        boolean system = nspname.equals("pg_catalog") || nspname.equals("information_schema")
                || nspname.startsWith("pg_toast");
        return switch (this) {
            case ALL -> true;
            case SYS -> system;
            case USER -> !system;
        };
    }
}
