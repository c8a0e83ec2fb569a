package org.pgstat4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds the repository's copy of the conformance fixtures and reads their simple CSVs. */
public final class Fixtures {
    private Fixtures() {
    }

    /** {@code fixtures/NAME} under the repository root (found by walking up from the working dir). */
    public static Path dir(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path f = p.resolve("fixtures").resolve(name);
            if (Files.isDirectory(f)) {
                return f;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("fixtures/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    /** Rows of a header CSV without quoted fields, as column → value maps (empty = null). */
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
