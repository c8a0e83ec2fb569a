package org.pgstat4j.server.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The start-up phase of a connection, up to (not including) the session's first
 * ReadyForQuery: SSLRequest and GSSENCRequest are answered {@code N} (no encryption on a
 * local endpoint), a CancelRequest is passed to the server, the protocol version is checked
 * (3.0; a newer 3.x minor gets NegotiateProtocolVersion), the database must be the served
 * one, the connection limit applies, and the client authenticates.
 *
 * <p>Authentication, in this order (a packaged PostgreSQL's {@code local peer} and
 * {@code scram-sha-256} lines): trust when the server was told to; over the Unix socket, the
 * server's own OS user asking for its own user name is let in by its kernel credentials
 * ("peer"); everyone else proves with SCRAM-SHA-256 the password of its user name, or the
 * one for any other name ({@link RoleVerifiers}); without passwords they are refused with
 * FATAL 28000. The {@link Proof} returned says how the name was proven: only a login by the
 * shared password has not proven it, and so never gets a superuser's rights.
 */
final class StartupHandshake {
    static final int SSL_REQUEST = 80877103;
    static final int GSSENC_REQUEST = 80877104;
    static final int CANCEL_REQUEST = 80877102;
    static final int PROTOCOL_3_0 = 3 << 16;

    private static final int AUTH_OK = 0;
    private static final int AUTH_SASL = 10;
    private static final int AUTH_SASL_CONTINUE = 11;
    private static final int AUTH_SASL_FINAL = 12;

    /** How a login proved its user name. */
    enum Proof {
        /** Not at all: the server trusts everyone (only when asked for). */
        TRUST,
        /** The kernel says the client runs as the server's OS user, whose name it gave. */
        PEER,
        /** The password of that very user name. */
        OWN_PASSWORD,
        /** The password for every name without its own: it proves no name. */
        SHARED_PASSWORD;

        /** Whether the session may have the rights of the name it gave (a superuser's). */
        boolean mayActAsUser() {
            return this != SHARED_PASSWORD;
        }
    }

    /** Who connected, and the start-up parameters besides user and database. */
    record Login(String user, String database, Map<String, String> options) { }

    private StartupHandshake() {
    }

    /**
     * Reads start-up packets until the start-up message; null when the connection carried a
     * cancel request or ended. Throws a FATAL {@link PgError} to refuse the connection.
     */
    static Login readStartup(FrontendReader in, BackendWriter out, PgWireServer server) throws IOException, PgError {
        while (true) {
            FrontendReader.StartupPacket p = in.readStartupPacket();
            if (p == null) {
                return null;
            }
            switch (p.code()) {
                case SSL_REQUEST, GSSENC_REQUEST -> out.rawByte('N');
                case CANCEL_REQUEST -> {
                    server.cancel(p.body().int32(), p.body().int32());
                    return null;
                }
                default -> {
                    return startupMessage(p, out);
                }
            }
        }
    }

    private static Login startupMessage(FrontendReader.StartupPacket p, BackendWriter out) throws PgError {
        int major = p.code() >>> 16;
        int minor = p.code() & 0xffff;
        if (major != 3) {
            throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "unsupported frontend protocol " + major + "." + minor
                    + ": server supports 3.0 to 3.0");
        }
        Map<String, String> params = new LinkedHashMap<>();
        List<String> unrecognised = new ArrayList<>();
        while (true) {
            String name = p.body().cstring();
            if (name.isEmpty()) {
                break;
            }
            String value = p.body().cstring();
            if (name.startsWith("_pq_.")) {
                unrecognised.add(name);
            } else {
                params.put(name, value);
            }
        }
        if (minor > 0 || !unrecognised.isEmpty()) {
            out.negotiateProtocolVersion(PROTOCOL_3_0, unrecognised);
        }
        String user = params.remove("user");
        if (user == null || user.isEmpty()) {
            throw PgError.fatal(PgError.INVALID_AUTHORIZATION, "no PostgreSQL user name specified in startup packet");
        }
        String database = params.remove("database");
        if (database == null || database.isEmpty()) {
            database = user;
        }
        String replication = params.remove("replication");
        if (replication != null && !List.of("false", "off", "no", "0").contains(replication.toLowerCase(java.util.Locale.ROOT))) {
            throw PgError.fatal(PgError.FEATURE_NOT_SUPPORTED, "replication connections are not supported by pgstat4j");
        }
        String options = params.remove("options");
        if (options != null && !options.isBlank()) {
            throw PgError.fatal(PgError.FEATURE_NOT_SUPPORTED, "command-line options in the startup packet are not supported");
        }
        return new Login(user, database, params);
    }

    /**
     * The statistics of the database a client asked for: any database of the catalog, seen
     * as a backend of that database sees it; {@code FATAL 3D000} for any other name.
     */
    static org.pgstat4j.server.service.StatsService database(org.pgstat4j.server.service.StatsService service,
                                                             String name) throws PgError {
        org.pgstat4j.catalog.PgDatabase d = service.catalog().database(name);
        if (d == null) {
            throw PgError.fatal(PgError.INVALID_CATALOG_NAME, "database \"" + name + "\" does not exist");
        }
        if (d.datname().equals("template0")) {
            throw PgError.fatal("55000", "database \"template0\" is not currently accepting connections");
        }
        return service.forDatabase(d.oid());
    }

    /**
     * Authenticates the client: how it proved its user name, with AuthenticationOk buffered;
     * null when the client went away. Throws a FATAL {@link PgError} to refuse it.
     */
    static Proof authenticate(FrontendReader in, BackendWriter out, PgWireServer server, String user,
                              PgWireServer.Peer peer) throws IOException, PgError {
        Proof proof;
        if (server.config().trust()) {
            proof = Proof.TRUST;
        } else if (peer != null && peer.isServerUser() && user.equals(peer.osUser())) {
            proof = Proof.PEER;
        } else if (server.verifiers().isEmpty()) {
            throw peer != null
                    ? new PgError(true, PgError.INVALID_AUTHORIZATION, "Peer authentication failed for user \"" + user
                            + "\"", "Connected as OS user \"" + peer.osUser() + "\"; without a password only the"
                            + " server's own OS user may log in, under its own name.",
                            "Give the server a password (--sql-password-file) or connect as its OS user.")
                    : new PgError(true, PgError.INVALID_AUTHORIZATION, "password authentication is not available"
                            + " for user \"" + user + "\": the server has no password", null,
                            "Give the server a password (--sql-password-file), or connect over its Unix socket"
                            + " as its OS user.");
        } else {
            RoleVerifiers.Challenge challenge = server.verifiers().challenge(user);
            if (!scram(in, out, server, user, challenge.verifier())) {
                return null;
            }
            proof = challenge.ownRole() ? Proof.OWN_PASSWORD : Proof.SHARED_PASSWORD;
        }
        out.authentication(AUTH_OK, null);
        return proof;
    }

    /** The SCRAM-SHA-256 exchange; false when the client went away, a FATAL error when it failed. */
    private static boolean scram(FrontendReader in, BackendWriter out, PgWireServer server, String user,
                                 ScramSha256.Verifier verifier) throws IOException, PgError {
        out.authentication(AUTH_SASL, (ScramSha256.MECHANISM + "\0\0").getBytes(StandardCharsets.UTF_8));
        out.flush();
        FrontendReader.Message first = in.read();
        if (first == null) {
            return false; // e.g. psql asking for a password it does not have
        }
        if (first.type() != 'p') {
            throw PgError.fatal(PgError.PROTOCOL_VIOLATION,
                    "expected SASL response, got message type " + (int) first.type());
        }
        String mechanism = first.body().cstring();
        if (!mechanism.equals(ScramSha256.MECHANISM)) {
            throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "client selected an invalid SASL authentication mechanism");
        }
        int len = first.body().int32();
        byte[] clientFirst = first.body().bytes(len < 0 ? 0 : len);
        ScramSha256.Exchange x = new ScramSha256.Exchange(verifier, server.random(), user);
        out.authentication(AUTH_SASL_CONTINUE,
                x.serverFirst(new String(clientFirst, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        out.flush();
        FrontendReader.Message fin = in.read();
        if (fin == null) {
            return false;
        }
        if (fin.type() != 'p') {
            throw PgError.fatal(PgError.PROTOCOL_VIOLATION,
                    "expected SASL response, got message type " + (int) fin.type());
        }
        byte[] clientFinal = fin.body().bytes(fin.body().remaining());
        out.authentication(AUTH_SASL_FINAL,
                x.serverFinal(new String(clientFinal, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        return true;
    }
}
