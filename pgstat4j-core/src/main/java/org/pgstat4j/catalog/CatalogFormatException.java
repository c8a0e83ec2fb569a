package org.pgstat4j.catalog;

import java.io.IOException;

/**
 * A catalog file that cannot be read as it stands: bad CSV, a wrong header, a value that is
 * not an OID. The message names the file, the line (1-based, where the record starts) and
 * the problem, so that the user can fix the file.
 *
 * <p>The one way to misuse it: catching it to go on with an empty catalog. Every view then
 * hides every row without a word; show the message, which names the file and the line, to
 * whoever can fix the file.
 */
public final class CatalogFormatException extends IOException {
    private final String file;
    private final long line;
    private final String problem;

    public CatalogFormatException(String file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
