package org.pgstat4j.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pgstat4j.collector.Collector;
import org.pgstat4j.protocol.StatMessage;

/**
 * Message kinds are data (docs/ARCHITECTURE.md, "Adding a message kind"): no class of the
 * collector and no part of {@code MessageCodec} refers to a kind's record, read from the
 * compiled classes. They reach a kind only through its {@code StatMsgType} row, so adding a
 * kind never edits them. (A {@code static final} int inlined by javac is invisible here.)
 */
class CollectorAndCodecNameNoKindTest {
    @Test
    void neitherTheCollectorNorTheCodecRefersToAMessageRecord() throws IOException, ClassNotFoundException {
        Path root = classDirectory();
        List<Path> checked = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            checked.addAll(files.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> {
                        String name = root.relativize(p).toString().replace('\\', '/');
                        return name.startsWith("org/pgstat4j/collector/")
                                || name.startsWith("org/pgstat4j/protocol/MessageCodec");
                    }).toList());
        }
        assertThat(checked).as("collector and codec classes found").hasSizeGreaterThan(3);
        List<String> kindReferences = new ArrayList<>();
        for (Path f : checked) {
            try (InputStream in = Files.newInputStream(f)) {
                for (String used : PackageGraph.referencedClasses(in)) {
                    if (used.startsWith("org/pgstat4j/protocol/") && isKindRecord(used)) {
                        kindReferences.add(root.relativize(f) + " -> " + used);
                    }
                }
            }
        }
        assertThat(kindReferences).isEmpty();
    }

    private static boolean isKindRecord(String internalName) throws ClassNotFoundException {
        Class<?> c = Class.forName(internalName.replace('/', '.'), false,
                CollectorAndCodecNameNoKindTest.class.getClassLoader());
        return c != StatMessage.class && StatMessage.class.isAssignableFrom(c);
    }

    private static Path classDirectory() throws IOException {
        try {
            return Path.of(Collector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
