package org.pgstat4j.server.sql;

import java.util.ArrayList;
import java.util.List;
import org.pgstat4j.backend.SqlStateException;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;

/**
 * PostgreSQL's {@code regclass} input and output over the {@link Catalog} and PostgreSQL 14's
 * system views ({@link Pg14Views}): a relation name,
 * optionally schema-qualified and quoted, resolves along the search path
 * ({@code pg_catalog}, then the user's schema, then {@code public}); a number is taken as the
 * OID itself. Output gives the bare name when the search path finds that relation under it,
 * the qualified name otherwise, and the number for an OID without a relation.
 */
final class Regclass {
    private Regclass() {
    }

    static long resolve(Catalog catalog, String text, String user) {
        String t = text.strip();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            try {
                return Integer.toUnsignedLong(Integer.parseUnsignedInt(t));
            } catch (NumberFormatException e) {
                throw new SqlStateException("22003", "OID out of range", null);
            }
        }
        List<String> parts = identifiers(text);
        PgClass found = switch (parts.size()) {
            case 1 -> searchPath(catalog, parts.get(0), user);
            case 2 -> relation(catalog, parts.get(0), parts.get(1));
            case 3 -> throw new SqlStateException(PgError.FEATURE_NOT_SUPPORTED,
                    "cross-database references are not implemented: " + text, null);
            default -> throw new SqlStateException(PgError.INVALID_NAME, "invalid name syntax", null);
        };
        if (found == null) {
            throw new SqlStateException(PgError.UNDEFINED_TABLE, "relation \"" + text + "\" does not exist", null);
        }
        return Integer.toUnsignedLong(found.oid());
    }

    private static PgClass searchPath(Catalog catalog, String relname, String user) {
        List<String> path = user == null ? List.of("pg_catalog", "public") : List.of("pg_catalog", user, "public");
        for (String nsp : path) {
            PgClass c = relation(catalog, nsp, relname);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    /** A {@code regclass} value as it is sent: the OID (binary output) and the name (text output). */
    record Shown(long oid, String name) { }

    /**
     * The {@code regclass} value of an engine value: an OID ({@code 'name'::regclass}) gets its
     * name, a name ({@code column::regclass}, as {@link #name} gave it) its OID; null stays null.
     */
    static Shown shown(Object engineValue, Catalog catalog) {
        return switch (engineValue) {
            case null -> null;
            case Number n -> new Shown(n.longValue(), name(catalog, (int) n.longValue()));
            default -> new Shown(resolve(catalog, engineValue.toString(), null), engineValue.toString());
        };
    }

    /** A relation of the catalog, or one of PostgreSQL 14's system views ({@link Pg14Views}). */
    private static PgClass relation(Catalog catalog, String nspname, String relname) {
        PgClass c = catalog.relation(nspname, relname);
        Pg14Views.SystemView v = nspname.equals("pg_catalog") ? Pg14Views.BY_NAME.get(relname) : null;
        return c != null || v == null ? c : systemView(v);
    }

    private static PgClass systemView(Pg14Views.SystemView v) {
        return new PgClass(v.oid(), "pg_catalog", v.relname(), org.pgstat4j.backend.RelKind.VIEW, 0, 0, false);
    }

    static String name(Catalog catalog, int oid) {
        PgClass c = catalog.relation(oid);
        if (c == null && Pg14Views.BY_OID.containsKey(oid)) {
            c = systemView(Pg14Views.BY_OID.get(oid));
        }
        if (c == null) {
            return Integer.toUnsignedString(oid);
        }
        PgClass visible = searchPath(catalog, c.relname(), null);
        String rel = quoteIdentifier(c.relname());
        return visible != null && visible.oid() == oid ? rel : quoteIdentifier(c.nspname()) + "." + rel;
    }

    /** PostgreSQL's {@code quote_ident}: quotes unless the name is a plain lower-case identifier. */
    static String quoteIdentifier(String s) {
        boolean plain = !s.isEmpty() && (Character.isLowerCase(s.charAt(0)) || s.charAt(0) == '_');
        for (int i = 0; plain && i < s.length(); i++) {
            char ch = s.charAt(i);
            plain = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
        }
        return plain ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** Splits {@code a."B".c} into its identifiers, folding unquoted ones to lower case. */
    static List<String> identifiers(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (ch == '.') {
                out.add(cur.toString());
                cur.setLength(0);
                wasQuoted = false;
            } else if (!Character.isWhitespace(ch)) {
                cur.append(wasQuoted ? ch : Character.toLowerCase(ch));
            }
        }
        if (quoted) {
            throw new SqlStateException(PgError.INVALID_NAME, "invalid name syntax", null);
        }
        out.add(cur.toString());
        for (String s : out) {
            if (s.isEmpty()) {
                throw new SqlStateException(PgError.INVALID_NAME, "invalid name syntax", null);
            }
        }
        return out;
    }
}
