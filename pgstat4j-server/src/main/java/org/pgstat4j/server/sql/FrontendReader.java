package org.pgstat4j.server.sql;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads what a client sends (protocol 3.0): the untyped start-up packet, then typed
 * messages. Lengths are checked before anything is allocated — a start-up packet longer
 * than PostgreSQL's 10000 bytes, or a message longer than the configured limit, ends the
 * connection with a FATAL 08P01 — so that garbage on the port costs nothing.
 */
final class FrontendReader {
    /** PostgreSQL's {@code MAX_STARTUP_PACKET_LENGTH}. */
    static final int MAX_STARTUP_PACKET_LENGTH = 10_000;

    /** A start-up phase packet: its request code (protocol version or special code) and the rest. */
    record StartupPacket(int code, Body body) { }

    /** A typed message. */
    record Message(char type, Body body) { }

    private final DataInputStream in;
    private final int maxMessageBytes;

    FrontendReader(InputStream in, int maxMessageBytes) {
        this.in = new DataInputStream(in);
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The next start-up packet, or null when the client closed the connection first. */
    StartupPacket readStartupPacket() throws IOException, PgError {
        int len;
        try {
            len = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (len < 8 || len > MAX_STARTUP_PACKET_LENGTH) {
            throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "invalid length of startup packet");
        }
        byte[] b = new byte[len - 4];
        in.readFully(b);
        Body body = new Body(b);
        return new StartupPacket(body.int32(), body);
    }

    /** The next message, or null when the client closed the connection between messages. */
    Message read() throws IOException, PgError {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int len = in.readInt();
        if (len < 4 || len - 4 > maxMessageBytes) {
            throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "invalid message length");
        }
        byte[] b = new byte[len - 4];
        in.readFully(b);
        return new Message((char) type, new Body(b));
    }

    /** A message body read front to back; reading past its end is a protocol violation. */
    static final class Body {
        private final byte[] b;
        private int pos;

        Body(byte[] b) {
            this.b = b;
        }

        private void need(int n) throws PgError {
            if (n < 0 || pos + n > b.length) {
                throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "invalid message format");
            }
        }

        int int32() throws PgError {
            need(4);
            int v = ((b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        int int16() throws PgError {
            need(2);
            int v = (short) (((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff));
            pos += 2;
            return v;
        }

        byte int8() throws PgError {
            need(1);
            return b[pos++];
        }

        byte[] bytes(int n) throws PgError {
            need(n);
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        /** A NUL-terminated UTF-8 string. */
        String cstring() throws PgError {
            int end = pos;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            if (end >= b.length) {
                throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "invalid string in message");
            }
            String s = new String(b, pos, end - pos, StandardCharsets.UTF_8);
            pos = end + 1;
            return s;
        }

        int remaining() {
            return b.length - pos;
        }

        /** The message must end here. */
        void end() throws PgError {
            if (pos != b.length) {
                throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "invalid message format");
            }
        }
    }
}
