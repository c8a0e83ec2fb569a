package org.pgstat4j.server.sql;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.Mode;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.value.DataType;
import org.h2.value.Value;

/**
 * The engine's compatibility mode: the engine's regular (standard SQL) mode with the few
 * switches of its own where PostgreSQL's rules differ — {@code GREATEST}/{@code LEAST}
 * ignore NULLs, NULL sorts above every value, {@code log(x)} is decimal, result columns are named as PostgreSQL names them — and PostgreSQL's type names the engine lacks ({@code timestamptz},
 * {@code float8}, {@code text} as a character string, ...), so that {@code x::timestamptz}
 * is a cast the engine itself performs.
 *
 * <p>The engine's own PostgreSQL mode is not used: it brings a {@code pg_catalog} of its own
 * (PostgreSQL 8.2 answers, functions that would shadow pgstat4j's) and numeric semantics
 * that are not PostgreSQL's either. This mode is a private instance: other engine databases
 * in the process keep theirs.
 *
 * <p>Invariant: set once on the database before any session connects; never changed.
 */
final class EngineMode {
    /**
     * Key words of the engine that PostgreSQL allows as column names and aliases
     * ({@code tup_fetched AS fetch}); as non-key-words they still work where the engine's
     * grammar needs them ({@code OFFSET}, {@code FETCH FIRST}, {@code INTERVAL '1' DAY}).
     */
    static final String NON_KEYWORDS = "fetch, offset, value, key, top, minus, intersects, rownum, qualify, regexp, "
            + "sysdate, systime, systimestamp, today, _rowid_, day, hour, minute, month, second, year, uescape";

    private EngineMode() {
    }

    /** Sets pgstat4j's mode on the database of {@code owner}. */
    static void apply(Connection owner) throws SQLException {
        Mode mode = newRegularMode();
        mode.greatestLeastIgnoreNulls = true;
        mode.logIsLogBase10 = true; // log(x) is the decimal logarithm
        // name columns when the query is read, before constants are folded: greatest(1, 2) is "greatest"
        mode.expressionNames = Mode.ExpressionNames.POSTGRESQL_STYLE;
        alias(mode, "TIMESTAMPTZ", Value.TIMESTAMP_TZ);
        alias(mode, "TIMETZ", Value.TIME_TZ);
        alias(mode, "FLOAT8", Value.DOUBLE);
        alias(mode, "FLOAT4", Value.REAL);
        alias(mode, "INT2", Value.SMALLINT);
        alias(mode, "INT4", Value.INTEGER);
        alias(mode, "INT8", Value.BIGINT);
        alias(mode, "BOOL", Value.BOOLEAN);
        alias(mode, "TEXT", Value.VARCHAR);
        alias(mode, "BPCHAR", Value.CHAR);
        SessionLocal session = (SessionLocal) ((JdbcConnection) owner).getSession();
        session.getDatabase().setMode(mode);
        try (java.sql.Statement s = owner.createStatement()) {
            // PostgreSQL sorts NULL above every value: last in ascending order, first in descending
            s.execute("SET DEFAULT_NULL_ORDERING HIGH");
        }
    }

    private static void alias(Mode mode, String name, int valueType) {
        mode.typeByNameMap.put(name, DataType.getDataType(valueType));
    }

    /** A fresh instance of the engine's regular mode (the shared one stays untouched). */
    private static Mode newRegularMode() throws SQLException {
        try {
            Constructor<Mode> c = Mode.class.getDeclaredConstructor(Mode.ModeEnum.class);
            c.setAccessible(true);
            Mode regular = Mode.getRegular();
            Mode mode = c.newInstance(Mode.ModeEnum.REGULAR);
            // the engine sets up its regular mode after construction: copy every switch
            for (java.lang.reflect.Field f : Mode.class.getFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isFinal(f.getModifiers())) {
                    Object v = f.get(regular);
                    if (v instanceof java.util.HashMap<?, ?> map) {
                        v = new java.util.HashMap<>(map);
                    } else if (v instanceof java.util.Set<?> set) {
                        v = new java.util.HashSet<>(set);
                    }
                    f.set(mode, v);
                }
            }
            return mode;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SQLException("cannot create the engine's compatibility mode", e);
        }
    }
}
