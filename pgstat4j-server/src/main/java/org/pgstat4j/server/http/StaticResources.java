package org.pgstat4j.server.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The dashboard's files, served from the jar: its own page, script and style
 * ({@code /dashboard/} on the class path) and uPlot from its WebJar. Only the files listed
 * here are served — a fixed table, so no request path ever reaches the class path unchecked.
 */
final class StaticResources {
    static final String UPLOT = "/webjars/uplot/1.6.30/dist/";

    /** Request path → class-path resource and content type. */
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"dashboard/index.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {"dashboard/index.html", "text/html; charset=utf-8"},
            "/dashboard.js", new String[] {"dashboard/dashboard.js", "text/javascript; charset=utf-8"},
            "/dashboard.css", new String[] {"dashboard/dashboard.css", "text/css; charset=utf-8"},
            UPLOT + "uPlot.iife.min.js", new String[] {"META-INF/resources" + UPLOT + "uPlot.iife.min.js",
                    "text/javascript; charset=utf-8"},
            UPLOT + "uPlot.min.css", new String[] {"META-INF/resources" + UPLOT + "uPlot.min.css",
                    "text/css; charset=utf-8"});

    private StaticResources() {
    }

    static void handle(HttpExchange ex) throws IOException {
        if (!Exchanges.onlyGet(ex)) {
            return;
        }
        String[] file = FILES.get(ex.getRequestURI().getPath());
        if (file == null) {
            Exchanges.error(ex, 404, "no such page: " + ex.getRequestURI().getPath()
                    + " (see / for the dashboard, /metrics, /api/v1/views, /api/v1/health)");
            return;
        }
        byte[] body;
        try (InputStream in = StaticResources.class.getClassLoader().getResourceAsStream(file[0])) {
            if (in == null) {
                Exchanges.error(ex, 500, "resource " + file[0] + " is missing from the program's jar");
                return;
            }
            body = in.readAllBytes();
        }
        Exchanges.send(ex, 200, file[1], body);
    }
}
