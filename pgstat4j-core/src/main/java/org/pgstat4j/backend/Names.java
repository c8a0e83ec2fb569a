package org.pgstat4j.backend;

import java.nio.charset.StandardCharsets;

/**
 * Fits names into PostgreSQL's fixed C-string fields the way {@code strlcpy} and
 * {@code namestrcpy} do: cut to the field's capacity minus the NUL, never splitting a
 * UTF-8 character. Reports must never fail because a name is too long.
 */
final class Names {
    private Names() {
    }

    /** {@code s} cut to at most {@code capacity - 1} UTF-8 bytes. */
    static String fit(String s, int capacity) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int max = capacity - 1;
        if (bytes.length <= max) {
            return s;
        }
        int end = max;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
