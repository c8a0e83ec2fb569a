package org.pgstat4j.server.sql;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.pgstat4j.server.sql.ResultShape.ResultColumn;

/**
 * Writes the server's messages (protocol 3.0) into a buffer that reaches the socket only at
 * {@link #flush()} — at ReadyForQuery, Flush, or the end of the start-up — so that a whole
 * result travels in as few packets as possible.
 *
 * <p>One message is built at a time: {@link #begin}, the fields, {@link #end}.
 */
final class BackendWriter {
    private final OutputStream out;
    private byte[] buf = new byte[8192];
    private int len;
    private int messageStart = -1;

    BackendWriter(OutputStream out) {
        this.out = out;
    }

    // ---------------------------------------------------------------- framing

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    BackendWriter begin(char type) {
        ensure(5);
        messageStart = len;
        buf[len++] = (byte) type;
        len += 4;
        return this;
    }

    BackendWriter int32(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    BackendWriter int16(int v) {
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    BackendWriter byte1(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    BackendWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    BackendWriter cstring(String s) {
        bytes(s.getBytes(StandardCharsets.UTF_8));
        return byte1(0);
    }

    void end() {
        int body = len - messageStart - 1;
        buf[messageStart + 1] = (byte) (body >>> 24);
        buf[messageStart + 2] = (byte) (body >>> 16);
        buf[messageStart + 3] = (byte) (body >>> 8);
        buf[messageStart + 4] = (byte) body;
        messageStart = -1;
    }

    /** Sends everything buffered. */
    void flush() throws IOException {
        if (len > 0) {
            out.write(buf, 0, len);
            len = 0;
        }
        out.flush();
        if (buf.length > 1 << 20) {
            buf = new byte[8192]; // do not keep a large result's buffer for an idle session
        }
    }

    /** A single byte outside any message (the answer to SSLRequest / GSSENCRequest). */
    void rawByte(char c) throws IOException {
        byte1(c);
        flush();
    }

    // ---------------------------------------------------------------- messages

    void authentication(int code, byte[] data) {
        begin('R').int32(code);
        if (data != null) {
            bytes(data);
        }
        end();
    }

    void parameterStatus(String name, String value) {
        begin('S').cstring(name).cstring(value).end();
    }

    void backendKeyData(int pid, int key) {
        begin('K').int32(pid).int32(key).end();
    }

    void readyForQuery(char status) {
        begin('Z').byte1(status).end();
    }

    void rowDescription(List<ResultColumn> columns, int[] formats) {
        begin('T').int16(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            ResultColumn c = columns.get(i);
            cstring(c.name()).int32(0).int16(0).int32(c.type().oid()).int16(c.type().typlen()).int32(-1)
                    .int16(formats[i]);
        }
        end();
    }

    void dataRow(List<ResultColumn> columns, Object[] row, int[] formats, java.time.ZoneId zone) {
        begin('D').int16(row.length);
        for (int i = 0; i < row.length; i++) {
            WireType t = columns.get(i).type();
            byte[] v;
            if (formats[i] == 1) {
                v = row[i] == null ? null : t.binary(row[i]);
            } else {
                String s = t.text(row[i], zone);
                v = s == null ? null : s.getBytes(StandardCharsets.UTF_8);
            }
            if (v == null) {
                int32(-1);
            } else {
                int32(v.length).bytes(v);
            }
        }
        end();
    }

    void commandComplete(String tag) {
        begin('C').cstring(tag).end();
    }

    void emptyQueryResponse() {
        begin('I').end();
    }

    void parseComplete() {
        begin('1').end();
    }

    void bindComplete() {
        begin('2').end();
    }

    void closeComplete() {
        begin('3').end();
    }

    void noData() {
        begin('n').end();
    }

    void portalSuspended() {
        begin('s').end();
    }

    void parameterDescription(WireType[] types) {
        begin('t').int16(types.length);
        for (WireType t : types) {
            int32(t == WireType.UNKNOWN ? WireType.TEXT.oid() : t.oid());
        }
        end();
    }

    /** NegotiateProtocolVersion: the newest minor version supported and the options not recognised. */
    void negotiateProtocolVersion(int newestMinor, List<String> unrecognised) {
        begin('v').int32(newestMinor).int32(unrecognised.size());
        for (String o : unrecognised) {
            cstring(o);
        }
        end();
    }

    /** ErrorResponse, or NoticeResponse for a WARNING. */
    void error(PgError e) {
        begin(e.severity().equals("WARNING") ? 'N' : 'E');
        byte1('S').cstring(e.severity());
        byte1('V').cstring(e.severity());
        byte1('C').cstring(e.sqlState());
        byte1('M').cstring(e.getMessage());
        if (e.detail() != null) {
            byte1('D').cstring(e.detail());
        }
        if (e.hint() != null) {
            byte1('H').cstring(e.hint());
        }
        if (e.position() > 0) {
            byte1('P').cstring(Integer.toString(e.position()));
        }
        byte1(0);
        end();
    }
}
