package org.pgstat4j.catalog;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
