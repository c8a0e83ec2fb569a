package org.pgstat4j.examples;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Child JVMs for the example tests: an example run as a user runs it (on the module path,
 * native access granted by module name), and the {@code pgstat4j} program on the test class
 * path. Owns nothing but the processes it starts; every wait is bounded and never asserted on.
 */
final class Jvms {
    static final String CORE_MODULE = "org.pgstat4j.core";
    static final String EXAMPLES_MODULE = "org.pgstat4j.examples";
    static final long WAIT_SECONDS = 120;

    private Jvms() {
    }

    /** What a finished child printed, and how it ended. */
    record Result(int exitCode, String out, String err) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The class path entry that holds pgstat4j-core as a named module (its jar or classes). */
    static Path coreModuleLocation() {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry);
            if (!Files.exists(p)) {
                continue;
            }
            for (ModuleReference ref : ModuleFinder.of(p).findAll()) {
                ModuleDescriptor d = ref.descriptor();
                if (d.name().equals(CORE_MODULE) && !d.isAutomatic()) {
                    return p.toAbsolutePath();
                }
            }
        }
        throw new AssertionError("no class path entry holds the named module " + CORE_MODULE + ": "
                + System.getProperty("java.class.path"));
    }

    static ModuleDescriptor coreDescriptor() {
        return ModuleFinder.of(coreModuleLocation()).find(CORE_MODULE).orElseThrow().descriptor();
    }

    static Path examplesClasses() {
        return Path.of(System.getProperty("pgstat4j.examples.classes", "target/classes")).toAbsolutePath();
    }

    /** {@code java [jvmFlags] --module-path CORE:EXAMPLES -m org.pgstat4j.examples/CLASS args}. */
    static List<String> exampleCommand(Class<?> example, List<String> jvmFlags, String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("--module-path", coreModuleLocation() + java.io.File.pathSeparator + examplesClasses(),
                "-m", EXAMPLES_MODULE + "/" + example.getName()));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** The example as documented: with {@code --enable-native-access=org.pgstat4j.core}. */
    static Result runExample(Path workDir, Class<?> example, String... args) throws Exception {
        return run(workDir, exampleCommand(example, List.of("--enable-native-access=" + CORE_MODULE), args));
    }

    /** {@code java -cp TEST_CLASS_PATH org.pgstat4j.server.cli.Main args}: the real program. */
    static List<String> programCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "org.pgstat4j.server.cli.Main"));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** Runs {@code cmd} to its end, output in files under {@code workDir}. */
    static Result run(Path workDir, List<String> cmd) throws Exception {
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("did not finish: " + cmd + "\n" + read(out) + read(err));
        }
        return new Result(p.exitValue(), read(out), read(err));
    }

    static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
