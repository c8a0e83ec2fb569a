package org.pgstat4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The style guide's class contract, for the API the core module exports: every public type of
 * an exported package opens with a comment saying what it is for, and every public top-level
 * type also names the one way to misuse it. Reads the core's sources with the JDK's compiler
 * (doc comments as the compiler sees them); the exports come from the compiled module.
 */
class ExportedTypesStateTheirContractTest {
    /** "The one way to misuse it", "misusing", "misused", ... */
    private static final Pattern MISUSE = Pattern.compile("\\bmisus", Pattern.CASE_INSENSITIVE);

    private static final Map<String, String> TOP_LEVEL = new TreeMap<>();
    private static final Map<String, String> NESTED = new TreeMap<>();

    @BeforeAll
    static void readTheCoresDocComments() throws IOException {
        Set<String> exported = Jvms.coreDescriptor().exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        Path sources = Path.of(System.getProperty("pgstat4j.core.sources", "../pgstat4j-core/src/main/java"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("module-info.java")).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavaCompiler.CompilationTask task = javac.getTask(null, fm, null,
                    List.of("-proc:only", "-implicit:none", "--release", "25"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            task.setProcessors(List.of(new DocComments(exported)));
            assertThat(task.call()).as("the core's sources parse").isTrue();
        }
        assertThat(TOP_LEVEL).as("public types of exported packages").isNotEmpty();
    }

    @Test
    void everyExportedTypeSaysWhatItIsFor() {
        assertThat(TOP_LEVEL.entrySet().stream().filter(e -> e.getValue().isBlank()).map(Map.Entry::getKey))
                .as("public top-level types without a class comment").isEmpty();
        assertThat(NESTED.entrySet().stream().filter(e -> e.getValue().isBlank()).map(Map.Entry::getKey))
                .as("public nested types without a comment").isEmpty();
    }

    @Test
    void everyExportedTopLevelTypeNamesItsOneWayToMisuseIt() {
        assertThat(TOP_LEVEL.entrySet().stream().filter(e -> !MISUSE.matcher(e.getValue()).find())
                .map(Map.Entry::getKey))
                .as("public top-level types whose class comment names no misuse").isEmpty();
    }

    /** Collects the doc comment of every public type (top-level and nested) in an exported package. */
    private static final class DocComments extends AbstractProcessor {
        private final Set<String> exported;

        DocComments(Set<String> exported) {
            this.exported = exported;
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            for (Element e : round.getRootElements()) {
                if (e instanceof TypeElement t && isPublic(t)) {
                    String pkg = ((PackageElement) t.getEnclosingElement()).getQualifiedName().toString();
                    if (exported.contains(pkg)) {
                        TOP_LEVEL.put(t.getQualifiedName().toString(), doc(t));
                        collectNested(t);
                    }
                }
            }
            return false;
        }

        private void collectNested(TypeElement outer) {
            for (Element m : outer.getEnclosedElements()) {
                if (m instanceof TypeElement t && isPublic(t) && m.getKind() != ElementKind.ENUM_CONSTANT) {
                    NESTED.put(t.getQualifiedName().toString(), doc(t));
                    collectNested(t);
                }
            }
        }

        private boolean isPublic(TypeElement t) {
            return t.getModifiers().contains(Modifier.PUBLIC)
                    || t.getEnclosingElement().getKind() == ElementKind.INTERFACE; // implicitly public
        }

        private String doc(TypeElement t) {
            String d = processingEnv.getElementUtils().getDocComment(t);
            return d == null ? "" : d;
        }
    }
}
