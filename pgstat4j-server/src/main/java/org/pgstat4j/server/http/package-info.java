/**
 * The HTTP endpoint of a {@link org.pgstat4j.server.service.StatsService}: one JDK
 * {@code HttpServer}, loopback by default, started by
 * {@link org.pgstat4j.server.http.HttpEndpoint#start}.
 *
 * <h2>The map</h2>
 * <ul>
 * <li>{@code /metrics} — {@link org.pgstat4j.server.http.PrometheusMetrics} builds the
 *     Prometheus Java client's model from the views; the client's writers produce the text.
 *     Series are postgres_exporter 0.17's ({@link org.pgstat4j.server.http.ExporterSeries})
 *     plus pgstat4j's own health; per-table series obey a
 *     {@link org.pgstat4j.server.http.TableBudget}.</li>
 * <li>{@code /api/v1/views}, {@code /api/v1/views/NAME}, {@code /api/v1/health} — JSON by
 *     Jackson ({@link org.pgstat4j.server.http.JsonApi}); row selection by
 *     {@link org.pgstat4j.server.http.ViewQuery}.</li>
 * <li>{@code /} — the dashboard (plain HTML/CSS/JS under {@code /dashboard/} on the class
 *     path, uPlot from its WebJar), live through the Server-Sent Events of
 *     {@code /api/v1/stream} ({@link org.pgstat4j.server.http.DashboardStream}).</li>
 * </ul>
 *
 * <p>Every response is computed from the one snapshot of the
 * {@link org.pgstat4j.server.http.StatsCache}, renewed at most once per refresh interval, so
 * the number of clients never changes the number of inquiries the collector receives.
 */
package org.pgstat4j.server.http;
