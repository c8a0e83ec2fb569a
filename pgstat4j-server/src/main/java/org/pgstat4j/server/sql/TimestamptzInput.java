package org.pgstat4j.server.sql;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pgstat4j.backend.SqlStateException;

/**
 * PostgreSQL's {@code timestamptz} input text as a point in time: the ISO 8601 forms
 * ({@code '2026-12-05 10:00:00.5+01'}, {@code '2026-12-05T10:00:00Z'}, a date alone,
 * {@code '1970-01-01Z'}), a zone given as an offset, {@code Z}, {@code UTC}/{@code GMT} or a
 * zone name ({@code Europe/Paris}), text without a zone read in the session's
 * {@code TimeZone}, and the special values {@code epoch}, {@code now}, {@code today},
 * {@code tomorrow} and {@code yesterday}.
 *
 * <p>Invariant: a value is returned only when it is the one PostgreSQL reads. Forms PostgreSQL
 * reads that are not read here (other date orders, month names, zone abbreviations such as
 * {@code CET}, more than six fractional digits, {@code BC}, {@code infinity}, which the engine
 * cannot hold, and local times that fall in a daylight-saving gap or overlap) are refused with
 * {@code 0A000}; text without a digit that is no special value is {@code 22007}, as in
 * PostgreSQL, and fields out of range {@code 22008}. This reads the text of a literal only; it
 * never rewrites SQL text.
 */
final class TimestamptzInput {
    /** Date, then an optional time, then an optional zone (an offset, or a word such as Z, UTC or Area/City). */
    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})"
            + "(?:(?:[Tt]|\\s+)(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,6}))?)?)?"
            + "\\s*(?:([+-])(\\d{2})(?::?(\\d{2}))?(?::(\\d{2}))?|([A-Za-z][A-Za-z0-9_/+-]*))?");
    private static final Set<String> UTC_WORDS = Set.of("z", "utc", "gmt", "zulu", "ut");
    private static final List<String> INFINITIES = List.of("infinity", "+infinity", "-infinity");

    private TimestamptzInput() {
    }

    /**
     * The point in time {@code text} denotes, with the offset it was written in (or the
     * session's); {@code zone} is the session's {@code TimeZone}, {@code transactionStart} the
     * time of {@code now}.
     */
    static OffsetDateTime parse(String text, ZoneId zone, OffsetDateTime transactionStart) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "epoch" -> {
                return OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
            }
            case "now" -> {
                return transactionStart;
            }
            case "today", "tomorrow", "yesterday" -> {
                LocalDate today = transactionStart.atZoneSameInstant(zone).toLocalDate();
                LocalDate d = lower.equals("today") ? today : today.plusDays(lower.equals("tomorrow") ? 1 : -1);
                return local(d.atStartOfDay(), zone, text);
            }
            default -> { }
        }
        if (INFINITIES.contains(lower)) {
            throw unsupported(text, "timestamptz " + lower + " cannot be held by the engine");
        }
        Matcher m = ISO.matcher(t);
        if (!m.matches()) {
            if (t.chars().noneMatch(Character::isDigit)) {
                throw new SqlStateException("22007", "invalid input syntax for type timestamp with time zone: \""
                        + text + "\"", null);
            }
            throw unsupported(text, null);
        }
        LocalDateTime local = localDateTime(m, text);
        if (m.group(8) != null) {
            int sign = m.group(8).equals("-") ? -1 : 1;
            int h = Integer.parseInt(m.group(9));
            int min = m.group(10) == null ? 0 : Integer.parseInt(m.group(10));
            int s = m.group(11) == null ? 0 : Integer.parseInt(m.group(11));
            if (h > 15 || min > 59 || s > 59) {
                throw unsupported(text, "the offset is out of range");
            }
            return OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(sign * (h * 3600 + min * 60 + s)));
        }
        if (m.group(12) != null) {
            String word = m.group(12);
            if (UTC_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
                return OffsetDateTime.of(local, ZoneOffset.UTC);
            }
            if (word.indexOf('/') < 0) {
                throw unsupported(text, "time zone abbreviations are not supported");
            }
            try {
                return local(local, ZoneId.of(word), text);
            } catch (DateTimeException e) {
                throw unsupported(text, null);
            }
        }
        return local(local, zone, text);
    }

    private static LocalDateTime localDateTime(Matcher m, String text) {
        int year = Integer.parseInt(m.group(1));
        int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
        int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000000").substring(0, 9));
        if (year == 0) {
            throw outOfRange(text);
        }
        LocalDate date;
        try {
            date = LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (DateTimeException e) {
            throw outOfRange(text);
        }
        if (hour == 24 && minute == 0 && second == 0 && nanos == 0) {
            return date.plusDays(1).atStartOfDay();
        }
        if (second == 60) {
            throw unsupported(text, "a leap second (:60) is not supported");
        }
        if (hour > 23 || minute > 59 || second > 59) {
            throw outOfRange(text);
        }
        return LocalDateTime.of(date, LocalTime.of(hour, minute, second, nanos));
    }

    /** {@code local} in {@code zone}; refused where the zone's clocks skip or repeat it. */
    private static OffsetDateTime local(LocalDateTime local, ZoneId zone, String text) {
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.size() != 1) {
            throw unsupported(text, "local times in a daylight-saving transition are not supported");
        }
        return OffsetDateTime.of(local, offsets.getFirst());
    }

    private static SqlStateException outOfRange(String text) {
        return new SqlStateException("22008", "date/time field value out of range: \"" + text + "\"", null);
    }

    private static SqlStateException unsupported(String text, String why) {
        return new SqlStateException(PgError.FEATURE_NOT_SUPPORTED,
                "timestamptz input \"" + text + "\" is not supported" + (why == null ? "" : ": " + why),
                "Write it as 'YYYY-MM-DD HH:MM:SS+HH:MM' (ISO 8601).");
    }
}
