package org.pgstat4j.server.sql;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.view.PgText;
import org.pgstat4j.view.PgType;

/**
 * The PostgreSQL types this endpoint sends and accepts: type OID and {@code typlen} for the
 * row description, the text output of a value (through {@link PgText} for the statistics
 * types, so that the text equals PostgreSQL's), the binary output a client may ask for, and
 * the decoding of parameters sent as text or binary.
 *
 * <p>An array type carries its element type; {@link ArrayValues} writes and reads its values
 * element by element. A {@code regclass} value is a {@link Regclass.Shown} (name and OID).
 *
 * <p>Values arrive as the engine's Java values ({@code Long} for an oid column, which the
 * engine keeps as a 64-bit integer so that unsigned OIDs compare correctly).
 */
enum WireType {
    BOOL(16, 1),
    BYTEA(17, -1),
    NAME(19, 64),
    INT8(20, 8),
    INT2(21, 2),
    INT4(23, 4),
    TEXT(25, -1),
    OID(26, 4),
    FLOAT4(700, 4),
    FLOAT8(701, 8),
    VARCHAR(1043, -1),
    BPCHAR(1042, -1),
    DATE(1082, 4),
    TIME(1083, 8),
    TIMESTAMP(1114, 8),
    TIMESTAMPTZ(1184, 8),
    NUMERIC(1700, -1),
    VOID(2278, 4),
    XID(28, 4),
    INET(869, -1),
    INTERVAL(1186, 16),
    PG_LSN(3220, 8),
    /** A relation OID shown as the relation's name; its values are {@link Regclass.Shown}. */
    REGCLASS(2205, 4),
    /** PostgreSQL's one-byte {@code "char"} (catalog codes such as {@code relkind}). */
    CHAR(18, 1),
    /** {@code pg_node_tree}, the stored form of an expression ({@code pg_attrdef.adbin}). */
    PG_NODE_TREE(194, -1),
    /** A parameter whose type the client left open; the engine converts its text. */
    UNKNOWN(705, -2),
    // one-dimensional arrays of the element types the engine holds exactly (see ArrayValues)
    BOOL_ARRAY(1000, BOOL),
    NAME_ARRAY(1003, NAME),
    INT2_ARRAY(1005, INT2),
    INT4_ARRAY(1007, INT4),
    TEXT_ARRAY(1009, TEXT),
    BPCHAR_ARRAY(1014, BPCHAR),
    VARCHAR_ARRAY(1015, VARCHAR),
    INT8_ARRAY(1016, INT8),
    FLOAT4_ARRAY(1021, FLOAT4),
    FLOAT8_ARRAY(1022, FLOAT8),
    OID_ARRAY(1028, OID),
    NUMERIC_ARRAY(1231, NUMERIC);

    private static final DateTimeFormatter TIMESTAMP_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final int oid;
    private final int typlen;
    private final WireType element;

    WireType(int oid, int typlen) {
        this.oid = oid;
        this.typlen = typlen;
        this.element = null;
    }

    WireType(int oid, WireType element) {
        this.oid = oid;
        this.typlen = -1;
        this.element = element;
    }

    /** The element type of an array type; null for the other types. */
    WireType element() {
        return element;
    }

    /**
     * The array type a result column of {@code element} values is sent as, or null when this
     * endpoint sends none: also for {@code numeric}, whose arrays the engine holds with one
     * scale for every element ({@code {1.50,2.00}} where PostgreSQL keeps {@code {1.50,2}}).
     */
    static WireType arrayOf(WireType element) {
        for (WireType w : values()) {
            if (w.element == element && element != NUMERIC) {
                return w;
            }
        }
        return null;
    }

    int oid() {
        return oid;
    }

    short typlen() {
        return (short) typlen;
    }

    String typname() {
        return element != null ? "_" + element.typname() : name().toLowerCase(Locale.ROOT);
    }

    static WireType of(PgType t) {
        return switch (t) {
            case BOOL -> BOOL;
            case NAME -> NAME;
            case INT8 -> INT8;
            case INT4 -> INT4;
            case TEXT -> TEXT;
            case OID -> OID;
            case FLOAT8 -> FLOAT8;
            case TIMESTAMPTZ -> TIMESTAMPTZ;
            case NUMERIC -> NUMERIC;
        };
    }

    /** The type of a parameter the client declared with {@code oid} (0 = unspecified). */
    static WireType byOid(int oid) {
        for (WireType w : values()) {
            if (w.oid == oid) {
                return w;
            }
        }
        return UNKNOWN;
    }

    // ---------------------------------------------------------------- output

    /** PostgreSQL's text output of {@code value} in a UTC session; null for SQL NULL. */
    String text(Object value) {
        return text(value, ZoneOffset.UTC);
    }

    /** PostgreSQL's text output of {@code value}, timestamps shown in {@code zone}; null for SQL NULL. */
    String text(Object value, java.time.ZoneId zone) {
        if (value == null) {
            return null;
        }
        if (element != null) {
            return ArrayValues.text(element, value, zone);
        }
        return switch (this) {
            case BOOL -> value instanceof Boolean b ? (b ? "t" : "f") : value.toString();
            case INT2, INT4, INT8, OID -> value.toString();
            case FLOAT8 -> PgText.float8(((Number) value).doubleValue());
            case FLOAT4 -> PgText.float8(Double.parseDouble(Float.toString(((Number) value).floatValue())));
            case NUMERIC -> value instanceof BigDecimal b ? b.toPlainString() : value.toString();
            case TIMESTAMPTZ -> timestamptzText(instant(value), zone);
            case TIMESTAMP -> timestampText(localDateTime(value));
            case DATE -> localDate(value).toString();
            case TIME -> timeText(localTime(value));
            case BYTEA -> hex((byte[]) value);
            case INTERVAL -> PgInterval.text((org.h2.api.Interval) value);
            case VOID -> "";
            case REGCLASS -> value instanceof Regclass.Shown r ? r.name() : value.toString();
            default -> value.toString();
        };
    }

    /** The binary output ({@code typsend}) of a non-null {@code value}. */
    byte[] binary(Object value) {
        if (element != null) {
            return ArrayValues.binary(element, value);
        }
        return switch (this) {
            case BOOL -> new byte[] {(byte) ("t".equals(text(value)) ? 1 : 0)};
            case INT2 -> ByteBuffer.allocate(2).putShort(((Number) value).shortValue()).array();
            case INT4, OID -> ByteBuffer.allocate(4).putInt((int) ((Number) value).longValue()).array();
            case INT8 -> ByteBuffer.allocate(8).putLong(((Number) value).longValue()).array();
            case FLOAT4 -> ByteBuffer.allocate(4).putFloat(((Number) value).floatValue()).array();
            case FLOAT8 -> ByteBuffer.allocate(8).putDouble(((Number) value).doubleValue()).array();
            case TIMESTAMPTZ -> ByteBuffer.allocate(8).putLong(PgTimestamps.fromInstant(instant(value))).array();
            case TIMESTAMP -> ByteBuffer.allocate(8)
                    .putLong(PgTimestamps.fromInstant(localDateTime(value).toInstant(ZoneOffset.UTC))).array();
            case TIME -> ByteBuffer.allocate(8).putLong(localTime(value).toNanoOfDay() / 1000).array();
            case DATE -> ByteBuffer.allocate(4)
                    .putInt((int) ChronoUnit.DAYS.between(LocalDate.of(2000, 1, 1), localDate(value))).array();
            case NUMERIC -> NumericBinary.encode(value instanceof BigDecimal b ? b : new BigDecimal(value.toString()));
            case BYTEA -> (byte[]) value;
            case INTERVAL -> PgInterval.binary((org.h2.api.Interval) value);
            case XID -> ByteBuffer.allocate(4).putInt((int) ((Number) value).longValue()).array();
            case REGCLASS -> ByteBuffer.allocate(4).putInt((int) ((Regclass.Shown) value).oid()).array();
            case VOID -> new byte[0];
            default -> text(value).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static Instant instant(Object v) {
        return switch (v) {
            case OffsetDateTime o -> o.toInstant();
            case Instant i -> i;
            case java.sql.Timestamp t -> t.toInstant();
            default -> throw new IllegalArgumentException("not a timestamptz: " + v.getClass().getName());
        };
    }

    private static LocalDateTime localDateTime(Object v) {
        return switch (v) {
            case LocalDateTime l -> l;
            case java.sql.Timestamp t -> t.toLocalDateTime();
            case OffsetDateTime o -> o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            default -> throw new IllegalArgumentException("not a timestamp: " + v.getClass().getName());
        };
    }

    private static java.time.LocalTime localTime(Object v) {
        return switch (v) {
            case java.time.LocalTime t -> t;
            case java.sql.Time t -> t.toLocalTime();
            default -> throw new IllegalArgumentException("not a time: " + v.getClass().getName());
        };
    }

    /** PostgreSQL's {@code time} output: {@code HH:MM:SS} and the fraction's significant digits. */
    private static String timeText(java.time.LocalTime t) {
        String s = String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        if (micros == 0) {
            return s;
        }
        String fraction = String.format(Locale.ROOT, "%06d", micros).replaceAll("0+$", "");
        return s + "." + fraction;
    }

    private static LocalDate localDate(Object v) {
        return switch (v) {
            case LocalDate d -> d;
            case java.sql.Date d -> d.toLocalDate();
            default -> throw new IllegalArgumentException("not a date: " + v.getClass().getName());
        };
    }

    private static String timestamptzText(Instant i, java.time.ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return PgText.timestamptz(i);
        }
        java.time.ZonedDateTime z = i.atZone(zone);
        int offset = z.getOffset().getTotalSeconds();
        int abs = Math.abs(offset);
        StringBuilder s = new StringBuilder(timestampText(z.toLocalDateTime()));
        s.append(offset < 0 ? '-' : '+').append(String.format(Locale.ROOT, "%02d", abs / 3600));
        if (abs % 3600 != 0) {
            s.append(String.format(Locale.ROOT, ":%02d", abs % 3600 / 60));
            if (abs % 60 != 0) {
                s.append(String.format(Locale.ROOT, ":%02d", abs % 60));
            }
        }
        return s.toString();
    }

    private static String timestampText(LocalDateTime t) {
        StringBuilder s = new StringBuilder(TIMESTAMP_TEXT.format(t));
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            String frac = String.format(Locale.ROOT, "%06d", micros);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            s.append('.').append(frac, 0, end);
        }
        return s.toString();
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder(2 + 2 * b.length).append("\\x");
        for (byte x : b) {
            s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- parameters

    /** The engine value of a parameter sent as text in this type. */
    Object parseText(String s) throws PgError {
        if (element != null && this != TEXT_ARRAY) {
            return ArrayValues.parseText(element, s);
        }
        try {
            return switch (this) {
                case INT2, INT4 -> Integer.parseInt(s.strip());
                case INT8 -> Long.parseLong(s.strip());
                case OID -> Integer.toUnsignedLong(Integer.parseUnsignedInt(s.strip()));
                case FLOAT4, FLOAT8 -> Double.parseDouble(s.strip());
                case NUMERIC -> new BigDecimal(s.strip());
                case BOOL -> parseBool(s);
                case TEXT_ARRAY -> ArrayLiteral.parse(s);
                default -> s;
            };
        } catch (NumberFormatException e) {
            throw PgError.error(PgError.INVALID_TEXT_REPRESENTATION,
                    "invalid input syntax for type " + sqlName() + ": \"" + s + "\"");
        }
    }

    /** The engine value of a parameter sent in binary in this type. */
    Object parseBinary(byte[] b) throws PgError {
        if (element != null && this != TEXT_ARRAY) {
            return ArrayValues.parseBinary(element, b);
        }
        ByteBuffer in = ByteBuffer.wrap(b);
        int need = switch (this) {
            case BOOL -> 1;
            case INT2 -> 2;
            case INT4, OID, FLOAT4 -> 4;
            case INT8, FLOAT8 -> 8;
            default -> -1;
        };
        if (need > 0 && b.length != need) {
            throw PgError.error(PgError.PROTOCOL_VIOLATION, "incorrect binary data format in bind parameter");
        }
        return switch (this) {
            case BOOL -> b[0] != 0;
            case INT2 -> (int) in.getShort();
            case INT4 -> in.getInt();
            case OID -> Integer.toUnsignedLong(in.getInt());
            case INT8 -> in.getLong();
            case FLOAT4 -> (double) in.getFloat();
            case FLOAT8 -> in.getDouble();
            case TEXT, VARCHAR, NAME, BPCHAR, UNKNOWN -> new String(b, StandardCharsets.UTF_8);
            case BYTEA -> b;
            case NUMERIC -> parseText(NumericBinary.decode(b));
            case TEXT_ARRAY -> ArrayLiteral.parseBinary(b);
            default -> throw PgError.error(PgError.FEATURE_NOT_SUPPORTED,
                    "binary format for parameters of type " + sqlName() + " is not supported",
                    "Send this parameter in text format.");
        };
    }

    private Boolean parseBool(String s) throws PgError {
        String v = s.strip().toLowerCase(Locale.ROOT);
        if (!v.isEmpty()) {
            if ("true".startsWith(v) || "yes".startsWith(v) || v.equals("on") || v.equals("1")) {
                return true;
            }
            if ("false".startsWith(v) || "no".startsWith(v) || v.equals("off") || v.equals("0")) {
                return false;
            }
        }
        throw PgError.error(PgError.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type boolean: \"" + s + "\"");
    }

    /** The name PostgreSQL's input errors use ({@code integer}, {@code bigint}, ...). */
    String sqlName() {
        return switch (this) {
            case INT2 -> "smallint";
            case INT4 -> "integer";
            case INT8 -> "bigint";
            case FLOAT4 -> "real";
            case FLOAT8 -> "double precision";
            case BOOL -> "boolean";
            default -> typname();
        };
    }
}
