package org.pgstat4j.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers for the endpoint's handlers: query parsing and complete responses. */
final class Exchanges {
    static final ObjectMapper JSON = new ObjectMapper();

    private Exchanges() {
    }

    /** The query parameters, decoded, each name with its values in order of appearance. */
    static Map<String, List<String>> query(HttpExchange ex) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return out;
    }

    /** Refuses anything but GET (and HEAD) with 405; returns whether the request may go on. */
    static boolean onlyGet(HttpExchange ex) throws IOException {
        String m = ex.getRequestMethod();
        if (m.equals("GET") || m.equals("HEAD")) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        error(ex, 405, "method " + m + " is not allowed here; use GET");
        return false;
    }

    static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("error", message);
        json(ex, status, n);
    }

    /**
     * Bytes per write of a response body. The JDK's server copies each write larger than its
     * connection's write buffer (4 KiB) into a new heap buffer twice the size of the write,
     * which the connection then keeps for as long as it is open; and the socket copies each
     * write into a native buffer of its size. Writes of 8 KiB — the size its own buffered
     * stream flushes anyway — keep that at 16 KiB per open connection: a 32 KiB body written
     * at once cost 64 KiB per scraper kept for good (64 MB for a thousand scrapers).
     */
    static final int WRITE_CHUNK = 8 * 1024;

    /**
     * Whether the client accepts a gzip body: {@code gzip} (or {@code *}) among the
     * {@code Accept-Encoding} tokens, without {@code q=0}.
     */
    static boolean acceptsGzip(HttpExchange ex) {
        for (String header : ex.getRequestHeaders().getOrDefault("Accept-Encoding", List.of())) {
            for (String token : header.split(",")) {
                String[] parts = token.split(";");
                String coding = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
                boolean refused = false;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
                    refused |= p.equals("q=0") || p.startsWith("q=0.") && p.substring(4).chars().allMatch(c -> c == '0');
                }
                if ((coding.equals("gzip") || coding.equals("*")) && !refused) {
                    return true;
                }
            }
        }
        return false;
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                for (int at = 0; at < body.length; at += WRITE_CHUNK) {
                    out.write(body, at, Math.min(WRITE_CHUNK, body.length - at));
                }
            }
        }
        ex.close();
    }
}
