package org.pgstat4j.catalog;

/**
 * {@code pg_class.relkind}: the kind of a relation, with PostgreSQL's one-letter code. The
 * statistics views choose their rows by kind (tables {@code r t m p}, indexes of {@code r t m},
 * sequences {@code S}).
 */
public enum RelKind {
    TABLE('r'),
    INDEX('i'),
    SEQUENCE('S'),
    TOAST_TABLE('t'),
    VIEW('v'),
    MATERIALIZED_VIEW('m'),
    COMPOSITE_TYPE('c'),
    FOREIGN_TABLE('f'),
    PARTITIONED_TABLE('p'),
    PARTITIONED_INDEX('I');

    private final char code;

    RelKind(char code) {
        this.code = code;
    }

    /** The letter stored in {@code pg_class.relkind}. */
    public char code() {
        return code;
    }

    /** True for the two index kinds, the only relations that belong to a table by {@code indrelid}. */
    public boolean isIndex() {
        return this == INDEX || this == PARTITIONED_INDEX;
    }

    /** The kind for a {@code relkind} letter, or null if PostgreSQL has no such kind. */
    public static RelKind fromCode(char code) {
        for (RelKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
