package org.pgstat4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/EMBEDDING.md's code cannot rot: its "Serving the SQL and HTTP endpoints" block is the
 * marked region of {@link EndpointsOfAnEmbeddedSystemTest#serve}, which that test runs.
 */
class DocsShowTheTestedCodeTest {
    @Test
    void theEndpointsBlockIsTheTestedRegion() throws Exception {
        Path doc = MarkedText.repoFile("pgstat4j.examples.embedding", "../docs/EMBEDDING.md");
        Path test = MarkedText.repoFile("pgstat4j.examples.testSources", "src/test/java")
                .resolve("org/pgstat4j/examples/EndpointsOfAnEmbeddedSystemTest.java");
        assertThat(MarkedText.fencedBlock(MarkedText.section(doc, "## Serving the SQL and HTTP endpoints"), "java"))
                .containsExactlyElementsOf(MarkedText.region(test, "// EMBEDDING:begin", "// EMBEDDING:end"));
    }
}
