package org.pgstat4j.backend;

/**
 * PostgreSQL's {@code pg_class.relkind}, reduced to what statistics need: whether a relation
 * of this kind is counted (spec §4.2). Relations with storage and partitioned tables are;
 * views, foreign tables, composite types and partitioned indexes never are.
 *
 * <p>The one way to misuse it: opening a view or a foreign table with a counted kind. Its
 * activity then shows in the statistics, where PostgreSQL shows none; pass the relation's real
 * kind ({@link #fromCode}).
 */
public enum RelKind {
    RELATION('r', true),
    INDEX('i', true),
    SEQUENCE('S', true),
    TOAST_VALUE('t', true),
    VIEW('v', false),
    MATVIEW('m', true),
    COMPOSITE_TYPE('c', false),
    FOREIGN_TABLE('f', false),
    PARTITIONED_TABLE('p', false),
    PARTITIONED_INDEX('I', false);

    private final char code;
    private final boolean hasStorage;

    RelKind(char code, boolean hasStorage) {
        this.code = code;
        this.hasStorage = hasStorage;
    }

    /** The {@code relkind} character. */
    public char code() {
        return code;
    }

    /** Whether relations of this kind have data files. */
    public boolean hasStorage() {
        return hasStorage;
    }

    /** Whether a backend keeps counts for relations of this kind. */
    public boolean isCounted() {
        return hasStorage || this == PARTITIONED_TABLE;
    }

    /** True for the two index kinds, the only relations that belong to a table by {@code indrelid}. */
    public boolean isIndex() {
        return this == INDEX || this == PARTITIONED_INDEX;
    }

    /** The kind of a {@code relkind} character; throws for a letter PostgreSQL does not use. */
    public static RelKind fromCode(char code) {
        for (RelKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown relkind '" + code + "'");
    }
}
