package org.pgstat4j.server.sql;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * The SCRAM-SHA-256 verifiers of the configured passwords ({@link PgWireConfig#passwords()}),
 * computed once when the server starts, and the one a login under a given user name must
 * prove ({@link #challenge}).
 *
 * <p>Invariant: every user name gets a verifier and the same exchange — its role's own, else
 * the {@value PasswordFile#ANY_USER} one, else a mock one that no proof matches (PostgreSQL's
 * mock authentication) — so an unknown name fails exactly as a wrong password does, with the
 * same messages and the same work (a map lookup, and for a mock three HMACs instead of none;
 * no key derivation at login). Only a role's own verifier proves the name: a login by the
 * {@value PasswordFile#ANY_USER} password says nothing about who the client is. Immutable
 * after construction, shared by every connection.
 */
final class RoleVerifiers {
    /** What a login must prove, and whether proving it proves the user name itself. */
    record Challenge(ScramSha256.Verifier verifier, boolean ownRole) { }

    private final Map<String, ScramSha256.Verifier> roles = new HashMap<>();
    private final ScramSha256.Verifier anyUser;
    private final byte[] mockSecret = new byte[32];

    RoleVerifiers(Map<String, String> passwords, SecureRandom random) {
        ScramSha256.Verifier any = null;
        for (Map.Entry<String, String> e : passwords.entrySet()) {
            ScramSha256.Verifier v = ScramSha256.Verifier.of(e.getValue(), random);
            if (e.getKey().equals(PasswordFile.ANY_USER)) {
                any = v;
            } else {
                roles.put(e.getKey(), v);
            }
        }
        anyUser = any;
        random.nextBytes(mockSecret);
    }

    /** No password at all: SCRAM is not offered. */
    boolean isEmpty() {
        return roles.isEmpty() && anyUser == null;
    }

    /** The verifier a login under {@code user} must prove. */
    Challenge challenge(String user) {
        ScramSha256.Verifier own = roles.get(user);
        if (own != null) {
            return new Challenge(own, true);
        }
        return new Challenge(anyUser != null ? anyUser : ScramSha256.Verifier.mock(user, mockSecret), false);
    }
}
