package org.pgstat4j.view;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Query results printed the way psql 14 prints them, so that output can be compared with
 * (or fed to whatever reads) psql's.
 *
 * <ul>
 * <li>{@link #writeCsv}: {@code psql --csv}. A header line, then one line per row, LF line
 *     ends; NULL is an empty field; a field is enclosed in double quotes (inner quotes
 *     doubled) when it contains a comma, a double quote, CR or LF, or is exactly {@code \.}
 *     (which COPY would read as end of data). Leading or trailing spaces do not cause
 *     quoting.</li>
 * <li>{@link #writeAligned}: psql's default aligned format with border 1. The header is
 *     centred in its column and ends with a space; a separator of dashes joined by
 *     {@code +}; numeric types right-aligned, others left-aligned, the last column not padded
 *     on the right; a {@code (N rows)} footer and an empty line. Widths count characters
 *     (code points), which equals psql's display width for the ASCII of the statistics views.</li>
 * </ul>
 *
 * <p>The one way to misuse it: comparing aligned output with psql's for wide characters.
 * Widths count code points, which equals psql's display width only for text without
 * double-width characters.
 */
public final class PsqlOutput {
    private PsqlOutput() {
    }

    /** The rows of one result rendered to text (null = NULL), one string per column. */
    public static List<String[]> render(List<Column> columns, List<Object[]> rows) {
        List<String[]> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            String[] t = new String[columns.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = PgText.format(columns.get(i).type(), r[i]);
            }
            out.add(t);
        }
        return out;
    }

    public static void writeCsv(List<Column> columns, List<Object[]> rows, Appendable out) throws IOException {
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            csvField(columns.get(i).name(), out);
        }
        out.append('\n');
        for (String[] r : render(columns, rows)) {
            for (int i = 0; i < r.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                if (r[i] != null) {
                    csvField(r[i], out);
                }
            }
            out.append('\n');
        }
    }

    private static void csvField(String s, Appendable out) throws IOException {
        boolean quote = s.equals("\\.");
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.append(s);
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    public static void writeAligned(List<Column> columns, List<Object[]> rows, Appendable out) throws IOException {
        List<String[]> text = render(columns, rows);
        int n = columns.size();
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = length(columns.get(i).name());
            for (String[] r : text) {
                width[i] = Math.max(width[i], length(r[i]));
            }
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String h = columns.get(i).name();
            int pad = width[i] - length(h);
            line.append(i == 0 ? " " : " | ");
            line.repeat(' ', pad / 2).append(h).repeat(' ', (pad + 1) / 2);
        }
        if (n > 0) {
            line.append(' ');
        }
        out.append(line).append('\n');
        line.setLength(0);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                line.append('+');
            }
            line.repeat('-', width[i] + 2);
        }
        out.append(line).append('\n');
        for (String[] r : text) {
            line.setLength(0);
            for (int i = 0; i < n; i++) {
                String v = r[i] == null ? "" : r[i];
                int pad = width[i] - length(v);
                line.append(i == 0 ? " " : " | ");
                if (columns.get(i).type().rightAligned()) {
                    line.repeat(' ', pad).append(v);
                } else {
                    line.append(v);
                    if (i < n - 1) {
                        line.repeat(' ', pad);
                    }
                }
            }
            out.append(line).append('\n');
        }
        out.append(rows.size() == 1 ? "(1 row)" : "(" + rows.size() + " rows)").append('\n').append('\n');
    }

    private static int length(String s) {
        return s == null ? 0 : s.codePointCount(0, s.length());
    }
}
