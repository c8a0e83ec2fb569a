package org.pgstat4j.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium (Debian's {@code /usr/bin/chromium}) driven over the Chrome DevTools
 * Protocol with the JDK's WebSocket client and Jackson: enough to load a page, evaluate
 * JavaScript in it and take a screenshot. The browser is started with a fresh profile and
 * ended by its PID (and its children's), never by name.
 */
final class Chromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts the browser and attaches to its first page. */
    static Chromium start(Path profile) throws Exception {
        Files.createDirectories(profile);
        Process p = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String browserWs = devtoolsUrl(p);
            URI base = URI.create(browserWs.replaceFirst("^ws://", "http://").replaceFirst("/devtools/.*$", ""));
            String pageWs = null;
            HttpClient c = HttpClient.newHttpClient();
            for (int i = 0; i < 100 && pageWs == null; i++) {
                JsonNode list = JSON.readTree(c.send(HttpRequest.newBuilder(base.resolve("/json/list")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : list) {
                    if (t.get("type").asText().equals("page")) {
                        pageWs = t.get("webSocketDebuggerUrl").asText();
                        break;
                    }
                }
                if (pageWs == null) {
                    Thread.sleep(100);
                }
            }
            if (pageWs == null) {
                throw new IllegalStateException("Chromium shows no page target");
            }
            Chromium[] self = new Chromium[1];
            WebSocket ws = c.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    self[0].receive(data, last);
                    w.request(1);
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            self[0] = new Chromium(p, profile, ws);
            return self[0];
        } catch (Exception e) {
            kill(p);
            throw e;
        }
    }

    /** Reads Chromium's standard error until it tells where DevTools listens. */
    private static String devtoolsUrl(Process p) throws Exception {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                StringBuilder seen = new StringBuilder();
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    Matcher m = DEVTOOLS.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    } else if (!url.isDone()) {
                        seen.append(line).append('\n');
                    }
                }
                url.completeExceptionally(new IllegalStateException("Chromium exited before DevTools listened:\n" + seen));
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
        });
        return url.get(60, TimeUnit.SECONDS);
    }

    private synchronized void receive(CharSequence data, boolean last) {
        partial.append(data);
        if (!last) {
            return;
        }
        String text = partial.toString();
        partial.setLength(0);
        try {
            JsonNode msg = JSON.readTree(text);
            if (msg.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                if (f != null) {
                    if (msg.has("error")) {
                        f.completeExceptionally(new IllegalStateException("CDP error: " + msg.get("error")));
                    } else {
                        f.complete(msg.get("result"));
                    }
                }
            }
        } catch (IOException e) {
            pending.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    /** Calls a CDP method on the page and waits for its result. */
    JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", params == null ? JSON.createObjectNode() : params);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
        return f.get(60, TimeUnit.SECONDS);
    }

    void navigate(String url) throws Exception {
        ObjectNode p = JSON.createObjectNode();
        p.put("url", url);
        call("Page.navigate", p);
    }

    /** Evaluates an expression in the page; its value as JSON (strings, numbers, booleans). */
    JsonNode evaluate(String expression) throws Exception {
        ObjectNode p = JSON.createObjectNode();
        p.put("expression", expression);
        p.put("returnByValue", true);
        JsonNode r = call("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page threw: " + r.get("exceptionDetails"));
        }
        JsonNode v = r.get("result").get("value");
        return v == null ? JSON.nullNode() : v;
    }

    /** Evaluates {@code expression} every 100 ms until it is true, for at most {@code max}. */
    boolean waitFor(String expression, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (evaluate(expression).asBoolean(false)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    byte[] screenshotPng() throws Exception {
        ObjectNode p = JSON.createObjectNode();
        p.put("format", "png");
        return java.util.Base64.getDecoder().decode(call("Page.captureScreenshot", p).get("data").asText());
    }

    @Override
    public void close() {
        socket.abort();
        http.close();
        kill(process);
        try {
            deleteTree(profile);
        } catch (IOException e) {
            // a leftover temporary profile is harmless; JUnit's @TempDir cleans the parent
        }
    }

    /** Ends the browser and every process it started, by PID. */
    private static void kill(Process p) {
        List<ProcessHandle> children = p.toHandle().descendants().toList();
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path q : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }
}
