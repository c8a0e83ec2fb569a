package org.pgstat4j.server.daemon;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.pgstat4j.store.TabEntryView;
import org.pgstat4j.postmaster.StatsClient;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.snapshot.SnapshotReader;
import picocli.CommandLine;

/** Helpers for the daemon tests: a client JVM, snapshots read back, ctl run in this JVM. */
final class DaemonTestSupport {
    static final int DB = 5;
    static final int REL = 100;

    private DaemonTestSupport() {
    }

    /** What a process printed and how it exited. */
    record Result(int exitCode, String output) {
    }

    /** Runs {@link AttachClientMain} in a new JVM: one TABSTAT of {@code n} inserts into {@link #REL}. */
    static Result sendFromAnotherJvm(Path dataDir, long n) throws Exception {
        return run(ServerProcess.jvm(AttachClientMain.class.getName(),
                List.of(dataDir.toString(), Integer.toString(DB), Integer.toString(REL), Long.toString(n))));
    }

    static Result run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(ServerProcess.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("process did not exit: " + command);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * Attaches from this JVM and reads a fresh snapshot of {@link #DB} (inquiry, then the
     * collector's file); returns {@link #REL}'s inserted count, or -1 if the table is unknown.
     */
    static long insertedNow(Path dataDir) throws IOException {
        try (StatsClient client = StatsClient.attach(dataDir)) {
            SnapshotReader reader = client.newReader(DB);
            Snapshot s = reader.snapshot();
            if (reader.lastLoadWasStale()) {
                throw new AssertionError("the collector did not answer the inquiry (stale snapshot)");
            }
            TabEntryView t = s.table(REL);
            return t == null ? -1 : t.tuplesInserted();
        }
    }

    /** Runs {@code pgstat4j ctl ...} in this JVM. */
    static Result ctl(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new CtlCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int code = cl.execute(args);
        return new Result(code, out.toString());
    }

    static Path writeConfig(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    static List<String> args(String... a) {
        return new ArrayList<>(List.of(a));
    }
}
