package org.pgstat4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use it as a library" section cannot rot: its Java block is, line for line,
 * the marked region of {@link EmbeddedServerExample} (which {@link EmbeddedServerExampleTest}
 * runs), and its dependency coordinates carry the build's own version.
 */
class ReadmeShowsTheExamplesCodeTest {
    private static final String SECTION = "## Use it as a library";
    private static final String BEGIN = "// README:begin";
    private static final String END = "// README:end";

    private static String readme() throws Exception {
        return Files.readString(Path.of(System.getProperty("pgstat4j.examples.readme", "../README.md")),
                StandardCharsets.UTF_8);
    }

    private static String section() throws Exception {
        String readme = readme();
        int start = readme.indexOf("\n" + SECTION + "\n");
        assertThat(start).as("README section \"%s\"", SECTION).isNotNegative();
        int next = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, next < 0 ? readme.length() : next);
    }

    /** The lines of the first fenced block of {@code language} in {@code text}. */
    private static List<String> fencedBlock(String text, String language) {
        List<String> lines = text.lines().toList();
        int open = lines.indexOf("```" + language);
        assertThat(open).as("a ```%s block", language).isNotNegative();
        int close = lines.subList(open + 1, lines.size()).indexOf("```");
        assertThat(close).as("the end of the ```%s block", language).isNotNegative();
        return lines.subList(open + 1, open + 1 + close);
    }

    /** The example's lines between the markers, less the indentation they share. */
    private static List<String> markedRegion() throws Exception {
        Path source = Path.of(System.getProperty("pgstat4j.examples.sources", "src/main/java"))
                .resolve("org/pgstat4j/examples/EmbeddedServerExample.java");
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(BEGIN)) {
                begin = i;
            } else if (lines.get(i).strip().equals(END)) {
                end = i;
            }
        }
        assertThat(begin).as("%s in %s", BEGIN, source).isNotNegative();
        assertThat(end).as("%s after %s in %s", END, BEGIN, source).isGreaterThan(begin + 1);
        List<String> region = lines.subList(begin + 1, end);
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    @Test
    void theJavaBlockIsTheEmbeddedExamplesMarkedRegion() throws Exception {
        assertThat(fencedBlock(section(), "java")).containsExactlyElementsOf(markedRegion());
    }

    @Test
    void theDependencyCarriesTheBuildsVersion() throws Exception {
        String version = System.getProperty("pgstat4j.version");
        assertThat(version).as("the build passes its version").isNotBlank();
        assertThat(String.join("\n", fencedBlock(section(), "xml"))).isEqualTo("""
                <dependency>
                  <groupId>org.pgstat4j</groupId>
                  <artifactId>pgstat4j-core</artifactId>
                  <version>%s</version>
                </dependency>""".formatted(version));
    }
}
