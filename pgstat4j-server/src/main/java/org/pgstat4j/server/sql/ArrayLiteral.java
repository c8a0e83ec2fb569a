package org.pgstat4j.server.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.h2.command.Prepared;
import org.h2.expression.Parameter;
import org.h2.expression.condition.ConditionInArray;

/**
 * Array parameters: PostgreSQL's text form of a one-dimensional array ({@code {a,"b c",NULL}})
 * as the engine's array value, and the parameters of a statement that PostgreSQL would type
 * as arrays although the client left their type open — the right side of
 * {@code x = ANY($1)} / {@code x <> ALL($1)}, as node-postgres and lib/pq send lists, and
 * {@code $1::text[]}.
 *
 * <p>Invariant: a value that is not a well-formed one-dimensional array literal is an error
 * ({@code 22P02}), never a one-element array or a string compared as it is.
 */
final class ArrayLiteral {
    private ArrayLiteral() {
    }

    /** The 0-based indexes of the parameters used as the array of {@code = ANY(...)} / {@code ALL(...)}. */
    static Set<Integer> arrayParameters(Prepared p) throws PgError {
        Set<Integer> out = new TreeSet<>();
        QueryTree.walk(p, (e, parent, index, tree) -> {
            if (e instanceof ConditionInArray c && QueryTree.operands(c)[1] instanceof Parameter prm) {
                out.add(prm.getIndex());
            }
            if (e instanceof org.h2.expression.function.CastSpecification c
                    && c.getType().getValueType() == org.h2.value.Value.ARRAY
                    && c.getSubexpression(0) instanceof Parameter prm) {
                out.add(prm.getIndex()); // $1::text[]
            }
        });
        return out;
    }

    /** The elements of a one-dimensional array literal; {@code NULL} (unquoted) is null. */
    static String[] parse(String s) throws PgError {
        String t = s.strip();
        if (t.length() < 2 || t.charAt(0) != '{' || t.charAt(t.length() - 1) != '}') {
            throw malformed(s, "Array value must start with \"{\" or dimension information.");
        }
        List<String> out = new ArrayList<>();
        int i = 1;
        int end = t.length() - 1;
        if (t.substring(1, end).isBlank()) {
            return new String[0];
        }
        while (i <= end) {
            while (i < end && Character.isWhitespace(t.charAt(i))) {
                i++;
            }
            StringBuilder v = new StringBuilder();
            boolean quoted = false;
            if (i < end && t.charAt(i) == '"') {
                quoted = true;
                i++;
                while (i < end && t.charAt(i) != '"') {
                    if (t.charAt(i) == '\\' && i + 1 < end) {
                        i++;
                    }
                    v.append(t.charAt(i++));
                }
                if (i >= end) {
                    throw malformed(s, "Unexpected end of input.");
                }
                i++;
                while (i < end && Character.isWhitespace(t.charAt(i))) {
                    i++;
                }
            } else {
                while (i < end && t.charAt(i) != ',') {
                    char c = t.charAt(i);
                    if (c == '{' || c == '}' || c == '"') {
                        throw malformed(s, "Unexpected \"" + c + "\" character.");
                    }
                    if (c == '\\' && i + 1 < end) {
                        i++;
                    }
                    v.append(t.charAt(i++));
                }
            }
            String value = quoted ? v.toString() : v.toString().strip();
            if (!quoted && value.isEmpty()) {
                throw malformed(s, "Unexpected \",\" character.");
            }
            out.add(!quoted && value.equalsIgnoreCase("NULL") ? null : value);
            if (i < end && t.charAt(i) != ',') {
                throw malformed(s, "Unexpected array element.");
            }
            i++;
        }
        return out.toArray(new String[0]);
    }

    /** PostgreSQL's binary form of a one-dimensional array of text, varchar or name. */
    static String[] parseBinary(byte[] b) throws PgError {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(b);
        try {
            int ndim = in.getInt();
            in.getInt(); // has-nulls flag: the lengths say it
            int element = in.getInt();
            if (element != WireType.TEXT.oid() && element != WireType.VARCHAR.oid() && element != WireType.NAME.oid()) {
                throw PgError.error(PgError.FEATURE_NOT_SUPPORTED, "binary array parameters of element type "
                        + Integer.toUnsignedString(element) + " are not supported", "Send the array in text format.");
            }
            if (ndim == 0) {
                return new String[0];
            }
            if (ndim != 1) {
                throw PgError.error(PgError.FEATURE_NOT_SUPPORTED, "multidimensional array parameters are not supported");
            }
            int n = in.getInt();
            in.getInt(); // lower bound
            if (n < 0 || n > in.remaining() / 4) {
                throw PgError.error(PgError.PROTOCOL_VIOLATION, "incorrect binary data format in bind parameter");
            }
            String[] out = new String[n];
            for (int i = 0; i < n; i++) {
                int len = in.getInt();
                if (len >= 0) {
                    byte[] v = new byte[len];
                    in.get(v);
                    out[i] = new String(v, java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            if (in.hasRemaining()) {
                throw PgError.error(PgError.PROTOCOL_VIOLATION, "incorrect binary data format in bind parameter");
            }
            return out;
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw PgError.error(PgError.PROTOCOL_VIOLATION, "incorrect binary data format in bind parameter");
        }
    }

    private static PgError malformed(String s, String detail) {
        return new PgError(false, PgError.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"" + s + "\"", detail,
                null);
    }
}
