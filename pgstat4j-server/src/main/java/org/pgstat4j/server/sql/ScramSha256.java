package org.pgstat4j.server.sql;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL speaks it, without
 * channel binding: a {@link Verifier} made from the password (only it is kept, never the
 * password), and an {@link Exchange} per login that checks the client's proof and proves the
 * server's knowledge of the verifier in return.
 *
 * <p>The password is used as given (UTF-8), without SASLprep; for ASCII passwords that is
 * what SASLprep yields.
 */
final class ScramSha256 {
    static final String MECHANISM = "SCRAM-SHA-256";
    /** PostgreSQL's default {@code scram_iterations}. */
    static final int ITERATIONS = 4096;
    private static final int NONCE_BYTES = 18;

    private ScramSha256() {
    }

    /** What the server keeps: salt, iteration count, StoredKey and ServerKey. */
    record Verifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
        static Verifier of(String password, SecureRandom random) {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            return of(password, salt, ITERATIONS);
        }

        static Verifier of(String password, byte[] salt, int iterations) {
            byte[] salted = saltedPassword(password, salt, iterations);
            return new Verifier(salt, iterations, sha256(hmac(salted, "Client Key")), hmac(salted, "Server Key"));
        }

        /**
         * The verifier an unknown user name is challenged with (PostgreSQL's mock
         * authentication): salt and keys derived from the name and {@code secret}, a random
         * value the server keeps, so the same name always gets the same salt, the exchange
         * does the same work as for a known name, and no proof matches.
         */
        static Verifier mock(String user, byte[] secret) {
            return new Verifier(java.util.Arrays.copyOf(hmac(secret, "salt\0" + user), 16), ITERATIONS,
                    hmac(secret, "stored\0" + user), hmac(secret, "server\0" + user));
        }
    }

    /** One authentication exchange; call {@link #serverFirst} then {@link #serverFinal}. */
    static final class Exchange {
        private final Verifier verifier;
        private final java.util.function.Supplier<String> serverNonce;
        private final String user;
        private String gs2Header;
        private String clientFirstBare;
        private String serverFirst;
        private String nonce;

        Exchange(Verifier verifier, SecureRandom random, String user) {
            this(verifier, () -> {
                byte[] raw = new byte[NONCE_BYTES];
                random.nextBytes(raw);
                return Base64.getEncoder().encodeToString(raw);
            }, user);
        }

        /** With a given server nonce part (for known-answer tests). */
        Exchange(Verifier verifier, java.util.function.Supplier<String> serverNonce, String user) {
            this.verifier = verifier;
            this.serverNonce = serverNonce;
            this.user = user;
        }

        /** Reads client-first-message, returns server-first-message. */
        String serverFirst(String clientFirst) throws PgError {
            // gs2-header = cbind-flag "," [authzid] ","
            int first = clientFirst.indexOf(',');
            int second = first < 0 ? -1 : clientFirst.indexOf(',', first + 1);
            if (second < 0) {
                throw malformed();
            }
            String flag = clientFirst.substring(0, first);
            if (flag.startsWith("p=")) {
                throw PgError.fatal(PgError.PROTOCOL_VIOLATION,
                        "channel binding is not supported: the server did not offer SCRAM-SHA-256-PLUS");
            }
            if (!flag.equals("n") && !flag.equals("y")) {
                throw malformed();
            }
            if (second != first + 1) {
                throw PgError.fatal(PgError.FEATURE_NOT_SUPPORTED, "client uses authorization identity, but it is not supported");
            }
            gs2Header = clientFirst.substring(0, second + 1);
            clientFirstBare = clientFirst.substring(second + 1);
            String clientNonce = attribute(clientFirstBare, 'r');
            nonce = clientNonce + serverNonce.get();
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(verifier.salt())
                    + ",i=" + verifier.iterations();
            return serverFirst;
        }

        /** Reads client-final-message, checks the proof, returns server-final-message. */
        String serverFinal(String clientFinal) throws PgError {
            int proofAt = clientFinal.lastIndexOf(",p=");
            if (proofAt < 0 || serverFirst == null) {
                throw malformed();
            }
            String withoutProof = clientFinal.substring(0, proofAt);
            String channel = attribute(withoutProof, 'c');
            String expected = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
            if (!channel.equals(expected)) {
                throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "SCRAM channel binding check failed");
            }
            if (!attribute(withoutProof, 'r').equals(nonce)) {
                throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "SCRAM nonce mismatch");
            }
            byte[] proof;
            try {
                proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
            } catch (IllegalArgumentException e) {
                throw malformed();
            }
            String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            byte[] clientSignature = hmac(verifier.storedKey(), authMessage);
            if (proof.length != clientSignature.length) {
                throw failed();
            }
            byte[] clientKey = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
            }
            if (!MessageDigest.isEqual(sha256(clientKey), verifier.storedKey())) {
                throw failed();
            }
            return "v=" + Base64.getEncoder().encodeToString(hmac(verifier.serverKey(), authMessage));
        }

        private PgError failed() {
            return PgError.fatal(PgError.INVALID_PASSWORD, "password authentication failed for user \"" + user + "\"");
        }
    }

    private static PgError malformed() {
        return PgError.fatal(PgError.PROTOCOL_VIOLATION, "malformed SCRAM message");
    }

    /** The value of attribute {@code name} ({@code name=value}) in a comma-separated SCRAM message. */
    private static String attribute(String message, char name) throws PgError {
        for (String part : message.split(",", -1)) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        throw malformed();
    }

    static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            return f.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
        }
    }

    static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
