/**
 * The SQL endpoint: PostgreSQL's wire protocol (3.0) in front of an embedded SQL engine,
 * serving the statistics views and functions of spec §8 to psql, JDBC and any PostgreSQL
 * client. How to connect and what works: {@code docs/SQL.md}.
 *
 * <h2>The map</h2>
 * <ul>
 * <li>Wire: {@link org.pgstat4j.server.sql.PgWireServer} (listeners, connection limits,
 *     authentication timeout, cancel routing, the engine database and its rebuild);
 *     {@link org.pgstat4j.server.sql.AcceptLoop} (accepts, refuses beyond the cap, rate-limited
 *     failures) starts one {@link org.pgstat4j.server.sql.PgConnection} per client on a
 *     platform thread; {@link org.pgstat4j.server.sql.StartupHandshake} (SSL/GSS refusal,
 *     protocol check, peer, trust or {@link org.pgstat4j.server.sql.ScramSha256} against the
 *     per-role verifiers of {@link org.pgstat4j.server.sql.RoleVerifiers}, read from a
 *     {@link org.pgstat4j.server.sql.PasswordFile}),
 *     {@link org.pgstat4j.server.sql.ClientInput} (reads ahead, notices a vanished client),
 *     {@link org.pgstat4j.server.sql.FrontendReader} (length-checked framing),
 *     {@link org.pgstat4j.server.sql.BackendWriter} (buffered, flushed at ReadyForQuery),
 *     {@link org.pgstat4j.server.sql.ExtendedQuery} (Parse/Bind/Describe/Execute/Close),
 *     {@link org.pgstat4j.server.sql.WireType} (type OIDs, text and binary values).</li>
 * <li>Session: {@link org.pgstat4j.server.sql.SqlSession} (engine connection, snapshot,
 *     transaction state), {@link org.pgstat4j.server.sql.StatementControl} (the running
 *     statement: timeout, engine permit, cancel and its reason),
 *     {@link org.pgstat4j.server.sql.StatementLimits} (engine permits and the watchdog of time
 *     and memory), {@link org.pgstat4j.server.sql.SessionSettings} (GUCs and their
 *     reports), {@link org.pgstat4j.server.sql.SessionCommand} /
 *     {@link org.pgstat4j.server.sql.SessionCommands} (SET, SHOW, BEGIN...: answered here),
 *     {@link org.pgstat4j.server.sql.SqlText} / {@link org.pgstat4j.server.sql.SqlLexer}
 *     (statement splitting and token rewrites; no parsing; what a run of tokens is:
 *     {@link org.pgstat4j.server.sql.CastTokens}; how PostgreSQL names a statement:
 *     {@link org.pgstat4j.server.sql.CommandNames}), with
 *     {@link org.pgstat4j.server.sql.PgCatalogSyntax} for psql's catalog spellings
 *     ({@code OPERATOR(pg_catalog.~)}, {@code COLLATE pg_catalog.default}, regular-expression
 *     patterns, which {@link org.pgstat4j.server.sql.PosixRegex} translates or refuses), and
 *     {@link org.pgstat4j.server.sql.TokenChecks} (bit strings, labels PostgreSQL takes only
 *     after {@code AS}).</li>
 * <li>Engine: {@link org.pgstat4j.server.sql.EngineDatabase} (H2 in memory, schema
 *     {@code pg_catalog}, read-only engine user), {@link org.pgstat4j.server.sql.EngineTables}
 *     (the per-relation views as tables read in place: lazy rows, lookups, counts), the SQL functions in
 *     {@link org.pgstat4j.server.sql.TableFunctions}, {@link org.pgstat4j.server.sql.StatAccessors},
 *     {@link org.pgstat4j.server.sql.SessionFunctions}, {@link org.pgstat4j.server.sql.CatalogTables},
 *     {@link org.pgstat4j.server.sql.DescribeCatalog} and
 *     {@link org.pgstat4j.server.sql.DescribeFunctions} (what psql's {@code \d} reads; PostgreSQL 14's
 *     system views from {@link org.pgstat4j.server.sql.Pg14Views});
 *     {@link org.pgstat4j.server.sql.CatalogGuard} refuses catalog reads that would be incomplete;
 *     {@link org.pgstat4j.server.sql.ResultShape} names and types result columns as
 *     PostgreSQL would, {@link org.pgstat4j.server.sql.EngineErrors} turns engine errors into
 *     PostgreSQL's; {@link org.pgstat4j.server.sql.TimestamptzLiterals} finds in the engine's tree
 *     the literals read as {@code timestamptz}, which {@link org.pgstat4j.server.sql.TimestamptzInput}
 *     reads as PostgreSQL does; {@link org.pgstat4j.server.sql.UndeterminedParameters} refuses
 *     parameters nothing types ({@code 42P18}).</li>
 * </ul>
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>Statistics are read only through {@link org.pgstat4j.server.service.StatsService}:
 *     each session has its own snapshot reader; one transaction sees one snapshot
 *     (spec §7.3).</li>
 * <li>Threads: a connection's (platform) thread owns its session; the engine's callbacks
 *     find the session through a scoped value bound on that thread. Only cancel crosses
 *     threads (CancelRequest, the watchdog, the connection's reader).</li>
 * <li>Sandbox: sessions are never engine admins and never create the engine's database;
 *     values of type {@code JAVA_OBJECT} are never deserialised.</li>
 * <li>Identity: a session has a superuser's rights only if it proved that superuser's very
 *     name (peer, the name's own password, or trust); a login by the password for every
 *     other name ({@code *}) never has them. An unknown name is challenged like a known one
 *     and fails as a wrong password does.</li>
 * <li>Bounds: connections (any state), sessions, time to log in, statement time, statement
 *     memory and concurrent engine work all have limits with defaults (docs/SQL.md,
 *     "Security").</li>
 * <li>Nothing a client sends can make the server allocate more than the configured message
 *     limit, and every error a client sees carries a PostgreSQL SQLSTATE.</li>
 * </ul>
 */
package org.pgstat4j.server.sql;
