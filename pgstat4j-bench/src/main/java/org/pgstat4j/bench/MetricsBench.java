package org.pgstat4j.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code /metrics} under concurrent scrapes: starts the pgstat4j program ({@code demo --serve}
 * with many tables) as a child process, lets the workload run, then fires rounds of C
 * simultaneous scrapes from this JVM and reports, per round, the median and maximum time to a
 * complete body, the body size, and the server's resident memory before and after (VmRSS, and
 * the peak VmHWM) read from {@code /proc}.
 */
@Command(name = "MetricsBench", mixinStandardHelpOptions = true, description = "/metrics under concurrent scrapes")
public final class MetricsBench implements Callable<Integer> {
    @Option(names = "--jar", defaultValue = "pgstat4j-server/target/pgstat4j.jar", description = "the program")
    Path jar;
    @Option(names = "--tables", defaultValue = "2000", description = "tables the demo creates")
    int tables;
    @Option(names = "--concurrency", defaultValue = "1000", description = "simultaneous scrapes per round")
    int concurrency;
    @Option(names = "--rounds", defaultValue = "5", description = "rounds of scrapes")
    int rounds;
    @Option(names = "--heap", defaultValue = "1g", description = "the server's -Xmx")
    String heap;
    @Option(names = "--jvm-options", defaultValue = "bin/jvm-options",
            description = "the launcher's JVM defaults (a java argument file), given to the server before -Xmx; "
                    + "'none' for the JVM's own defaults")
    String jvmOptions;
    @Option(names = "--gzip", defaultValue = "true", negatable = true,
            description = "ask for a gzip body, as Prometheus does (default: true)")
    boolean gzip;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MetricsBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        if (!jvmOptions.equals("none")) {
            command.add("@" + jvmOptions); // as the launcher starts the program
        }
        command.addAll(List.of("-Xmx" + heap, "--enable-native-access=ALL-UNNAMED", "-jar",
                jar.toString(), "demo", "--serve", "--http-port", Integer.toString(port), "--tables",
                Integer.toString(tables), "--sessions", "2", "--duration", "0"));
        Process server = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(60)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            byte[] first = awaitFirst(client, uri);
            Thread.sleep(3000); // every table has been touched and flushed
            for (int r = 1; r <= rounds; r++) {
                long rssBefore = status(server, "VmRSS");
                List<CompletableFuture<Long>> all = new ArrayList<>();
                for (int i = 0; i < concurrency; i++) {
                    long t0 = System.nanoTime();
                    all.add(client.sendAsync(request(uri),
                                    HttpResponse.BodyHandlers.ofByteArray())
                            .thenApply(resp -> {
                                if (resp.statusCode() != 200) {
                                    throw new IllegalStateException("status " + resp.statusCode());
                                }
                                return System.nanoTime() - t0;
                            }));
                }
                long[] nanos = new long[concurrency];
                int failed = 0;
                for (int i = 0; i < concurrency; i++) {
                    try {
                        nanos[i] = all.get(i).join();
                    } catch (RuntimeException e) {
                        failed++;
                        nanos[i] = Long.MAX_VALUE;
                    }
                }
                Arrays.sort(nanos);
                System.out.println(String.format(Locale.ROOT,
                        "round=%d concurrency=%d failed=%d body_bytes=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f "
                                + "rss_before_mb=%.0f rss_after_mb=%.0f hwm_mb=%.0f load=%s",
                        r, concurrency, failed, first.length, nanos[concurrency / 2] / 1e6,
                        nanos[concurrency * 99 / 100] / 1e6, nanos[concurrency - 1 - failed] / 1e6,
                        rssBefore / 1024.0, status(server, "VmRSS") / 1024.0, status(server, "VmHWM") / 1024.0,
                        Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
            }
        } finally {
            server.destroy();
            server.waitFor();
        }
        return 0;
    }

    private byte[] awaitFirst(HttpClient client, URI uri) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            try {
                HttpResponse<byte[]> r = client.send(request(uri), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() == 200) {
                    byte[] text = r.headers().firstValue("Content-Encoding").orElse("").equals("gzip")
                            ? new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes() : r.body();
                    if (!new String(text, 0, 7, StandardCharsets.US_ASCII).equals("# HELP ")) {
                        throw new IllegalStateException("not an exposition: " + new String(text, 0, 40,
                                StandardCharsets.UTF_8));
                    }
                    System.out.println("body: " + r.body().length + " bytes on the wire, " + text.length
                            + " bytes of exposition");
                    return r.body();
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(500);
        }
    }

    private HttpRequest request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
        if (gzip) {
            b.header("Accept-Encoding", "gzip");
        }
        return b.build();
    }

    /** A {@code kB} line of {@code /proc/PID/status}. */
    private static long status(Process p, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
