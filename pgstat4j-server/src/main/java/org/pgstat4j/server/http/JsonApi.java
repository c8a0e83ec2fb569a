package org.pgstat4j.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.server.service.Health;
import org.pgstat4j.view.Column;
import org.pgstat4j.view.PgText;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * The JSON API: {@code /api/v1/views} (the views and their columns), {@code /api/v1/views/NAME}
 * (rows as objects keyed by PostgreSQL's column names, see {@link ViewQuery} for the
 * parameters) and {@code /api/v1/health}.
 *
 * <p>JSON types follow the SQL types: integers, oids (unsigned) and floats are numbers,
 * numeric is an exact number, NULL is null, booleans are booleans, and names, text and
 * timestamps are strings — timestamps in PostgreSQL's own text ({@code 2026-11-25
 * 14:36:01.062522+00}), so that they read as psql shows them.
 */
final class JsonApi {
    static final String VIEWS_PATH = "/api/v1/views";
    static final String HEALTH_PATH = "/api/v1/health";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final StatsCache cache;

    JsonApi(StatsCache cache) {
        this.cache = cache;
    }

    void views(HttpExchange ex) throws IOException {
        if (!Exchanges.onlyGet(ex)) {
            return;
        }
        String path = ex.getRequestURI().getPath();
        if (path.equals(VIEWS_PATH) || path.equals(VIEWS_PATH + "/")) {
            ObjectNode body = F.objectNode();
            ArrayNode list = body.putArray("views");
            for (ViewDefinition v : Views.all()) {
                ObjectNode o = list.addObject();
                o.put("name", v.name());
                o.set("columns", columns(v.columns()));
            }
            Exchanges.json(ex, 200, body);
            return;
        }
        if (!path.startsWith(VIEWS_PATH + "/")) {
            StaticResources.handle(ex); // e.g. /api/v1/viewsfoo: no such page
            return;
        }
        String name = path.substring(VIEWS_PATH.length() + 1);
        Optional<ViewDefinition> view = Views.byName(name);
        if (view.isEmpty()) {
            ObjectNode body = F.objectNode();
            body.put("error", "unknown view \"" + name + "\"");
            ArrayNode names = body.putArray("views");
            Views.names().forEach(names::add);
            Exchanges.json(ex, 404, body);
            return;
        }
        ViewQuery q;
        try {
            q = ViewQuery.parse(view.get(), Exchanges.query(ex));
        } catch (ViewQuery.BadRequest e) {
            Exchanges.error(ex, 400, e.getMessage());
            return;
        }
        StatsCache.Cached c = cache.current();
        ViewDefinition v = view.get();
        List<Object[]> rows = q.apply(v.rows(c.context()));
        ObjectNode body = F.objectNode();
        body.put("view", v.name());
        body.put("database", cache.service().databaseName());
        long ts = c.snapshot().snapshotTimestamp();
        if (ts == 0) {
            body.putNull("snapshot_timestamp");
        } else {
            body.put("snapshot_timestamp", PgTimestamps.format(ts));
        }
        body.set("columns", columns(v.columns()));
        ArrayNode out = body.putArray("rows");
        for (Object[] r : rows) {
            ObjectNode o = out.addObject();
            for (int i = 0; i < r.length; i++) {
                Column col = v.columns().get(i);
                o.set(col.name(), value(col, r[i]));
            }
        }
        Exchanges.json(ex, 200, body);
    }

    void health(HttpExchange ex) throws IOException {
        if (!Exchanges.onlyGet(ex)) {
            return;
        }
        Exchanges.json(ex, 200, health(cache.service().health()));
    }

    /** The {@link Health} record as JSON, field names as the record's. */
    static ObjectNode health(Health h) {
        return Exchanges.JSON.valueToTree(h);
    }

    private static ArrayNode columns(List<Column> columns) {
        ArrayNode a = F.arrayNode();
        for (Column c : columns) {
            ObjectNode o = a.addObject();
            o.put("name", c.name());
            o.put("type", c.type().typname());
        }
        return a;
    }

    /** A value as the JSON type of its SQL type. */
    static com.fasterxml.jackson.databind.JsonNode value(Column c, Object v) {
        if (v == null) {
            return F.nullNode();
        }
        return switch (c.type()) {
            case BOOL -> F.booleanNode((Boolean) v);
            case INT4 -> F.numberNode((Integer) v);
            case INT8 -> F.numberNode((Long) v);
            case OID -> F.numberNode(Integer.toUnsignedLong((Integer) v));
            case FLOAT8 -> {
                double d = (Double) v;
                yield Double.isFinite(d) ? F.numberNode(d) : F.textNode(PgText.float8(d));
            }
            case NUMERIC -> v instanceof BigInteger b ? F.numberNode(b) : F.numberNode((BigDecimal) v);
            case TIMESTAMPTZ -> F.textNode(PgText.timestamptz((Instant) v));
            case NAME, TEXT -> F.textNode((String) v);
        };
    }
}
