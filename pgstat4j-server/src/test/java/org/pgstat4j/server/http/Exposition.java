package org.pgstat4j.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line must
 * be a HELP, a TYPE or a sample of the family last declared (a family's samples are
 * contiguous), names and label names must be legal, label values properly escaped, values
 * parseable floats, and no series may repeat. Anything else fails with the line.
 */
public final class Exposition {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?[0-9]+)?");
    private static final Set<String> ALLOWED_SUFFIXES = Set.of("", "_total", "_created");

    /** One sample: family name, full sample name, labels, value. */
    public record Sample(String family, String name, Map<String, String> labels, double value) {
    }

    final Map<String, String> types = new LinkedHashMap<>();
    final Map<String, String> help = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    public static Exposition parse(String text) {
        Exposition e = new Exposition();
        if (!text.endsWith("\n")) {
            throw new AssertionError("exposition does not end with a newline");
        }
        String family = null;
        Set<String> seenFamilies = new HashSet<>();
        Set<String> seenSeries = new HashSet<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                family = declare(e, seenFamilies, family, m.group(1), line, n);
                e.help.put(m.group(1), m.group(2));
            } else if ((m = TYPE.matcher(line)).matches()) {
                family = declare(e, seenFamilies, family, m.group(1), line, n);
                if (e.types.put(m.group(1), m.group(2)) != null) {
                    throw new AssertionError("line " + n + ": second TYPE for " + m.group(1));
                }
            } else if (line.startsWith("#")) {
                throw new AssertionError("line " + n + ": unexpected comment: " + line);
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                if (family == null || !name.startsWith(family)
                        || !ALLOWED_SUFFIXES.contains(name.substring(family.length()))) {
                    throw new AssertionError("line " + n + ": sample " + name + " outside its family (" + family + ")");
                }
                String type = e.types.get(family);
                if ("counter".equals(type) && !name.endsWith("_total") && !name.endsWith("_created")) {
                    throw new AssertionError("line " + n + ": counter sample without _total: " + line);
                }
                Map<String, String> labels = m.group(3) == null ? Map.of() : labels(m.group(3), n);
                double v = value(m.group(4), n);
                if (!seenSeries.add(name + labels)) {
                    throw new AssertionError("line " + n + ": duplicate series " + name + labels);
                }
                e.samples.add(new Sample(family, name, labels, v));
            } else {
                throw new AssertionError("line " + n + ": not a valid exposition line: " + line);
            }
        }
        return e;
    }

    private static String declare(Exposition e, Set<String> seen, String current, String name, String line, int n) {
        if (!name.equals(current) && !seen.add(name)) {
            throw new AssertionError("line " + n + ": family " + name + " declared again after others: " + line);
        }
        return name;
    }

    private static Map<String, String> labels(String s, int n) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                throw new AssertionError("line " + n + ": label without '=': " + s);
            }
            String name = s.substring(i, eq);
            if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                throw new AssertionError("line " + n + ": bad label name " + name);
            }
            if (eq + 1 >= s.length() || s.charAt(eq + 1) != '"') {
                throw new AssertionError("line " + n + ": label value not quoted: " + s);
            }
            StringBuilder v = new StringBuilder();
            int j = eq + 2;
            for (; j < s.length() && s.charAt(j) != '"'; j++) {
                char c = s.charAt(j);
                if (c == '\\') {
                    char next = s.charAt(++j);
                    switch (next) {
                        case '\\' -> v.append('\\');
                        case '"' -> v.append('"');
                        case 'n' -> v.append('\n');
                        default -> throw new AssertionError("line " + n + ": bad escape \\" + next);
                    }
                } else {
                    v.append(c);
                }
            }
            if (j >= s.length()) {
                throw new AssertionError("line " + n + ": unterminated label value: " + s);
            }
            if (out.put(name, v.toString()) != null) {
                throw new AssertionError("line " + n + ": label " + name + " twice");
            }
            i = j + 1;
            if (i < s.length()) {
                if (s.charAt(i) != ',') {
                    throw new AssertionError("line " + n + ": expected ',' between labels: " + s);
                }
                i++;
            }
        }
        return out;
    }

    private static double value(String s, int n) {
        switch (s) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new AssertionError("line " + n + ": bad value " + s);
                }
        }
    }

    /** The value of the one sample named {@code name} with exactly these labels. */
    public double value(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + labels + ", found " + found.size()
                    + "; samples of that name: " + samples.stream().filter(s -> s.name().equals(name)).toList());
        }
        return found.get(0).value();
    }

    public List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
