package org.pgstat4j.postmaster;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code key=value} lines in {@link Properties} syntax, sorted by key: the text of the attach
 * reply and of {@code collector.status}. Files are replaced atomically (tmp + rename), so a
 * reader sees a whole old or a whole new file.
 */
final class KeyValues {
    private KeyValues() {
    }

    static String format(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        for (var e : new TreeMap<>(values).entrySet()) {
            escape(b, e.getKey(), true);
            b.append('=');
            escape(b, e.getValue(), false);
            b.append('\n');
        }
        return b.toString();
    }

    static Map<String, String> parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        } catch (IllegalArgumentException e) {
            // a malformed \\uXXXX escape: not something we write
            return Map.of();
        }
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k, p.getProperty(k));
        }
        return m;
    }

    /** Writes {@code values} to {@code file} through {@code file.tmp} and an atomic rename. */
    static void writeAtomically(Path file, Map<String, String> values) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp); // whatever was there (even a FIFO) is replaced, never opened
            Files.writeString(tmp, format(values), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void escape(StringBuilder b, String s, boolean key) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '=', ':', '#', '!' -> b.append(key || i == 0 ? "\\" + c : String.valueOf(c));
                case ' ' -> b.append(key || i == 0 ? "\\ " : " ");
                default -> b.append(c);
            }
        }
    }
}
