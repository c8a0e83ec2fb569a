/**
 * The command-line face of the server process model (docs/SERVER.md): {@code pgstat4j server}
 * ({@link org.pgstat4j.server.daemon.ServerCommand}), {@code pgstat4j ctl stop|reload|status}
 * ({@link org.pgstat4j.server.daemon.CtlCommand}) and the hidden {@code pgstat4j collector}
 * ({@link org.pgstat4j.server.daemon.CollectorCommand}, started by the server through
 * {@link org.pgstat4j.server.daemon.CollectorMain}). The work itself is in
 * {@code org.pgstat4j.postmaster}; here are the parts that need third-party libraries or JDK
 * internals: picocli, signal handling ({@code sun.misc.Signal}), and the PostgreSQL-style log
 * line ({@code logback.xml} with {@link org.pgstat4j.server.daemon.PgLevelConverter} and
 * {@link org.pgstat4j.server.daemon.PidConverter}).
 */
package org.pgstat4j.server.daemon;
