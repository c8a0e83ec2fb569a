package org.pgstat4j.server.sql;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.pgstat4j.backend.SqlStateException;

/**
 * PostgreSQL's administration and information functions that monitoring clients call:
 * {@code pg_is_in_recovery()}, the size functions, {@code pg_size_pretty}, {@code age},
 * {@code pg_get_userbyid}, {@code inet_server_addr()}, {@code clock_timestamp()},
 * {@code date_part}, {@code quote_ident}, and the WAL
 * position functions. Each public static method becomes a SQL function of its name.
 *
 * <p>Invariant: nothing here invents a fact about the observed cluster. A size or position
 * pgstat4j cannot know is NULL of PostgreSQL's result type (the size functions, whose NULL
 * PostgreSQL also gives for a relation that does not exist) or an error {@code 0A000} that
 * names the function (where a NULL could be read as an answer); docs/SQL.md lists them.
 */
public final class CatalogFunctions {
    private CatalogFunctions() {
    }

    private static SqlStateException unknowable(String function) {
        return new SqlStateException(PgError.FEATURE_NOT_SUPPORTED, function + " is not supported by pgstat4j",
                "pgstat4j receives statistics messages only; it cannot know the server's WAL positions or transaction ids.");
    }

    /**
     * pgstat4j serves statistics, never as a standby in recovery of its own. The value is the
     * engine's text {@code f} (sent as PostgreSQL's {@code boolean}) so that PostgreSQL's
     * {@code CASE pg_is_in_recovery() WHEN 't' ...} compares as PostgreSQL compares it.
     */
    public static String pg_is_in_recovery() {
        return "f";
    }

    public static Long pg_database_size(String name) {
        return null;
    }

    public static Long pg_table_size(Long relation) {
        return null;
    }

    public static Long pg_indexes_size(Long relation) {
        return null;
    }

    public static Long pg_relation_size(Long relation) {
        return null;
    }

    public static Long pg_total_relation_size(Long relation) {
        return null;
    }

    /**
     * {@code pg_size_pretty(bigint)}: bytes below 10 kB, else kB, MB, GB or TB, each step a
     * division truncated toward zero and the last half rounded away from zero.
     */
    public static String pg_size_pretty(Long size) {
        if (size == null) {
            return null;
        }
        long limit = 10 * 1024;
        long limit2 = limit * 2 - 1;
        long s = size;
        if (Math.abs(s) < limit) {
            return s + " bytes";
        }
        s /= 512; // half-kB units, truncated toward zero as the larger units below
        String[] units = {"kB", "MB", "GB"};
        for (String unit : units) {
            if (Math.abs(s) < limit2) {
                return halfRounded(s) + " " + unit;
            }
            s /= 1024;
        }
        return halfRounded(s) + " TB";
    }

    private static long halfRounded(long x) {
        return (x + (x < 0 ? -1 : 1)) / 2;
    }

    /** {@code age(xid)}: the observed server's current transaction id is not known. */
    public static Integer age(Long xid) {
        if (xid == null) {
            return null;
        }
        throw unknowable("age(xid)");
    }

    /** {@code pg_get_userbyid(oid)}: the session's user for the bootstrap superuser's OID; a predefined role's name. */
    public static String pg_get_userbyid(Long oid) {
        if (oid == null) {
            return null;
        }
        if (oid == SystemViews.BOOTSTRAP_SUPERUSER) {
            return SqlSession.current().userName();
        }
        for (var r : SystemViews.PREDEFINED_ROLES.entrySet()) {
            if (r.getValue().longValue() == oid) {
                return r.getKey();
            }
        }
        return "unknown (OID=" + oid + ")";
    }

    /** {@code inet_server_addr()}: not known to a session of this endpoint (NULL, as over a Unix socket). */
    public static String inet_server_addr() {
        return null;
    }

    /**
     * {@code date_part(field, timestamptz)}: a field of the time stamp in the session's time
     * zone, as {@code float8} (PostgreSQL 14's type for {@code date_part}).
     */
    public static Double date_part(String field, OffsetDateTime t) {
        if (field == null || t == null) {
            return null;
        }
        java.time.ZonedDateTime z = t.atZoneSameInstant(SqlSession.current().settings().timeZone());
        double secondsWithFraction = z.getSecond() + z.getNano() / 1e9;
        return switch (field.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "epoch" -> t.toEpochSecond() + t.getNano() / 1e9;
            case "year", "years" -> (double) z.getYear();
            case "month", "months", "mon", "mons" -> (double) z.getMonthValue();
            case "day", "days" -> (double) z.getDayOfMonth();
            case "hour", "hours" -> (double) z.getHour();
            case "minute", "minutes", "min", "mins" -> (double) z.getMinute();
            case "second", "seconds", "sec", "secs" -> secondsWithFraction;
            case "milliseconds", "millisecond", "ms" -> z.getSecond() * 1000.0 + z.getNano() / 1e6;
            case "microseconds", "microsecond", "us" -> z.getSecond() * 1e6 + z.getNano() / 1000;
            case "dow" -> (double) (z.getDayOfWeek().getValue() % 7);
            case "isodow" -> (double) z.getDayOfWeek().getValue();
            case "doy" -> (double) z.getDayOfYear();
            case "quarter" -> (double) ((z.getMonthValue() - 1) / 3 + 1);
            case "week" -> (double) z.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "isoyear" -> (double) z.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR);
            default -> throw new SqlStateException(PgError.INVALID_PARAMETER_VALUE,
                    "timestamp with time zone units \"" + field + "\" not recognized", null);
        };
    }

    /** PostgreSQL 14's key words that are not unreserved (from {@code pg_get_keywords()}): quoted as names. */
    private static final java.util.Set<String> RESERVED = reservedKeywords();

    private static java.util.Set<String> reservedKeywords() {
        try (var in = CatalogFunctions.class.getResourceAsStream("pg_keywords_not_unreserved.txt")) {
            return java.util.Set.copyOf(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines().filter(l -> !l.isBlank()).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * {@code quote_ident(text)}: the name in double quotes (inner quotes doubled) unless it is
     * a lower-case identifier ({@code a-z}, {@code _} first, then also digits) that is no key
     * word PostgreSQL reserves in any way. (Called under another name: the engine's own
     * {@code QUOTE_IDENT} always quotes.)
     */
    public static String pgstat4j_quote_ident(String name) {
        if (name == null) {
            return null;
        }
        boolean safe = !name.isEmpty() && (name.charAt(0) == '_' || (name.charAt(0) >= 'a' && name.charAt(0) <= 'z'))
                && name.chars().allMatch(c -> c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                && !RESERVED.contains(name);
        return safe ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    public static OffsetDateTime clock_timestamp() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    public static String pg_current_wal_lsn() {
        throw unknowable("pg_current_wal_lsn()");
    }

    public static String pg_last_wal_receive_lsn() {
        throw unknowable("pg_last_wal_receive_lsn()");
    }

    public static String pg_last_wal_replay_lsn() {
        throw unknowable("pg_last_wal_replay_lsn()");
    }

    /** {@code pg_lsn(text)}: a WAL position {@code X/Y} as PostgreSQL prints it. */
    public static String pg_lsn(String text) {
        if (text == null) {
            return null;
        }
        return lsnText(parseLsn(text));
    }

    /** {@code pg_wal_lsn_diff(a, b)}: bytes between two WAL positions. */
    public static java.math.BigDecimal pg_wal_lsn_diff(String a, String b) {
        if (a == null || b == null) {
            return null;
        }
        return new java.math.BigDecimal(java.math.BigInteger.valueOf(parseLsn(a))
                .subtract(java.math.BigInteger.valueOf(parseLsn(b))));
    }

    private static long parseLsn(String text) {
        int slash = text.indexOf('/');
        try {
            if (slash > 0 && slash <= 8 && text.length() - slash - 1 <= 8 && text.length() > slash + 1) {
                long hi = Long.parseLong(text.substring(0, slash), 16);
                long lo = Long.parseLong(text.substring(slash + 1), 16);
                return (hi << 32) | lo;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SqlStateException(PgError.INVALID_TEXT_REPRESENTATION,
                "invalid input syntax for type pg_lsn: \"" + text + "\"", null);
    }

    private static String lsnText(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(lsn & 0xFFFF_FFFFL).toUpperCase(java.util.Locale.ROOT);
    }
}
