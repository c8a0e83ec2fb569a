/**
 * The network endpoints a command runs over one {@link org.pgstat4j.server.service.StatsService}:
 * {@link org.pgstat4j.server.endpoints.EndpointOptions} (the {@code --http-port},
 * {@code --sql-port}, {@code --sql-socket-dir} options shared by {@code server} and
 * {@code demo --serve}) and {@link org.pgstat4j.server.endpoints.Endpoints}, which starts the
 * HTTP endpoint ({@code http}) and the SQL endpoint ({@code sql}) they name, on loopback only,
 * and closes them together.
 *
 * <p>It sits above {@code http}, {@code sql} and {@code service}, so that {@code service} — the
 * read interface every endpoint uses — depends on none of them.
 */
package org.pgstat4j.server.endpoints;
