package org.pgstat4j.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the repository's {@code fixtures/} directory (real PostgreSQL 14 captures and
 * exports) by walking up from the working directory, so tests run from any module.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** {@code fixtures/<name>} of the repository. */
    public static Path dir(String name) {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (; p != null; p = p.getParent()) {
            Path f = p.resolve("fixtures");
            if (Files.isDirectory(f)) {
                Path d = f.resolve(name);
                if (!Files.isDirectory(d)) {
                    throw new IllegalStateException("no fixture " + name + " in " + f);
                }
                return d;
            }
        }
        throw new IllegalStateException("no fixtures/ directory above " + System.getProperty("user.dir"));
    }

    /** Rows of an exported CSV without quoted fields, as column → value maps (empty = null). */
    public static List<Map<String, String>> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], f[i].isEmpty() ? null : f[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
