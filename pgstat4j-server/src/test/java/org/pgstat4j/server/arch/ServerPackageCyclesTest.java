package org.pgstat4j.server.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.pgstat4j.arch.PackageGraph;
import org.pgstat4j.server.cli.Main;

/**
 * Dependencies between pgstat4j-server's packages point one way: no package cycle, read from
 * the compiled classes (e.g. endpoints may use the read interface of {@code service}, but
 * {@code service} never reaches back into {@code sql} or {@code http}).
 */
class ServerPackageCyclesTest {
    @Test
    void serverPackagesHaveNoCycle() throws IOException {
        PackageGraph g = PackageGraph.ofClassesOf(Main.class, "org.pgstat4j.server");
        assertThat(g.packages()).as("packages found").contains("org.pgstat4j.server.cli",
                "org.pgstat4j.server.service", "org.pgstat4j.server.sql", "org.pgstat4j.server.http");
        assertThat(g.cycles()).isEmpty();
    }
}
