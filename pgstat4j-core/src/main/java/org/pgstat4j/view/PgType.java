package org.pgstat4j.view;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/**
 * The SQL types of the statistics views' columns: PostgreSQL's type OID and name, the Java
 * class a row holds for it, and whether psql right-aligns it. A row value is either
 * {@code null} (SQL NULL) or an instance of {@link #javaType()}; {@link PgText} renders it.
 *
 * <p>The one way to misuse it: putting a value of another class than {@link #javaType()} into
 * a row. Renderers cast by type and fail on the first such value; check with {@link #accepts}.
 */
public enum PgType {
    BOOL(16, "bool", Boolean.class, false),
    NAME(19, "name", String.class, false),
    INT8(20, "int8", Long.class, true),
    INT4(23, "int4", Integer.class, true),
    TEXT(25, "text", String.class, false),
    /** Unsigned 32-bit, held in an {@code Integer} and shown unsigned. */
    OID(26, "oid", Integer.class, true),
    FLOAT8(701, "float8", Double.class, true),
    TIMESTAMPTZ(1184, "timestamptz", Instant.class, false),
    /** Held as a {@link BigInteger} or {@link BigDecimal}. */
    NUMERIC(1700, "numeric", Number.class, true);

    private final int oid;
    private final String typname;
    private final Class<?> javaType;
    private final boolean numeric;

    PgType(int oid, String typname, Class<?> javaType, boolean numeric) {
        this.oid = oid;
        this.typname = typname;
        this.javaType = javaType;
        this.numeric = numeric;
    }

    /** {@code pg_type.oid}, as a client sees it in a row description. */
    public int oid() {
        return oid;
    }

    /** {@code pg_type.typname}. */
    public String typname() {
        return typname;
    }

    public Class<?> javaType() {
        return javaType;
    }

    /** psql's aligned format puts these to the right (its list of numeric types). */
    public boolean rightAligned() {
        return numeric;
    }

    /** Whether {@code value} is a legal value of a column of this type (null is). */
    public boolean accepts(Object value) {
        if (value == null) {
            return true;
        }
        if (this == NUMERIC) {
            return value instanceof BigInteger || value instanceof BigDecimal;
        }
        return javaType.isInstance(value);
    }
}
