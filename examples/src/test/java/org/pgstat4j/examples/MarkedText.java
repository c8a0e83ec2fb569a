package org.pgstat4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The pieces of text that the documentation tests compare: a Markdown section, a fenced block
 * in it, and the region of a Java source between two marker comments. Fails with the missing
 * piece named, never silently matches nothing.
 */
final class MarkedText {
    private MarkedText() {
    }

    static Path repoFile(String property, String fallback) {
        return Path.of(System.getProperty(property, fallback));
    }

    /** From the line {@code heading} to the next heading of level 2 (or the end). */
    static String section(Path markdown, String heading) throws Exception {
        String text = Files.readString(markdown, StandardCharsets.UTF_8);
        int start = text.indexOf("\n" + heading + "\n");
        assertThat(start).as("section \"%s\" in %s", heading, markdown).isNotNegative();
        int next = text.indexOf("\n## ", start + 1);
        return text.substring(start, next < 0 ? text.length() : next);
    }

    /** The lines of the first fenced block of {@code language} in {@code text}. */
    static List<String> fencedBlock(String text, String language) {
        List<String> lines = text.lines().toList();
        int open = lines.indexOf("```" + language);
        assertThat(open).as("a ```%s block", language).isNotNegative();
        int close = lines.subList(open + 1, lines.size()).indexOf("```");
        assertThat(close).as("the end of the ```%s block", language).isNotNegative();
        return lines.subList(open + 1, open + 1 + close);
    }

    /** The lines strictly between the marker comments, less the indentation they share. */
    static List<String> region(Path source, String begin, String end) throws Exception {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        int b = -1;
        int e = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(begin)) {
                b = i;
            } else if (lines.get(i).strip().equals(end)) {
                e = i;
            }
        }
        assertThat(b).as("%s in %s", begin, source).isNotNegative();
        assertThat(e).as("%s after %s in %s", end, begin, source).isGreaterThan(b + 1);
        List<String> region = lines.subList(b + 1, e);
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }
}
