package org.pgstat4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * pgstat4j-server is a class-path program (one shaded jar), so the module system cannot hold
 * it to pgstat4j-core's exports at run time. This test does, at build time: {@code jdeps}
 * lists every core package the server's compiled classes depend on, and each must be one the
 * core module exports — the server is a user of the library like any other.
 */
class ServerUsesOnlyExportedCorePackagesTest {
    private static final String TOOL_LINE = "^\\s*(\\S+)\\s+->\\s+(\\S+)\\s+(.*)$";

    @Test
    void everyCorePackageTheServerUsesIsExported() {
        Path serverClasses = Path.of(System.getProperty("pgstat4j.server.classes", "../pgstat4j-server/target/classes"));
        assertThat(serverClasses.resolve("org/pgstat4j/server")).as("the server's compiled classes").isDirectory();
        Path core = Jvms.coreModuleLocation();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = ToolProvider.findFirst("jdeps").orElseThrow().run(new PrintWriter(out), new PrintWriter(err),
                "-verbose:package", "-filter:archive", "--multi-release", "25",
                "--module-path", core.toString(), "--add-modules", Jvms.CORE_MODULE,
                "-e", "org\\.pgstat4j\\..*", serverClasses.toString());
        assertThat(rc).as(out + "\n" + err).isZero();

        // lines "FROM_PACKAGE -> TO_PACKAGE ARCHIVE [(internal)]" for dependencies on the core module
        Set<String> used = out.toString().lines()
                .filter(l -> l.matches(TOOL_LINE))
                .filter(l -> l.replaceAll(TOOL_LINE, "$3").startsWith(Jvms.CORE_MODULE))
                .map(l -> l.replaceAll(TOOL_LINE, "$2"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> exported = Jvms.coreDescriptor().exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(used).as("core packages the server uses (jdeps output:\n%s)", out).isNotEmpty()
                .contains("org.pgstat4j.backend", "org.pgstat4j.postmaster", "org.pgstat4j.view");
        assertThat(exported).as("packages exported by " + Jvms.CORE_MODULE).containsAll(used);
        assertThat(out.toString()).doesNotContain("(internal)");
    }

    /** The native-call package stays internal: nothing outside the core reaches it directly. */
    @Test
    void theDescriptorPassingPackageIsNotExported() throws Exception {
        ModuleDescriptor core = Jvms.coreDescriptor();
        assertThat(core.packages()).contains("org.pgstat4j.transport.unix");
        assertThat(core.exports()).extracting(ModuleDescriptor.Exports::source)
                .doesNotContain("org.pgstat4j.transport.unix");
        assertThat(Files.exists(Jvms.coreModuleLocation())).isTrue();
    }
}
