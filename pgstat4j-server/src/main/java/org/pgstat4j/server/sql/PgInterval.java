package org.pgstat4j.server.sql;

import java.nio.ByteBuffer;
import java.util.Locale;
import org.h2.api.Interval;
import org.h2.api.IntervalQualifier;

/**
 * PostgreSQL's {@code interval} on the wire: the engine's day-time and year-month intervals
 * as PostgreSQL's months, days and microseconds, in PostgreSQL's default output style
 * ({@code IntervalStyle = postgres}: {@code 1 year 2 mons 3 days 04:05:06.5}) and its binary
 * form (microseconds, days, months).
 *
 * <p>Invariant: the engine's day count stays days and its hours stay hours (PostgreSQL's
 * {@code timestamptz - timestamptz} gives whole days plus a time under 24 hours, which is
 * what the engine's {@code INTERVAL DAY TO SECOND} holds after a subtraction).
 */
final class PgInterval {
    private static final long MICROS_PER_SECOND = 1_000_000L;

    /** Months, days and microseconds of an interval, each with its own sign. */
    record Parts(int months, int days, long micros) { }

    private PgInterval() {
    }

    /** The engine's fields are signed: a negative interval has every field negative. */
    static Parts parts(Interval v) {
        IntervalQualifier q = v.getQualifier();
        if (q.isYearMonth()) {
            return new Parts((int) (v.getYears() * 12 + v.getMonths()), 0, 0);
        }
        long nanos = v.getHours() * 3_600_000_000_000L + v.getMinutes() * 60_000_000_000L
                + v.getSeconds() * 1_000_000_000L + v.getNanosOfSecond();
        return new Parts(0, (int) v.getDays(), nanos / 1000);
    }

    /** The text PostgreSQL prints for {@code v} with {@code IntervalStyle = postgres}. */
    static String text(Interval v) {
        Parts p = parts(v);
        StringBuilder s = new StringBuilder();
        boolean negativeBefore = false;
        int years = p.months() / 12;
        int mons = p.months() % 12;
        if (years != 0) {
            s.append(years).append(years == 1 ? " year" : " years");
            negativeBefore = years < 0;
        }
        if (mons != 0) {
            s.append(s.isEmpty() ? "" : " ").append(mons).append(mons == 1 ? " mon" : " mons");
            negativeBefore = mons < 0;
        }
        if (p.days() != 0) {
            s.append(s.isEmpty() ? "" : " ").append(p.days()).append(p.days() == 1 ? " day" : " days");
            negativeBefore = p.days() < 0;
        }
        if (p.micros() != 0 || s.isEmpty()) {
            long abs = Math.abs(p.micros());
            if (!s.isEmpty()) {
                s.append(' ');
            }
            if (p.micros() < 0) {
                s.append('-');
            } else if (negativeBefore) {
                s.append('+');
            }
            long secs = abs / MICROS_PER_SECOND;
            s.append(String.format(Locale.ROOT, "%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60));
            long frac = abs % MICROS_PER_SECOND;
            if (frac != 0) {
                String f = String.format(Locale.ROOT, "%06d", frac);
                int end = f.length();
                while (f.charAt(end - 1) == '0') {
                    end--;
                }
                s.append('.').append(f, 0, end);
            }
        }
        return s.toString();
    }

    /** PostgreSQL's binary {@code interval}: microseconds, days, months. */
    static byte[] binary(Interval v) {
        Parts p = parts(v);
        return ByteBuffer.allocate(16).putLong(p.micros()).putInt(p.days()).putInt(p.months()).array();
    }
}
