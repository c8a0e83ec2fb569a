/**
 * The read side every endpoint shares: {@link org.pgstat4j.server.service.StatsService}, a
 * running statistics system seen from one database — names ({@code catalog()}), a snapshot
 * reader per client session ({@code newReader()}), where resets go ({@code sender()}) and
 * pgstat4j's own health ({@link org.pgstat4j.server.service.Health}).
 *
 * <h2>The map</h2>
 * <ul>
 * <li>Implementations: {@link org.pgstat4j.server.service.EmbeddedStatsService} (collector in
 *     this JVM: demo, tests), {@link org.pgstat4j.server.service.AttachedStatsService} (attached
 *     to a running server's statistics socket; readers send real inquiries), and
 *     {@link org.pgstat4j.server.service.ReadOnlyStatsService}, the base of services over stats
 *     files they cannot change ({@code top}'s data-directory service, the passive mirror).</li>
 * <li>Helpers for commands that open a service: {@link org.pgstat4j.server.service.CatalogDatabases}
 *     ({@code --database NAME|OID}), {@link org.pgstat4j.server.service.CatalogFiles} (a catalog
 *     directory reloaded as it changes), {@link org.pgstat4j.server.service.KernelDrops} (the
 *     socket's drop counter on Linux).</li>
 * </ul>
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>Reads go through snapshots only; nothing here exposes the collector's live store.</li>
 * <li>Implementations are thread-safe: endpoints call them from many sessions at once.</li>
 * <li>This package uses no other package of pgstat4j-server: the endpoints ({@code sql},
 *     {@code http}, {@code top}) depend on it, and {@code endpoints} starts them.</li>
 * </ul>
 */
package org.pgstat4j.server.service;
