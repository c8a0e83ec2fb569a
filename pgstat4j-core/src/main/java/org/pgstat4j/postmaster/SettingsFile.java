package org.pgstat4j.postmaster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A settings file in PostgreSQL's {@code postgresql.conf} syntax: one {@code name = value} per
 * line ({@code =} optional), {@code #} starts a comment, values are bare words
 * ({@code on}, {@code 60s}) or single-quoted strings in which {@code ''} or {@code \'} stands
 * for a quote. Names are case-insensitive; a later line overrides an earlier one.
 *
 * <p>Invariant: loading is all or nothing. Every error in the file (syntax, unknown name, bad
 * value) is collected with its file and line, and if there is any the whole file is refused
 * ({@link ConfigException}); the caller then refuses to start, or keeps its old settings at
 * a reload, as PostgreSQL does.
 *
 * @param path     the file
 * @param required whether a missing file is an error (an explicit {@code --config}) or means
 *                 "all defaults" (the data directory's optional {@code pgstat4j.conf})
 *
 * <p>The one way to misuse it: applying the part of a refused file that parsed. Loading is all
 * or nothing; keep the old settings, as the server does at a reload.
 */
public record SettingsFile(Path path, boolean required) {

    /** Thrown when the file cannot be used; {@link #errors()} has one line per problem. */
    public static final class ConfigException extends Exception {
        private final List<String> errors;

        ConfigException(Path file, List<String> errors) {
            super("configuration file \"" + file + "\" contains errors: " + String.join("; ", errors));
            this.errors = List.copyOf(errors);
        }

        /** Each problem, naming file and line, e.g. {@code unrecognized configuration parameter "x" in file "f" line 3}. */
        public List<String> errors() {
            return errors;
        }
    }

    /** The settings the file gives over {@link ServerSettings#DEFAULTS}. */
    public ServerSettings load() throws ConfigException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (!required) {
                return ServerSettings.DEFAULTS;
            }
            throw new ConfigException(path, List.of("could not open configuration file \"" + path
                    + "\": No such file or directory"));
        } catch (IOException e) {
            throw new ConfigException(path, List.of("could not read configuration file \"" + path + "\": "
                    + e.getMessage()));
        }
        return parse(text);
    }

    /** Parses {@code text} as the contents of this file (errors name {@link #path()}). */
    public ServerSettings parse(String text) throws ConfigException {
        List<String> errors = new ArrayList<>();
        ServerSettings s = ServerSettings.DEFAULTS;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String where = " in file \"" + path + "\" line " + lineNo;
            Line line;
            try {
                line = Line.scan(lines[i]);
            } catch (IllegalArgumentException e) {
                errors.add("syntax error in file \"" + path + "\" line " + lineNo + ", " + e.getMessage());
                continue;
            }
            if (line == null) {
                continue;
            }
            try {
                s = s.with(line.name(), line.value());
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage() + where);
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(path, errors);
        }
        return s;
    }

    /** One {@code name = value} line; null from {@link #scan} for a blank or comment line. */
    private record Line(String name, String value) {

        static Line scan(String raw) {
            int i = skipSpace(raw, 0);
            if (i == raw.length() || raw.charAt(i) == '#') {
                return null;
            }
            int start = i;
            if (!isNameStart(raw.charAt(i))) {
                throw syntax(raw, i);
            }
            while (i < raw.length() && isNamePart(raw.charAt(i))) {
                i++;
            }
            String name = raw.substring(start, i);
            i = skipSpace(raw, i);
            if (i < raw.length() && raw.charAt(i) == '=') {
                i = skipSpace(raw, i + 1);
            }
            if (i == raw.length() || raw.charAt(i) == '#') {
                throw syntax(raw, i);
            }
            String value;
            if (raw.charAt(i) == '\'') {
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= raw.length()) {
                        throw new IllegalArgumentException("near end of line (unterminated quoted string)");
                    }
                    char c = raw.charAt(i);
                    if (c == '\'' && i + 1 < raw.length() && raw.charAt(i + 1) == '\'') {
                        b.append('\'');
                        i += 2;
                    } else if (c == '\\' && i + 1 < raw.length()) {
                        b.append(raw.charAt(i + 1));
                        i += 2;
                    } else if (c == '\'') {
                        i++;
                        break;
                    } else {
                        b.append(c);
                        i++;
                    }
                }
                value = b.toString();
            } else {
                int v = i;
                while (i < raw.length() && !Character.isWhitespace(raw.charAt(i)) && raw.charAt(i) != '#'
                        && raw.charAt(i) != '\'') {
                    i++;
                }
                value = raw.substring(v, i);
            }
            i = skipSpace(raw, i);
            if (i < raw.length() && raw.charAt(i) != '#') {
                throw syntax(raw, i);
            }
            return new Line(name, value);
        }

        private static IllegalArgumentException syntax(String raw, int at) {
            if (at >= raw.length() || raw.charAt(at) == '#') {
                return new IllegalArgumentException("near end of line");
            }
            int end = at;
            while (end < raw.length() && !Character.isWhitespace(raw.charAt(end))) {
                end++;
            }
            return new IllegalArgumentException("near token \"" + raw.substring(at, end) + "\"");
        }

        private static int skipSpace(String s, int i) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return i;
        }

        private static boolean isNameStart(char c) {
            return Character.isLetter(c) || c == '_';
        }

        private static boolean isNamePart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '.';
        }
    }
}
