package org.pgstat4j.server.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pgstat4j.server.sql.ResultShape.ResultColumn;
import org.pgstat4j.server.sql.SqlSession.TxState;

/**
 * Runs the {@link SessionCommand}s: settings, and transaction control with PostgreSQL's
 * warnings ({@code there is no transaction in progress}) and errors. A transaction block's
 * only resource is the statistics snapshot, so its end clears the snapshot.
 */
final class SessionCommands {
    private SessionCommands() {
    }

    static Outcome run(SqlSession s, SessionCommand c) throws PgError {
        SessionSettings settings = s.settings();
        boolean inBlock = s.tx() != TxState.IDLE;
        return switch (c) {
            case SessionCommand.Set set -> {
                settings.set(set.name(), set.value(), set.local(), inBlock);
                if (set.local() && !inBlock) {
                    s.addNotice(PgError.warning("25P01", "SET LOCAL can only be used in transaction blocks"));
                }
                yield new Outcome.Done("SET");
            }
            case SessionCommand.Accepted a -> new Outcome.Done(a.tag());
            case SessionCommand.Show show -> new Outcome.Rows(show(settings, show.name()));
            case SessionCommand.Reset reset -> {
                if (reset.name() == null) {
                    settings.resetAll();
                } else {
                    settings.set(reset.name(), null, false, inBlock);
                }
                yield new Outcome.Done("RESET");
            }
            case SessionCommand.Begin b -> {
                if (inBlock) {
                    s.addNotice(PgError.warning("25001", "there is already a transaction in progress"));
                } else {
                    s.tx(TxState.BLOCK);
                    settings.beginBlock();
                }
                yield new Outcome.Done("BEGIN");
            }
            case SessionCommand.Commit cm -> {
                boolean failed = s.tx() == TxState.FAILED;
                endBlock(s, !failed);
                yield new Outcome.Done(failed ? "ROLLBACK" : "COMMIT");
            }
            case SessionCommand.Rollback r -> {
                endBlock(s, false);
                yield new Outcome.Done("ROLLBACK");
            }
            case SessionCommand.Savepoint sp -> {
                if (!inBlock) {
                    throw PgError.error("25P01", sp.tag() + (sp.tag().equals("ROLLBACK") ? " TO SAVEPOINT" : "")
                            + " can only be used in transaction blocks");
                }
                if (sp.tag().equals("ROLLBACK")) {
                    s.tx(TxState.BLOCK);
                }
                yield new Outcome.Done(sp.tag());
            }
            case SessionCommand.DiscardAll d -> {
                if (inBlock) {
                    throw PgError.error("25001", "DISCARD ALL cannot run inside a transaction block");
                }
                settings.resetAll();
                yield new Outcome.Done("DISCARD ALL");
            }
            case SessionCommand.Deallocate d -> new Outcome.Done("DEALLOCATE" + (d.name() == null ? " ALL" : ""));
            case SessionCommand.Unsupported u -> throw PgError.error(PgError.FEATURE_NOT_SUPPORTED,
                    u.what() + " is not supported by pgstat4j, whose SQL endpoint only reads statistics");
        };
    }

    private static void endBlock(SqlSession s, boolean commit) {
        if (s.tx() == TxState.IDLE) {
            s.addNotice(PgError.warning("25P01", "there is no transaction in progress"));
        } else {
            s.settings().endBlock(commit);
        }
        s.tx(TxState.IDLE);
        s.endTransaction();
    }

    private static RowCursor show(SessionSettings settings, String name) throws PgError {
        if (name == null) {
            List<Object[]> rows = new ArrayList<>();
            for (Map.Entry<String, String> e : settings.all().entrySet()) {
                rows.add(new Object[] {e.getKey(), e.getValue(), ""});
            }
            return RowCursor.of(List.of(new ResultColumn("name", WireType.TEXT),
                    new ResultColumn("setting", WireType.TEXT), new ResultColumn("description", WireType.TEXT)),
                    "SHOW", rows);
        }
        return RowCursor.of(List.of(new ResultColumn(settings.showColumn(name), WireType.TEXT)), "SHOW",
                List.<Object[]>of(new Object[] {settings.show(name)}));
    }
}
