package org.pgstat4j.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.pgstat4j.collector.Collector;

/**
 * Dependencies between pgstat4j-core's packages point one way (docs/ARCHITECTURE.md): no
 * package cycle, read from the compiled classes, and the statistics model depends on no
 * other package of pgstat4j but the protocol.
 */
class PackageCyclesTest {
    @Test
    void corePackagesHaveNoCycle() throws IOException {
        PackageGraph g = PackageGraph.ofClassesOf(Collector.class, "org.pgstat4j");
        assertThat(g.packages()).as("packages found").contains("org.pgstat4j.collector", "org.pgstat4j.store");
        assertThat(g.cycles()).isEmpty();
    }

    @Test
    void readersDependOnTheModelNotOnTheCollector() throws IOException {
        PackageGraph g = PackageGraph.ofClassesOf(Collector.class, "org.pgstat4j");
        for (String reader : new String[] {"org.pgstat4j.store", "org.pgstat4j.storage",
                "org.pgstat4j.snapshot", "org.pgstat4j.view"}) {
            assertThat(g.dependsOn(reader, "org.pgstat4j.collector")).as(reader).isFalse();
        }
        assertThat(g.dependsOn("org.pgstat4j.snapshot", "org.pgstat4j.store")).isTrue();
        for (String p : g.packages()) {
            // the model uses no other package: protocol's handlers use the store, never the reverse
            if (!p.equals("org.pgstat4j.store")) {
                assertThat(g.dependsOn("org.pgstat4j.store", p)).as("store -> " + p).isFalse();
            }
        }
    }
}
