package org.pgstat4j.server.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of {@code pg_settings}: every setting of a session that PostgreSQL 14 shows there,
 * with the session's value and PostgreSQL 14's description of the setting (unit, category,
 * context, type, range, allowed values, built-in default), read from
 * {@code pg_settings.tsv} — taken from a PostgreSQL 14 server, one setting per line.
 *
 * <p>Invariant: a setting appears here only if the session knows it, and its {@code setting}
 * is the session's current value, so {@code pg_settings} and {@code SHOW} agree.
 */
final class SettingsCatalog {
    /** PostgreSQL's description of one setting. */
    private record Description(String unit, String category, String shortDesc, String context, String vartype,
                               String minVal, String maxVal, String[] enumvals, String bootVal) { }

    private static final Map<String, Description> DESCRIPTIONS = load();

    private SettingsCatalog() {
    }

    private static Map<String, Description> load() {
        Map<String, Description> m = new LinkedHashMap<>();
        try (InputStream in = SettingsCatalog.class.getResourceAsStream("pg_settings.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t", -1);
                m.put(f[0], new Description(nul(f[1]), f[2], f[3], f[4], f[5], nul(f[6]), nul(f[7]),
                        nul(f[8]) == null ? null : f[8].split(","), f[9]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }

    private static String nul(String s) {
        return s.equals("\\N") ? null : s;
    }

    /**
     * A time setting's value as {@code pg_settings} shows it: a number of the setting's unit
     * ({@code ms}), as PostgreSQL stores it ({@code '5s'} is {@code 5000}); other values as they are.
     */
    static String inUnit(String value, String unit) {
        if (value == null || !"ms".equals(unit)) {
            return value;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(-?[0-9]+(?:\\.[0-9]*)?)\\s*([a-z]*)\\s*")
                .matcher(value.toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            return value;
        }
        double factor = switch (m.group(2)) {
            case "", "ms" -> 1;
            case "us" -> 0.001;
            case "s" -> 1000;
            case "min" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> Double.NaN;
        };
        return Double.isNaN(factor) ? value : Long.toString(Math.round(Double.parseDouble(m.group(1)) * factor));
    }

    /** Adds the rows of {@code pg_settings} for a session with {@code settings}, in name order. */
    static void rows(SessionSettings settings, List<Object[]> out) {
        List<Object[]> rows = new ArrayList<>();
        for (Map.Entry<String, String> e : settings.all().entrySet()) {
            Description d = DESCRIPTIONS.get(e.getKey());
            if (d == null) {
                continue;
            }
            String reset = settings.resetValue(e.getKey());
            rows.add(new Object[] {e.getKey(), inUnit(e.getValue(), d.unit()), d.unit(), d.category(), d.shortDesc(), null, d.context(),
                    d.vartype(), e.getValue().equals(reset) ? "default" : "session", d.minVal(), d.maxVal(),
                    d.enumvals() == null ? null : RowCursor.arrayText(d.enumvals()), d.bootVal(), inUnit(reset, d.unit()),
                    null, null,
                    false});
        }
        out.addAll(rows);
    }
}
