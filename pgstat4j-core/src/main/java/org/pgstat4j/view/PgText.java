package org.pgstat4j.view;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import org.pgstat4j.protocol.PgTimestamps;

/**
 * The text PostgreSQL 14 sends for a value (its output functions), with the settings a
 * default session has: {@code extra_float_digits = 1}, {@code DateStyle = ISO}, TimeZone UTC.
 * psql, JDBC's text mode and our CSV all start from this text, so it lives in one place.
 *
 * <p>{@code float8}: PostgreSQL prints the shortest decimal that reads back as the same
 * double, in fixed notation when the decimal exponent of the first digit is in [-4, 15) and
 * as {@code d.ddde±XX} (at least two exponent digits) otherwise: {@code 0.722},
 * {@code 5941.692}, {@code 1e+16}, {@code 1.5e-05}.
 *
 * <p>The one way to misuse it: using its text for a session with other settings. It renders
 * for {@code extra_float_digits = 1}, {@code DateStyle = ISO} and UTC only.
 */
public final class PgText {
    private PgText() {
    }

    /** The text of {@code value} as a column of {@code type}; null for SQL NULL. */
    public static String format(PgType type, Object value) {
        if (value == null) {
            return null;
        }
        if (!type.accepts(value)) {
            throw new IllegalArgumentException("a " + type.typname() + " column cannot hold "
                    + value.getClass().getSimpleName() + " " + value);
        }
        return switch (type) {
            case BOOL -> ((Boolean) value) ? "t" : "f";
            case NAME, TEXT -> (String) value;
            case INT4, INT8 -> value.toString();
            case OID -> Integer.toUnsignedString((Integer) value);
            case FLOAT8 -> float8((Double) value);
            case TIMESTAMPTZ -> timestamptz((Instant) value);
            case NUMERIC -> value instanceof BigDecimal b ? b.toPlainString() : ((BigInteger) value).toString();
        };
    }

    /** {@code timestamptz} output: {@code 2026-11-25 14:36:14.494985+00}. */
    public static String timestamptz(Instant i) {
        return PgTimestamps.format(PgTimestamps.fromInstant(i));
    }

    /** {@code float8out} with {@code extra_float_digits > 0}: shortest round-trip digits. */
    public static String float8(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
        }
        // Java's Double.toString yields the shortest uniquely-identifying digits (JDK 19+);
        // only the layout differs from PostgreSQL's, so take the digits and the exponent.
        String s = Double.toString(Math.abs(d));
        int e = s.indexOf('E');
        String mantissa = e >= 0 ? s.substring(0, e) : s;
        int exp10 = e >= 0 ? Integer.parseInt(s.substring(e + 1)) : 0;
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        // value = 0.<digits> × 10^point
        int point = dot + exp10;
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        digits = digits.substring(lead);
        point -= lead;
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        if (digits.length() == 2) {
            // Java keeps two digits where one would do (only for subnormals, e.g. 4.9E-324);
            // PostgreSQL prints the shortest: the one-digit decimal nearest the value, if it reads back.
            BigDecimal one = new BigDecimal(Math.abs(d)).round(new MathContext(1, RoundingMode.HALF_EVEN));
            if (one.doubleValue() == Math.abs(d)) {
                digits = one.unscaledValue().toString();
                point = one.precision() - one.scale();
            }
        }
        int firstDigitExponent = point - 1;
        StringBuilder out = new StringBuilder(26);
        if (d < 0) {
            out.append('-');
        }
        if (firstDigitExponent < -4 || firstDigitExponent >= 15) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(firstDigitExponent < 0 ? '-' : '+');
            int abs = Math.abs(firstDigitExponent);
            if (abs < 10) {
                out.append('0');
            }
            out.append(abs);
        } else if (point <= 0) {
            out.append("0.");
            out.repeat('0', -point);
            out.append(digits);
        } else if (point >= digits.length()) {
            out.append(digits);
            out.repeat('0', point - digits.length());
        } else {
            out.append(digits, 0, point).append('.').append(digits, point, digits.length());
        }
        return out.toString();
    }
}
