package org.pgstat4j.server.sql;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server answers to one simple query, read at the protocol level so that two servers
 * (pgstat4j's endpoint and a real PostgreSQL 14) can be compared exactly: the column names
 * and type OIDs of the row description, every value's text, or the error's SQLSTATE and position.
 */
record SimpleQueryAnswer(List<String> names, List<Integer> typeOids, List<List<String>> rows, String sqlState,
                         String position, String message) {

    /** The answer without the error text (which may be worded differently). */
    SimpleQueryAnswer comparable() {
        return new SimpleQueryAnswer(names, typeOids, rows, sqlState, position, null);
    }

    /** Connects (trust), runs {@code setup} statements and then {@code sql}; the answer to {@code sql}. */
    static SimpleQueryAnswer ask(int port, String user, String database, List<String> setup, String sql)
            throws IOException {
        try (RawClient c = new RawClient(port)) {
            c.startup(user, database);
            RawClient.Msg auth = c.read();
            while (auth != null && auth.type() == 'R' && ByteBuffer.wrap(auth.body()).getInt() == 12) {
                auth = c.read(); // SASLFinal of the SCRAM exchange RawClient ran; AuthenticationOk follows
            }
            if (auth == null || auth.type() != 'R' || ByteBuffer.wrap(auth.body()).getInt() != 0) {
                throw new IOException("server did not accept the login: " + (auth == null ? "closed" : auth.type()));
            }
            if (c.readUntil('Z') == null) {
                throw new IOException("no ReadyForQuery after login");
            }
            for (String s : setup) {
                run(c, s);
            }
            return run(c, sql);
        }
    }

    private static SimpleQueryAnswer run(RawClient c, String sql) throws IOException {
        c.send('Q', (sql + "\0").getBytes(StandardCharsets.UTF_8));
        List<String> names = new ArrayList<>();
        List<Integer> oids = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        String state = null;
        String position = null;
        String message = null;
        for (RawClient.Msg m = c.read(); m != null; m = c.read()) {
            ByteBuffer b = ByteBuffer.wrap(m.body());
            switch (m.type()) {
                case 'T' -> {
                    names.clear();
                    oids.clear();
                    rows.clear();
                    int n = b.getShort();
                    for (int i = 0; i < n; i++) {
                        names.add(cstring(b));
                        b.getInt();
                        b.getShort();
                        oids.add(b.getInt());
                        b.getShort();
                        b.getInt();
                        b.getShort();
                    }
                }
                case 'D' -> {
                    int n = b.getShort();
                    List<String> row = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        int len = b.getInt();
                        if (len < 0) {
                            row.add(null);
                        } else {
                            byte[] v = new byte[len];
                            b.get(v);
                            row.add(new String(v, StandardCharsets.UTF_8));
                        }
                    }
                    rows.add(row);
                }
                case 'E' -> {
                    state = m.fields().get('C');
                    position = m.fields().get('P');
                    message = m.fields().get('M');
                }
                case 'Z' -> {
                    return new SimpleQueryAnswer(List.copyOf(names), List.copyOf(oids), List.copyOf(rows), state, position, message);
                }
                default -> { }
            }
        }
        throw new IOException("connection ended before ReadyForQuery");
    }

    private static String cstring(ByteBuffer b) {
        int start = b.position();
        while (b.get() != 0) {
            // find the terminator
        }
        return new String(b.array(), start, b.position() - start - 1, StandardCharsets.UTF_8);
    }
}
