package org.pgstat4j.server.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pgstat4j.backend.SqlStateException;

/**
 * One session's configuration parameters (PostgreSQL's GUCs) as far as clients see them:
 * {@code SET}, {@code SHOW}, {@code RESET}, {@code current_setting}, {@code set_config}, and
 * the {@code ParameterStatus} reports of the parameters PostgreSQL reports.
 *
 * <p>Transaction rules as in PostgreSQL: a change made inside a transaction block is undone
 * when the block rolls back, and {@code SET LOCAL} lasts until the block ends.
 *
 * <p>Values the endpoint cannot honour are refused rather than ignored: output is always
 * UTF8 and ISO dates ({@code client_encoding} and {@code DateStyle} accept only the
 * equivalent spellings), and {@code standard_conforming_strings} stays on. {@code TimeZone}
 * accepts any zone the JDK knows; timestamps are shown in it.
 */
final class SessionSettings {
    static final String SERVER_VERSION = "14.23 (pgstat4j)";
    static final String SERVER_VERSION_NUM = "140023";

    /** Reported to the client at start-up and whenever they change ({@code GUC_REPORT}). */
    private static final List<String> REPORTED = List.of("application_name", "client_encoding", "DateStyle",
            "default_transaction_read_only", "in_hot_standby", "integer_datetimes", "IntervalStyle",
            "is_superuser", "server_encoding", "server_version", "session_authorization",
            "standard_conforming_strings", "TimeZone");
    private static final Set<String> READ_ONLY = Set.of("server_version", "server_version_num", "server_encoding",
            "integer_datetimes", "is_superuser", "session_authorization", "max_connections", "port",
            "block_size", "data_checksums", "max_identifier_length", "in_hot_standby", "lc_collate", "lc_ctype",
            "listen_addresses", "stats_temp_directory", "transaction_read_only");

    private final Map<String, String> canonicalNames = new LinkedHashMap<>();
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> local = new LinkedHashMap<>();
    private final Map<String, String> reported = new LinkedHashMap<>();
    private Map<String, String> atBlockStart;

    SessionSettings(String user, boolean superuser, int maxConnections, int port) {
        define("application_name", "");
        define("block_size", "8192");
        define("client_encoding", "UTF8");
        define("client_min_messages", "notice");
        define("data_checksums", "off");
        define("DateStyle", "ISO, MDY");
        define("default_transaction_isolation", "read committed");
        define("default_transaction_read_only", "on");
        define("extra_float_digits", "1");
        define("idle_in_transaction_session_timeout", "0");
        define("in_hot_standby", "off");
        define("integer_datetimes", "on");
        define("IntervalStyle", "postgres");
        define("is_superuser", superuser ? "on" : "off");
        define("lc_collate", "C");
        define("lc_ctype", "C");
        define("lc_messages", "C");
        define("lc_monetary", "C");
        define("lc_numeric", "C");
        define("lc_time", "C");
        define("listen_addresses", "localhost");
        define("lock_timeout", "0");
        define("max_connections", Integer.toString(maxConnections));
        define("max_identifier_length", "63");
        define("port", Integer.toString(port));
        define("search_path", "\"$user\", public");
        define("server_encoding", "UTF8");
        define("server_version", SERVER_VERSION);
        define("server_version_num", SERVER_VERSION_NUM);
        define("session_authorization", user);
        define("standard_conforming_strings", "on");
        define("statement_timeout", "0");
        define("stats_temp_directory", "pg_stat_tmp");
        define("TimeZone", "UTC");
        define("track_activities", "on");
        define("track_counts", "on");
        define("track_functions", "none");
        define("track_io_timing", "off");
        define("track_wal_io_timing", "off");
        define("transaction_isolation", "read committed");
        define("transaction_read_only", "on");
        values = new LinkedHashMap<>(defaults);
    }

    private void define(String name, String value) {
        canonicalNames.put(name.toLowerCase(Locale.ROOT), name);
        defaults.put(name, value);
    }

    /** The canonical spelling of a parameter, or null for an unknown one. */
    private String canonical(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("timezone") || lower.equals("time zone")) {
            return "TimeZone";
        }
        String c = canonicalNames.get(lower);
        if (c == null && lower.contains(".")) {
            return lower; // a custom (placeholder) parameter, as PostgreSQL allows
        }
        return c;
    }

    private String requireKnown(String name) throws PgError {
        String c = canonical(name);
        if (c == null) {
            throw PgError.error(PgError.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
        }
        return c;
    }

    /** {@code SHOW name}: the value and the column name to show it under. */
    String show(String name) throws PgError {
        String c = requireKnown(name);
        String v = get(c);
        if (v == null) {
            throw PgError.error(PgError.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
        }
        return v;
    }

    /** The column name {@code SHOW name} uses. */
    String showColumn(String name) throws PgError {
        String c = requireKnown(name);
        return c; // PostgreSQL names the column after the setting's own spelling: SHOW timezone gives TimeZone
    }

    private String get(String canonical) {
        String v = local.get(canonical);
        return v != null ? v : values.get(canonical);
    }

    /** Every parameter and its value, by name ({@code SHOW ALL}). */
    Map<String, String> all() {
        Map<String, String> m = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String n : values.keySet()) {
            m.put(n, get(n));
        }
        return m;
    }

    /** The value {@code RESET} would give a parameter (its session default), null if unknown. */
    String resetValue(String name) {
        String c = canonical(name);
        return c == null ? null : defaults.get(c);
    }

    /** {@code current_setting(name [, missing_ok])}. */
    String currentSetting(String name, boolean missingOk) {
        String c = canonical(name);
        String v = c == null ? null : get(c);
        if (v == null && !missingOk) {
            throw new SqlStateException(PgError.UNDEFINED_OBJECT,
                    "unrecognized configuration parameter \"" + name + "\"", null);
        }
        return v;
    }

    /**
     * {@code SET [LOCAL] name = value}; {@code value} null means {@code DEFAULT}. Returns the
     * value now in force.
     */
    String set(String name, String value, boolean isLocal, boolean inBlock) throws PgError {
        String c = requireKnown(name);
        if (READ_ONLY.contains(c)) {
            throw PgError.error(PgError.CANT_CHANGE_RUNTIME_PARAM, "parameter \"" + c + "\" cannot be changed");
        }
        String v = value == null ? defaults.getOrDefault(c, "") : validate(c, value);
        if (isLocal) {
            if (inBlock) {
                local.put(c, v);
            }
        } else {
            values.put(c, v);
            local.remove(c);
        }
        return get(c);
    }

    /** {@code RESET ALL} / {@code DISCARD ALL}. */
    void resetAll() {
        for (Map.Entry<String, String> e : defaults.entrySet()) {
            if (!READ_ONLY.contains(e.getKey())) {
                values.put(e.getKey(), e.getValue());
            }
        }
        values.keySet().removeIf(k -> !defaults.containsKey(k));
        local.clear();
    }

    private static String validate(String name, String value) throws PgError {
        String lower = value.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "client_encoding" -> {
                if (!Set.of("utf8", "utf-8", "unicode").contains(lower)) {
                    throw invalid(name, value, "pgstat4j sends UTF8 only.");
                }
                yield "UTF8";
            }
            case "DateStyle" -> {
                if (!lower.contains("iso")) {
                    throw invalid(name, value, "pgstat4j shows dates in ISO style only.");
                }
                yield lower.contains("dmy") ? "ISO, DMY" : lower.contains("ymd") ? "ISO, YMD" : "ISO, MDY";
            }
            case "TimeZone" -> {
                zone(value);
                yield value.strip();
            }
            case "standard_conforming_strings" -> {
                if (!Set.of("on", "true", "1", "yes").contains(lower)) {
                    throw PgError.error(PgError.FEATURE_NOT_SUPPORTED,
                            "standard_conforming_strings cannot be turned off in pgstat4j");
                }
                yield "on";
            }
            case "extra_float_digits" -> {
                try {
                    int n = Integer.parseInt(value.strip());
                    if (n < -15 || n > 3) {
                        throw invalid(name, value, null);
                    }
                    yield Integer.toString(n);
                } catch (NumberFormatException e) {
                    throw PgError.error(PgError.INVALID_PARAMETER_VALUE,
                            "invalid value for parameter \"extra_float_digits\": \"" + value + "\"");
                }
            }
            case "statement_timeout" -> {
                long ms = durationMillis(value);
                if (ms < 0) {
                    throw new PgError(false, PgError.INVALID_PARAMETER_VALUE, "invalid value for parameter \""
                            + name + "\": \"" + value + "\"", null,
                            "Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", \"h\", and \"d\".");
                }
                yield durationText(ms);
            }
            default -> value;
        };
    }

    private static final Map<String, Long> TIME_UNITS = Map.of("us", 0L, "ms", 1L, "s", 1_000L, "min", 60_000L,
            "h", 3_600_000L, "d", 86_400_000L);

    /**
     * A time-valued setting in milliseconds, as PostgreSQL reads it: a number of milliseconds
     * or a number with a unit ({@code 2s}, {@code 1.5min}); -1 when it is not one; null is 0.
     */
    static long durationMillis(String value) {
        if (value == null) {
            return 0;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        int unitAt = 0;
        while (unitAt < v.length() && (Character.isDigit(v.charAt(unitAt)) || v.charAt(unitAt) == '.')) {
            unitAt++;
        }
        String unit = v.substring(unitAt).strip();
        try {
            java.math.BigDecimal n = new java.math.BigDecimal(v.substring(0, unitAt));
            if (unit.equals("us")) {
                return n.divide(java.math.BigDecimal.valueOf(1000), 0, java.math.RoundingMode.HALF_UP).longValueExact();
            }
            Long factor = unit.isEmpty() ? Long.valueOf(1) : TIME_UNITS.get(unit);
            if (factor == null) {
                return -1;
            }
            return n.multiply(java.math.BigDecimal.valueOf(factor)).setScale(0, java.math.RoundingMode.HALF_UP)
                    .longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    /** Milliseconds as PostgreSQL shows a time setting: in the largest unit that divides it. */
    private static String durationText(long ms) {
        if (ms == 0) {
            return "0";
        }
        for (String unit : List.of("d", "h", "min", "s")) {
            long f = TIME_UNITS.get(unit);
            if (ms % f == 0) {
                return ms / f + unit;
            }
        }
        return ms + "ms";
    }

    /** The zone a {@code TimeZone} value names; PostgreSQL's spellings of UTC included. */
    static java.time.ZoneId zone(String value) throws PgError {
        String v = value.strip();
        if (Set.of("utc", "gmt", "z", "zulu", "universal", "utc0", "gmt0").contains(v.toLowerCase(Locale.ROOT))) {
            return java.time.ZoneOffset.UTC;
        }
        try {
            return java.time.ZoneId.of(v);
        } catch (java.time.DateTimeException e) {
            throw invalid("TimeZone", value, null);
        }
    }

    /** The session's time zone, in which timestamptz values are shown. */
    java.time.ZoneId timeZone() {
        try {
            return zone(get("TimeZone"));
        } catch (PgError e) {
            return java.time.ZoneOffset.UTC;
        }
    }

    private static PgError invalid(String name, String value, String hint) {
        return new PgError(false, PgError.INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"" + name + "\": \"" + value + "\"", null, hint);
    }

    // ---------------------------------------------------------------- transactions

    void beginBlock() {
        atBlockStart = new LinkedHashMap<>(values);
    }

    /** The block ends: committed changes stay, a rollback restores the values at BEGIN. */
    void endBlock(boolean commit) {
        if (!commit && atBlockStart != null) {
            values = atBlockStart;
        }
        atBlockStart = null;
        local.clear();
    }

    // ---------------------------------------------------------------- reports

    /** The reported parameters whose value the client has not been told yet (all at start-up). */
    Map<String, String> unreported() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : REPORTED) {
            String v = get(n);
            if (v != null && !v.equals(reported.get(n))) {
                out.put(n, v);
                reported.put(n, v);
            }
        }
        return out;
    }
}
