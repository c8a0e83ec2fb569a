package org.pgstat4j.server.sql;

import java.time.OffsetDateTime;
import org.pgstat4j.backend.SqlStateException;

/**
 * The SQL functions of a session that are not statistics accessors: identity
 * ({@code version()}, {@code current_database()}, {@code pg_backend_pid()}, the session
 * user), settings ({@code current_setting}, {@code set_config}), {@code regclass} casts,
 * and the reset functions of spec §8.3. Each public static method becomes a SQL function of
 * its name and acts on the calling session.
 *
 * <p>Functions that return {@code void} in PostgreSQL return {@link #VOID} here (the row
 * description then says {@code void}, and the value is the empty text PostgreSQL sends), or
 * null where PostgreSQL's function is strict and got a NULL.
 */
public final class SessionFunctions {
    /** The value of a {@code void} function. */
    static final String VOID = "";

    private SessionFunctions() {
    }

    private static SqlSession s() {
        return SqlSession.current();
    }

    public static String version() {
        return "PostgreSQL " + SessionSettings.SERVER_VERSION + ", statistics collector rebuilt for the JVM, 64-bit";
    }

    public static String current_database() {
        return s().databaseName();
    }

    public static int pg_backend_pid() {
        return s().backendPid();
    }

    /** {@code current_user}, {@code session_user}, {@code user} (rewritten to this). */
    public static String pgstat4j_current_user() {
        return s().userName();
    }

    /** {@code now()}: the start of the current transaction, as PostgreSQL's. */
    public static OffsetDateTime pgstat4j_now() {
        return s().transactionStart();
    }

    /** {@code current_timestamp}: PostgreSQL's {@code now()}, the transaction's start (the engine's own differs). */
    public static OffsetDateTime pgstat4j_current_timestamp() {
        return s().transactionStart();
    }

    public static OffsetDateTime pg_postmaster_start_time() {
        return s().serverStart();
    }

    public static String current_setting(String name) {
        return s().settings().currentSetting(name, false);
    }

    public static String current_setting(String name, boolean missingOk) {
        return s().settings().currentSetting(name, missingOk);
    }

    public static String set_config(String name, String value, boolean isLocal) {
        return s().setConfig(name, value, isLocal);
    }

    public static String[] current_schemas(boolean includeImplicit) {
        return includeImplicit ? new String[] {"pg_catalog", "public"} : new String[] {"public"};
    }

    /** {@code '{a,b}'::text[]}: PostgreSQL's array text as an array (malformed text is 22P02). */
    public static String[] pgstat4j_array(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ArrayLiteral.parse(text);
        } catch (PgError e) {
            throw new SqlStateException(e.sqlState(), e.getMessage(), e.hint());
        }
    }

    /** {@code 1.5::numeric}: the value with all its digits, as PostgreSQL's unconstrained numeric. */
    public static java.math.BigDecimal pgstat4j_numeric(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.equalsIgnoreCase("nan") || t.toLowerCase(java.util.Locale.ROOT).endsWith("infinity")) {
            throw new SqlStateException(PgError.FEATURE_NOT_SUPPORTED, "numeric " + t + " is not supported", null);
        }
        try {
            return new java.math.BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new SqlStateException(PgError.INVALID_TEXT_REPRESENTATION,
                    "invalid input syntax for type numeric: \"" + text + "\"", null);
        }
    }

    /** {@code 'off'::boolean}: PostgreSQL's boolean input (t, true, yes, on, 1, their prefixes, ...). */
    public static Boolean pgstat4j_bool(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (!t.isEmpty()) {
            if ("true".startsWith(t) || "yes".startsWith(t) || t.equals("on") || t.equals("1")) {
                return true;
            }
            if ("false".startsWith(t) || "no".startsWith(t) || (t.length() >= 2 && "off".startsWith(t)) || t.equals("0")) {
                return false;
            }
        }
        throw new SqlStateException(PgError.INVALID_TEXT_REPRESENTATION,
                "invalid input syntax for type boolean: \"" + text + "\"", null);
    }

    /** {@code '1 day'::interval}: PostgreSQL's interval text as the engine's day-time interval text. */
    public static String pgstat4j_interval(String text) {
        return text == null ? null : IntervalInput.engineLiteral(text);
    }

    /**
     * An untyped literal read as {@code timestamptz} ({@code COALESCE(last_vacuum, '1970-01-01Z')}):
     * PostgreSQL's timestamptz input, in the session's time zone.
     */
    public static OffsetDateTime pgstat4j_untyped_timestamptz(String text) {
        return pgstat4j_timestamptz(text);
    }

    /** {@code 'text'::timestamptz} and {@code timestamptz 'text'}: PostgreSQL's timestamptz input. */
    public static OffsetDateTime pgstat4j_timestamptz(String text) {
        if (text == null) {
            return null;
        }
        SqlSession session = s();
        return TimestamptzInput.parse(text, session.settings().timeZone(), session.transactionStart());
    }

    /** {@code 'name'::regclass}: the OID of the relation the name denotes. */
    public static Long pgstat4j_regclass(String name) {
        return name == null ? null : Regclass.resolve(s().catalog(), name, s().userName());
    }

    /** {@code oid::regclass} shown as text: the relation's name, qualified when not on the search path. */
    public static String pgstat4j_regclass_name(long oid) {
        return Regclass.name(s().catalog(), (int) oid);
    }

    // ---------------------------------------------------------------- resets (spec §8.3)

    public static String pg_stat_reset() {
        s().resetFunctions("pg_stat_reset()").reset();
        return VOID;
    }

    /** Strict: NULL sends nothing and gives NULL. */
    public static String pg_stat_reset_shared(String target) {
        var r = s().resetFunctions("pg_stat_reset_shared(text)");
        if (target == null) {
            return null;
        }
        r.resetShared(target);
        return VOID;
    }

    public static String pg_stat_reset_single_table_counters(long oid) {
        s().resetFunctions("pg_stat_reset_single_table_counters(oid)").resetSingleTableCounters((int) oid);
        return VOID;
    }

    public static String pg_stat_reset_single_function_counters(long oid) {
        s().resetFunctions("pg_stat_reset_single_function_counters(oid)").resetSingleFunctionCounters((int) oid);
        return VOID;
    }

    /** Not strict: NULL resets every SLRU slot. */
    public static String pg_stat_reset_slru(String name) {
        s().resetFunctions("pg_stat_reset_slru(text)").resetSlru(name);
        return VOID;
    }

    /** Not strict: NULL resets every slot; an unknown name is an error (22023). */
    public static String pg_stat_reset_replication_slot(String name) {
        SqlSession session = s();
        var r = session.resetFunctions("pg_stat_reset_replication_slot(text)");
        r.resetReplicationSlot(name, session::slotKind);
        return VOID;
    }
}
