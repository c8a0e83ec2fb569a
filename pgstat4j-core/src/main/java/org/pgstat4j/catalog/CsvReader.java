package org.pgstat4j.catalog;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV as {@code psql --csv} and {@code COPY ... CSV} write it: comma
 * separated, fields with commas, quotes or line breaks enclosed in double quotes, a quote
 * inside doubled, LF or CRLF line ends. An empty unquoted field is SQL NULL ({@code null});
 * a quoted empty field is the empty string.
 *
 * <p>Strict on purpose: a quote inside an unquoted field, text after a closing quote or a
 * quoted field left open at the end of the file is an error naming the line, never guessed
 * around. Not thread-safe: one reader per file.
 *
 * <p>The one way to misuse it: reading an unquoted empty field as the empty string. It is SQL
 * NULL ({@code null}); only a quoted empty field is {@code ""}.
 */
public final class CsvReader implements Closeable {
    private final Reader in;
    private final String source;
    private long line = 1;
    private long recordLine;
    private int peeked = -2;

    /** @param source the name used in error messages (usually the file name) */
    public CsvReader(Reader in, String source) {
        this.in = in instanceof BufferedReader ? in : new BufferedReader(in);
        this.source = source;
    }

    /** Every record of a UTF-8 file, header included. */
    public static List<List<String>> readAll(Path file) throws IOException {
        try (CsvReader r = new CsvReader(Files.newBufferedReader(file, StandardCharsets.UTF_8),
                file.getFileName().toString())) {
            List<List<String>> out = new ArrayList<>();
            for (List<String> rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec);
            }
            return out;
        }
    }

    /** The line on which the record last returned by {@link #next()} started. */
    public long recordLine() {
        return recordLine;
    }

    /** The next record's fields ({@code null} elements are NULLs), or null at end of input. */
    public List<String> next() throws IOException {
        int c = read();
        if (c < 0) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (c == '"') {
                readQuoted(sb);
                fields.add(sb.toString());
                c = read();
                if (c != ',' && !isLineEnd(c) && c >= 0) {
                    throw error(recordLine, "unexpected character '" + (char) c
                            + "' after the closing quote of field " + fields.size());
                }
            } else {
                while (c >= 0 && c != ',' && !isLineEnd(c)) {
                    if (c == '"') {
                        throw error(line, "quote inside unquoted field " + (fields.size() + 1)
                                + " (a field with quotes must be enclosed in quotes)");
                    }
                    sb.append((char) c);
                    c = read();
                }
                fields.add(sb.isEmpty() ? null : sb.toString());
            }
            sb.setLength(0);
            if (c == ',') {
                c = read();
                continue;
            }
            endLine(c);
            return fields;
        }
    }

    private void readQuoted(StringBuilder sb) throws IOException {
        long start = line;
        while (true) {
            int c = read();
            if (c < 0) {
                throw error(start, "quoted field is not closed before the end of the file");
            }
            if (c == '"') {
                if (peek() == '"') {
                    read();
                    sb.append('"');
                    continue;
                }
                return;
            }
            if (c == '\n') {
                line++;
            } else if (c == '\r' && peek() != '\n') {
                line++;
            }
            sb.append((char) c);
        }
    }

    private static boolean isLineEnd(int c) {
        return c == '\n' || c == '\r';
    }

    private void endLine(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        if (c >= 0) {
            line++;
        }
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    private CatalogFormatException error(long at, String problem) {
        return new CatalogFormatException(source, at, problem);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
