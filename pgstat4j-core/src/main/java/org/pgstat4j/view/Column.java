package org.pgstat4j.view;

/**
 * One column of a view: its name as PostgreSQL spells it and its SQL type.
 *
 * <p>The one way to misuse it: filling the column with values of another Java class than its
 * type's (an {@code Integer} for a {@code bigint}). Renderers cast by type;
 * {@link PgType#accepts} tells what fits.
 */
public record Column(String name, PgType type) {
    public static Column of(String name, PgType type) {
        return new Column(name, type);
    }
}
