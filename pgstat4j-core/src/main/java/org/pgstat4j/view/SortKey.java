package org.pgstat4j.view;

/**
 * One {@code ORDER BY} item: a column, ascending, NULLs last unless {@code nullsFirst}.
 * Text and names compare as PostgreSQL's C collation does (by UTF-8 bytes).
 *
 * <p>The one way to misuse it: expecting a locale's order for text. Names compare by their
 * UTF-8 bytes (the C collation), as the conformance exports do.
 */
public record SortKey(String column, boolean nullsFirst) {
    public static SortKey asc(String column) {
        return new SortKey(column, false);
    }

    public static SortKey ascNullsFirst(String column) {
        return new SortKey(column, true);
    }
}
