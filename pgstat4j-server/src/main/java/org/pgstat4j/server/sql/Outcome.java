package org.pgstat4j.server.sql;

/** What executing a statement produced: nothing (empty query), a command tag, or rows. */
sealed interface Outcome {
    /** An empty query string ({@code EmptyQueryResponse}). */
    record Empty() implements Outcome { }

    /** A statement without rows, ending with this command tag. */
    record Done(String tag) implements Outcome { }

    /** A statement with rows; its tag comes from the cursor once the rows are sent. */
    record Rows(RowCursor cursor) implements Outcome { }
}
