package org.pgstat4j.server.sql;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pgstat4j.server.sql.ResultShape.ResultColumn;

/**
 * The extended query protocol of one connection: Parse, Bind, Describe, Execute and Close
 * over named and unnamed prepared statements and portals. A portal runs its statement at its
 * first Execute and hands out rows up to each Execute's limit (PortalSuspended in between).
 *
 * <p>Parameters arrive as text or, for the fixed-size numeric types, binary; results go out
 * in the formats the Bind asked for. Portals live until Sync ends the implicit transaction
 * (or until COMMIT/ROLLBACK ends a block), as in PostgreSQL; prepared statements until
 * Close, {@code DEALLOCATE} or {@code DISCARD ALL}.
 */
final class ExtendedQuery {
    /** A bound statement and, once executed, its outcome. */
    private static final class Portal {
        final PreparedQuery statement;
        final Object[] params;
        final int[] resultFormats;
        Outcome outcome;
        boolean done;

        Portal(PreparedQuery statement, Object[] params, int[] resultFormats) {
            this.statement = statement;
            this.params = params;
            this.resultFormats = resultFormats;
        }

        void close() {
            if (outcome instanceof Outcome.Rows r) {
                r.cursor().close();
            }
        }
    }

    private final SqlSession session;
    private final BackendWriter out;
    private final Map<String, PreparedQuery> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();

    ExtendedQuery(SqlSession session, BackendWriter out) {
        this.session = session;
        this.out = out;
    }

    void handle(FrontendReader.Message m) throws PgError {
        FrontendReader.Body b = m.body();
        switch (m.type()) {
            case 'P' -> parse(b);
            case 'B' -> bind(b);
            case 'D' -> describe(b);
            case 'E' -> execute(b);
            case 'C' -> close(b);
            default -> throw new IllegalArgumentException("not an extended-protocol message: " + m.type());
        }
    }

    private void parse(FrontendReader.Body b) throws PgError {
        String name = b.cstring();
        String sql = b.cstring();
        int n = b.int16();
        if (n < 0) {
            throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "invalid message format");
        }
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            types[i] = b.int32();
        }
        b.end();
        if (!name.isEmpty() && statements.containsKey(name)) {
            throw PgError.error(PgError.DUPLICATE_PREPARED_STATEMENT, "prepared statement \"" + name + "\" already exists");
        }
        List<SqlText.Statement> parts;
        try {
            parts = SqlText.split(sql);
        } catch (SqlLexer.LexException e) {
            throw PgError.error(PgError.SYNTAX_ERROR, e.getMessage());
        }
        if (parts.size() > 1) {
            throw PgError.error(PgError.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement");
        }
        PreparedQuery q = session.prepare(parts.get(0), types);
        PreparedQuery old = statements.put(name, q);
        if (old != null) {
            old.close();
        }
        out.parseComplete();
    }

    private void bind(FrontendReader.Body b) throws PgError {
        String portalName = b.cstring();
        String statementName = b.cstring();
        int[] paramFormats = formats(b);
        int n = b.int16();
        PreparedQuery q = statement(statementName);
        if (n != q.paramTypes().length) {
            throw PgError.error(PgError.PROTOCOL_VIOLATION, "bind message supplies " + n
                    + " parameters, but prepared statement \"" + statementName + "\" requires " + q.paramTypes().length);
        }
        if (paramFormats.length > 1 && paramFormats.length != n) {
            throw PgError.error(PgError.PROTOCOL_VIOLATION, "bind message has " + paramFormats.length
                    + " parameter formats but " + n + " parameters");
        }
        Object[] params = new Object[n];
        for (int i = 0; i < n; i++) {
            int len = b.int32();
            if (len < -1) {
                throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "invalid message format");
            }
            if (len == -1) {
                continue;
            }
            byte[] v = b.bytes(len);
            int format = paramFormats.length == 0 ? 0 : paramFormats[paramFormats.length == 1 ? 0 : i];
            WireType t = q.paramTypes()[i];
            params[i] = format == 1 ? t.parseBinary(v)
                    : t.parseText(new String(v, java.nio.charset.StandardCharsets.UTF_8));
        }
        int[] requested = formats(b);
        b.end();
        int columns = q.columns() == null ? 0 : q.columns().size();
        if (requested.length > 1 && requested.length != columns) {
            throw PgError.error(PgError.PROTOCOL_VIOLATION, "bind message has " + requested.length
                    + " result formats but query has " + columns + " columns");
        }
        int[] resultFormats = new int[columns];
        for (int i = 0; i < columns; i++) {
            resultFormats[i] = requested.length == 0 ? 0 : requested[requested.length == 1 ? 0 : i];
        }
        if (!portalName.isEmpty() && portals.containsKey(portalName)) {
            throw PgError.error("42P03", "portal \"" + portalName + "\" already exists");
        }
        Portal old = portals.put(portalName, new Portal(q, params, resultFormats));
        if (old != null) {
            old.close();
        }
        out.bindComplete();
    }

    private static int[] formats(FrontendReader.Body b) throws PgError {
        int n = b.int16();
        if (n < 0) {
            throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "invalid message format");
        }
        int[] f = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = b.int16();
            if (f[i] != 0 && f[i] != 1) {
                throw PgError.error(PgError.PROTOCOL_VIOLATION, "unsupported format code: " + f[i]);
            }
        }
        return f;
    }

    private void describe(FrontendReader.Body b) throws PgError {
        byte kind = b.int8();
        String name = b.cstring();
        b.end();
        if (kind == 'S') {
            PreparedQuery q = statement(name);
            out.parameterDescription(q.paramTypes());
            describeRows(q.columns(), new int[q.columns() == null ? 0 : q.columns().size()]);
        } else if (kind == 'P') {
            Portal p = portal(name);
            describeRows(p.statement.columns(), p.resultFormats);
        } else {
            throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "invalid DESCRIBE message subtype " + kind);
        }
    }

    private void describeRows(List<ResultColumn> columns, int[] formats) {
        if (columns == null) {
            out.noData();
        } else {
            out.rowDescription(columns, formats);
        }
    }

    private void execute(FrontendReader.Body b) throws PgError {
        String name = b.cstring();
        int maxRows = b.int32();
        b.end();
        Portal p = portal(name);
        if (p.outcome == null) {
            p.outcome = session.execute(p.statement, p.params);
            for (PgError n : session.drainNotices()) {
                out.error(n);
            }
        }
        switch (p.outcome) {
            case Outcome.Empty e -> out.emptyQueryResponse();
            case Outcome.Done d -> {
                if (!p.done) {
                    afterCommand(p.statement.command());
                }
                p.done = true;
                out.commandComplete(d.tag());
            }
            case Outcome.Rows r -> {
                RowCursor c = r.cursor();
                int sent = 0;
                while (!p.done && (maxRows <= 0 || sent < maxRows)) {
                    Object[] row = c.next();
                    if (row == null) {
                        p.done = true;
                        break;
                    }
                    out.dataRow(c.columns(), row, p.resultFormats, session.settings().timeZone());
                    sent++;
                }
                if (!p.done && maxRows > 0) {
                    // a full batch: whether rows remain shows at the next Execute
                    out.portalSuspended();
                } else {
                    out.commandComplete(c.tag());
                }
            }
        }
    }

    private void close(FrontendReader.Body b) throws PgError {
        byte kind = b.int8();
        String name = b.cstring();
        b.end();
        if (kind == 'S') {
            PreparedQuery q = statements.remove(name);
            if (q != null) {
                q.close();
            }
        } else if (kind == 'P') {
            Portal p = portals.remove(name);
            if (p != null) {
                p.close();
            }
        } else {
            throw PgError.fatal(PgError.PROTOCOL_VIOLATION, "invalid CLOSE message subtype " + kind);
        }
        out.closeComplete();
    }

    /** Sync: the implicit transaction ends (with its portals) unless a block is open. */
    void sync() {
        if (session.tx() == SqlSession.TxState.IDLE) {
            closePortals();
            session.endImplicitTransaction();
        }
    }

    /** What a statement run by either protocol means for the prepared statements and portals. */
    void afterCommand(SessionCommand c) {
        switch (c) {
            case SessionCommand.Deallocate d when d.name() == null -> closeStatements();
            case SessionCommand.Deallocate d -> {
                PreparedQuery q = statements.remove(d.name());
                if (q != null) {
                    q.close();
                }
            }
            case SessionCommand.DiscardAll d -> {
                closeStatements();
                closePortals();
            }
            case null, default -> { }
        }
    }

    private PreparedQuery statement(String name) throws PgError {
        PreparedQuery q = statements.get(name);
        if (q == null) {
            throw PgError.error(PgError.INVALID_PREPARED_STATEMENT, "prepared statement \"" + name + "\" does not exist");
        }
        return q;
    }

    private Portal portal(String name) throws PgError {
        Portal p = portals.get(name);
        if (p == null) {
            throw PgError.error(PgError.INVALID_CURSOR_NAME, "portal \"" + name + "\" does not exist");
        }
        return p;
    }

    private void closePortals() {
        portals.values().forEach(Portal::close);
        portals.clear();
    }

    private void closeStatements() {
        statements.values().forEach(PreparedQuery::close);
        statements.clear();
    }

    void closeAll() {
        closePortals();
        closeStatements();
    }
}
