package org.pgstat4j.server.sql;

import java.util.List;
import org.h2.command.Prepared;
import org.h2.expression.Parameter;
import org.h2.expression.condition.NullPredicate;
import org.h2.value.Value;
import org.pgstat4j.server.sql.SqlLexer.Kind;
import org.pgstat4j.server.sql.SqlLexer.Token;

/**
 * Parameters whose type nothing in the statement determines, which PostgreSQL refuses to
 * prepare ({@code 42P18 could not determine data type of parameter $1}) and the engine would
 * run: a parameter of open type (the client sent type 0) that is used once, as the operand of
 * {@code IS [NOT] NULL} ({@code SELECT $1 IS NULL}).
 *
 * <p>Invariant: narrow on purpose — a parameter used more than once, or anywhere else, is left
 * to the engine, which types it from its other use as PostgreSQL does.
 */
final class UndeterminedParameters {
    private UndeterminedParameters() {
    }

    /** Throws {@code 42P18} for the first parameter of {@code p} that PostgreSQL could not type. */
    static void check(Prepared p, List<Token> tokens, WireType[] types) throws PgError {
        QueryTree.walk(p, (e, parent, index, tree) -> {
            if (e instanceof Parameter prm && parent instanceof NullPredicate) {
                int n = prm.getIndex() + 1;
                if (n <= types.length && types[n - 1] == WireType.UNKNOWN
                        && prm.getType().getValueType() == Value.UNKNOWN && uses(tokens, n) == 1) {
                    throw PgError.error(INDETERMINATE_DATATYPE, "could not determine data type of parameter $" + n);
                }
            }
        });
    }

    private static final String INDETERMINATE_DATATYPE = "42P18";

    private static int uses(List<Token> tokens, int n) {
        int count = 0;
        for (Token t : tokens) {
            if (t.kind() == Kind.PARAM && SqlText.parseParam(t.value()) == n) {
                count++;
            }
        }
        return count;
    }
}
