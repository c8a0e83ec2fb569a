package org.pgstat4j.catalog;

import java.util.Arrays;

/**
 * A set of relation OIDs as the catalog's name and index maps hold it: one relation's row
 * (standing for its OID, which costs nothing more: the row exists anyway) or an {@code int[]}
 * of two or more OIDs. A set is never changed; a writer replaces it.
 *
 * <p>The one way to misuse it: reading the row of a one-relation set as the current row. It
 * stands for the OID only; the catalog's OID map has the row.
 */
final class Oids {
    private static final int[] NONE = new int[0];

    private Oids() {
    }

    /** The OIDs of {@code set} (null: none). */
    static int[] of(Object set) {
        return switch (set) {
            case null -> NONE;
            case PgClass c -> new int[] {c.oid()};
            case int[] oids -> oids;
            default -> throw new IllegalArgumentException("not a set of OIDs: " + set.getClass());
        };
    }

    /** {@code set} with {@code c}'s OID added ({@code set} may be null). */
    static Object with(Object set, PgClass c) {
        int[] oids = of(set);
        for (int id : oids) {
            if (id == c.oid()) {
                return set;
            }
        }
        if (oids.length == 0) {
            return c;
        }
        int[] out = Arrays.copyOf(oids, oids.length + 1);
        out[oids.length] = c.oid();
        return out;
    }

    /**
     * {@code set} without {@code oid}, or null when none is left. Two or more OIDs stay an
     * array (the row of the one left is not at hand; an array of one is a set as well).
     */
    static Object without(Object set, int oid) {
        int[] oids = of(set);
        int[] out = new int[oids.length];
        int n = 0;
        for (int id : oids) {
            if (id != oid) {
                out[n++] = id;
            }
        }
        return n == 0 ? null : n == oids.length ? set : Arrays.copyOf(out, n);
    }
}
