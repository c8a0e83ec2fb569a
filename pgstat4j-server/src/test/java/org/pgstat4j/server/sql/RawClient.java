package org.pgstat4j.server.sql;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A minimal protocol-level client for tests that need to send what no driver sends. */
final class RawClient implements AutoCloseable {
    /** One backend message: its type and body. */
    record Msg(char type, byte[] body) {
        /** The fields of an ErrorResponse/NoticeResponse by their code letter. */
        Map<Character, String> fields() {
            Map<Character, String> m = new LinkedHashMap<>();
            int i = 0;
            while (i < body.length && body[i] != 0) {
                char code = (char) body[i++];
                int end = i;
                while (body[end] != 0) {
                    end++;
                }
                m.put(code, new String(body, i, end - i, StandardCharsets.UTF_8));
                i = end + 1;
            }
            return m;
        }
    }

    final Socket socket;
    final DataInputStream in;
    final DataOutputStream out;
    /** The password {@link #startup} proves when the server asks for SCRAM-SHA-256. */
    String password = SqlFixture.PASSWORD;
    /** The server-first-message of the last SCRAM exchange (nonce, salt, iterations), or null. */
    String serverFirst;
    private Msg pending;

    private final java.nio.channels.SocketChannel unix;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
        unix = null;
    }

    /** Over the Unix-domain socket file {@code socketFile} (no read timeout). */
    RawClient(java.nio.file.Path socketFile) throws IOException {
        socket = null;
        unix = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socketFile));
        in = new DataInputStream(java.nio.channels.Channels.newInputStream(unix));
        out = new DataOutputStream(java.nio.channels.Channels.newOutputStream(unix));
    }

    /**
     * Sends the start-up message and, if the server asks for SCRAM-SHA-256, logs in with
     * {@link #password}; what follows (AuthenticationOk, or an error) is left to read.
     */
    void startup(String user, String database) throws IOException {
        byte[] params = ("user\0" + user + "\0database\0" + database + "\0\0").getBytes(StandardCharsets.UTF_8);
        out.writeInt(8 + params.length);
        out.writeInt(3 << 16);
        out.write(params);
        out.flush();
        Msg first = read();
        if (first == null || first.type() != 'R' || java.nio.ByteBuffer.wrap(first.body()).getInt() != 10) {
            pending = first;
            return;
        }
        scram();
    }

    /** The client side of SCRAM-SHA-256 (RFC 5802), without channel binding. */
    private void scram() throws IOException {
        String clientNonce = "rawclientnonce" + System.nanoTime();
        String clientFirstBare = "n=,r=" + clientNonce;
        byte[] mech = "SCRAM-SHA-256\0".getBytes(StandardCharsets.UTF_8);
        byte[] first = ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(mech);
        new DataOutputStream(b).writeInt(first.length);
        b.write(first);
        send('p', b.toByteArray());
        Msg cont = read();
        if (cont == null || cont.type() != 'R') {
            pending = cont;
            return;
        }
        serverFirst = new String(cont.body(), 4, cont.body().length - 4, StandardCharsets.UTF_8);
        Map<Character, String> attrs = new LinkedHashMap<>();
        for (String part : serverFirst.split(",")) {
            attrs.put(part.charAt(0), part.substring(2));
        }
        byte[] salted = ScramSha256.saltedPassword(password, java.util.Base64.getDecoder().decode(attrs.get('s')),
                Integer.parseInt(attrs.get('i')));
        byte[] clientKey = ScramSha256.hmac(salted, "Client Key");
        String withoutProof = "c=biws,r=" + attrs.get('r');
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] signature = ScramSha256.hmac(ScramSha256.sha256(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        send('p', (withoutProof + ",p=" + java.util.Base64.getEncoder().encodeToString(proof))
                .getBytes(StandardCharsets.UTF_8));
    }

    void send(char type, byte[] body) throws IOException {
        out.writeByte(type);
        out.writeInt(4 + body.length);
        out.write(body);
        out.flush();
    }

    /** The next message, or null when the server closed the connection. */
    Msg read() throws IOException {
        if (pending != null) {
            Msg m = pending;
            pending = null;
            return m;
        }
        int type;
        try {
            type = in.read();
        } catch (java.net.SocketException | java.nio.channels.AsynchronousCloseException e) {
            return null;
        }
        if (type < 0) {
            return null;
        }
        int len = in.readInt();
        byte[] b = new byte[len - 4];
        in.readFully(b);
        return new Msg((char) type, b);
    }

    /** Reads until a message of {@code type}; null if the connection ends first. */
    Msg readUntil(char type) throws IOException {
        for (Msg m = read(); m != null; m = read()) {
            if (m.type() == type) {
                return m;
            }
        }
        return null;
    }

    /** True when the server has closed the connection (nothing more to read). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        } else {
            unix.close();
        }
    }
}
