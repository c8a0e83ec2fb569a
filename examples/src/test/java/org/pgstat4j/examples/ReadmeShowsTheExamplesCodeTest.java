package org.pgstat4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use it as a library" section cannot rot: its Java block is, line for line,
 * the marked region of {@link EmbeddedServerExample} (which {@link EmbeddedServerExampleTest}
 * runs), and its dependency coordinates carry the build's own version.
 */
class ReadmeShowsTheExamplesCodeTest {
    private static final String SECTION = "## Use it as a library";

    private static String section() throws Exception {
        return MarkedText.section(MarkedText.repoFile("pgstat4j.examples.readme", "../README.md"), SECTION);
    }

    @Test
    void theJavaBlockIsTheEmbeddedExamplesMarkedRegion() throws Exception {
        Path source = MarkedText.repoFile("pgstat4j.examples.sources", "src/main/java")
                .resolve("org/pgstat4j/examples/EmbeddedServerExample.java");
        assertThat(MarkedText.fencedBlock(section(), "java"))
                .containsExactlyElementsOf(MarkedText.region(source, "// README:begin", "// README:end"));
    }

    @Test
    void theDependencyCarriesTheBuildsVersion() throws Exception {
        String version = System.getProperty("pgstat4j.version");
        assertThat(version).as("the build passes its version").isNotBlank();
        assertThat(String.join("\n", MarkedText.fencedBlock(section(), "xml"))).isEqualTo("""
                <dependency>
                  <groupId>org.pgstat4j</groupId>
                  <artifactId>pgstat4j-core</artifactId>
                  <version>%s</version>
                </dependency>""".formatted(version));
    }
}
