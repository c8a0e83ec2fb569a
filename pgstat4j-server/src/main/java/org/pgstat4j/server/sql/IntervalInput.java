package org.pgstat4j.server.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import org.pgstat4j.backend.SqlStateException;

/**
 * PostgreSQL's {@code interval} input text ({@code '1 day'}, {@code '2 hours 30 minutes'},
 * {@code '1 day 02:00:00'}, {@code '90 seconds ago'}) as the engine's day-time interval
 * literal ({@code D HH:MM:SS.ffffff}).
 *
 * <p>Invariant: only values the engine holds as PostgreSQL does are accepted: days and a time
 * under 24 hours. Months and years (which the engine cannot put in the same interval) and a
 * time part of 24 hours or more (which PostgreSQL keeps apart from days, {@code 36:00:00})
 * are refused with {@code 0A000}; text PostgreSQL would reject is {@code 22007}.
 */
final class IntervalInput {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

    private IntervalInput() {
    }

    /** The engine's literal for PostgreSQL interval text {@code s}. */
    static String engineLiteral(String s) {
        long days = 0;
        long micros = 0;
        String[] words = s.strip().toLowerCase(Locale.ROOT).split("\\s+");
        boolean ago = false;
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.isEmpty() || w.equals("@")) {
                continue;
            }
            if (w.equals("ago") && i == words.length - 1) {
                ago = true;
            } else if (w.contains(":")) {
                micros += time(w, s);
            } else {
                BigDecimal n = number(w, s);
                if (i + 1 >= words.length) {
                    micros += n.multiply(BigDecimal.valueOf(MICROS_PER_SECOND)).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
                    continue;
                }
                String unit = words[++i];
                switch (unit) {
                    case "week", "weeks", "w" -> {
                        BigDecimal d = n.multiply(BigDecimal.valueOf(7));
                        days += d.longValue();
                        micros += fraction(d, MICROS_PER_DAY);
                    }
                    case "day", "days", "d" -> {
                        days += n.longValue();
                        micros += fraction(n, MICROS_PER_DAY);
                    }
                    case "hour", "hours", "hr", "hrs", "h" -> micros += scaled(n, 3_600L * MICROS_PER_SECOND);
                    case "minute", "minutes", "min", "mins", "m" -> micros += scaled(n, 60L * MICROS_PER_SECOND);
                    case "second", "seconds", "sec", "secs", "s" -> micros += scaled(n, MICROS_PER_SECOND);
                    case "millisecond", "milliseconds", "ms", "msec", "msecs" -> micros += scaled(n, 1000L);
                    case "microsecond", "microseconds", "us", "usec", "usecs" -> micros += scaled(n, 1L);
                    case "month", "months", "mon", "mons", "year", "years", "y", "yr", "yrs", "decade", "decades",
                         "century", "centuries", "millennium", "millennia" -> throw new SqlStateException(
                            PgError.FEATURE_NOT_SUPPORTED, "intervals of months or years are not supported",
                            "Write the interval in days, e.g. interval '30 days'.");
                    default -> throw invalid(s);
                }
            }
        }
        if (ago) {
            days = -days;
            micros = -micros;
        }
        if (Math.abs(micros) >= MICROS_PER_DAY || (days != 0 && micros != 0 && Long.signum(days) != Long.signum(micros))) {
            throw new SqlStateException(PgError.FEATURE_NOT_SUPPORTED,
                    "intervals whose time part is 24 hours or more, or of another sign than their days, are not supported",
                    "Write whole days as days, e.g. interval '1 day 12:00:00'.");
        }
        long abs = Math.abs(micros);
        boolean negative = days < 0 || micros < 0;
        long secs = abs / MICROS_PER_SECOND;
        return String.format(Locale.ROOT, "%s%d %02d:%02d:%02d.%06d", negative ? "-" : "", Math.abs(days),
                secs / 3600, secs / 60 % 60, secs % 60, abs % MICROS_PER_SECOND);
    }

    private static long time(String w, String s) {
        boolean negative = w.startsWith("-");
        String[] p = (negative || w.startsWith("+") ? w.substring(1) : w).split(":", -1);
        if (p.length < 2 || p.length > 3) {
            throw invalid(s);
        }
        long micros = number(p[0], s).longValue() * 3_600L * MICROS_PER_SECOND
                + number(p[1], s).longValue() * 60L * MICROS_PER_SECOND;
        if (p.length == 3) {
            micros += scaled(number(p[2], s), MICROS_PER_SECOND);
        }
        return negative ? -micros : micros;
    }

    private static BigDecimal number(String w, String s) {
        try {
            return new BigDecimal(w);
        } catch (NumberFormatException e) {
            throw invalid(s);
        }
    }

    private static long scaled(BigDecimal n, long unitMicros) {
        return n.multiply(BigDecimal.valueOf(unitMicros)).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    private static long fraction(BigDecimal n, long unitMicros) {
        return scaled(n.subtract(new BigDecimal(n.toBigInteger())), unitMicros);
    }

    private static SqlStateException invalid(String s) {
        return new SqlStateException("22007", "invalid input syntax for type interval: \"" + s + "\"", null);
    }
}
