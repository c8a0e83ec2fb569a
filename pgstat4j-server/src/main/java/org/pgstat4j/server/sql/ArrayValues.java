package org.pgstat4j.server.sql;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Values of PostgreSQL's one-dimensional array types ({@code int4[]}, {@code numeric[]},
 * {@code text[]}, ... — the {@link WireType}s with an element type): their text output
 * ({@code {1,NULL,3}}, elements quoted as PostgreSQL quotes them), their binary output and
 * input (dimensions, NULL flag, element OID, lower bound 1, then each element in its own
 * binary form), and the text input of an array parameter into engine values of the element
 * type (so that {@code SELECT $1} of an {@code int4[]} is an array of integers, not of strings).
 *
 * <p>A value is the engine's array ({@code Object[]} of element values) or, for columns the
 * engine holds as text (e.g. {@code pg_settings.enumvals}), the array's text already.
 * Invariant: an element is always written by its element type, never by its Java form.
 */
final class ArrayValues {
    private ArrayValues() {
    }

    /** PostgreSQL's text output of an array of {@code element} values. */
    static String text(WireType element, Object value, java.time.ZoneId zone) {
        if (!(value instanceof Object[] items)) {
            return value.toString();
        }
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                s.append(',');
            }
            String t = element.text(items[i], zone);
            if (t == null) {
                s.append("NULL");
            } else if (needsQuotes(t)) {
                s.append('"').append(t.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                s.append(t);
            }
        }
        return s.append('}').toString();
    }

    /** Whether PostgreSQL's array output quotes an element: empty, NULL, or holding a delimiter, brace, quote, backslash or space. */
    private static boolean needsQuotes(String t) {
        if (t.isEmpty() || t.equalsIgnoreCase("NULL")) {
            return true;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if ("{},\"\\".indexOf(c) >= 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f') {
                return true;
            }
        }
        return false;
    }

    /** PostgreSQL's binary output ({@code array_send}) of an array of {@code element} values. */
    static byte[] binary(WireType element, Object value) {
        Object[] items;
        if (value instanceof Object[] a) {
            items = a;
        } else {
            try {
                items = ArrayLiteral.parse(value.toString()); // an array the engine holds as its text
            } catch (PgError e) {
                throw new IllegalStateException("not an array: " + value, e);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean nulls = false;
        for (Object o : items) {
            nulls |= o == null;
        }
        writeInt(out, items.length == 0 ? 0 : 1);
        writeInt(out, nulls ? 1 : 0);
        writeInt(out, element.oid());
        if (items.length > 0) {
            writeInt(out, items.length);
            writeInt(out, 1);
        }
        for (Object o : items) {
            if (o == null) {
                writeInt(out, -1);
            } else {
                byte[] b = element.binary(o);
                writeInt(out, b.length);
                out.writeBytes(b);
            }
        }
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
    }

    /** The engine value of an array parameter sent as text: its elements read as {@code element} values. */
    static Object[] parseText(WireType element, String s) throws PgError {
        String[] items = ArrayLiteral.parse(s);
        Object[] out = new Object[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = items[i] == null ? null : element.parseText(items[i]);
        }
        return out;
    }

    /** The engine value of a one-dimensional array parameter sent in binary, its elements of type {@code element}. */
    static Object[] parseBinary(WireType element, byte[] b) throws PgError {
        ByteBuffer in = ByteBuffer.wrap(b);
        try {
            int ndim = in.getInt();
            in.getInt(); // has-nulls flag: the lengths say it
            int oid = in.getInt();
            if (oid != element.oid()) {
                throw PgError.error(PgError.FEATURE_NOT_SUPPORTED, "binary array parameters of element type "
                        + Integer.toUnsignedString(oid) + " for " + element.sqlName() + "[] are not supported",
                        "Send the array in text format.");
            }
            if (ndim == 0) {
                return new Object[0];
            }
            if (ndim != 1) {
                throw PgError.error(PgError.FEATURE_NOT_SUPPORTED, "multidimensional array parameters are not supported");
            }
            int n = in.getInt();
            in.getInt(); // lower bound
            if (n < 0 || n > in.remaining() / 4) {
                throw badFormat();
            }
            Object[] out = new Object[n];
            for (int i = 0; i < n; i++) {
                int len = in.getInt();
                if (len >= 0) {
                    byte[] v = new byte[len];
                    in.get(v);
                    out[i] = element == WireType.NUMERIC ? element.parseText(NumericBinary.decode(v))
                            : element.parseBinary(v);
                }
            }
            if (in.hasRemaining()) {
                throw badFormat();
            }
            return out;
        } catch (BufferUnderflowException | NegativeArraySizeException | ArithmeticException e) {
            throw badFormat();
        }
    }

    private static PgError badFormat() {
        return PgError.error(PgError.PROTOCOL_VIOLATION, "incorrect binary data format in bind parameter");
    }
}
