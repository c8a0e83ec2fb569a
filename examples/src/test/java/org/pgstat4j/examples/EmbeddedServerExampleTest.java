package org.pgstat4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded example, run as a user runs it: its own JVM, pgstat4j-core a named module on
 * the module path. Guards that the README's code counts, flushes and reads back what it
 * claims, through the real socket, collector thread and stats files.
 */
class EmbeddedServerExampleTest {
    @TempDir
    Path tmp;

    @Test
    void aCommittedTransactionIsVisibleInPgStatUserTables() throws Exception {
        Jvms.Result r = Jvms.runExample(tmp.resolve("work"), EmbeddedServerExample.class, tmp.resolve("data").toString());

        assertThat(r.exitCode()).as(r.describe()).isZero();
        // 3 rows inserted and 1 HOT update, committed: all count; the live tuples are the inserts
        assertThat(r.out().lines()).as(r.describe())
                .containsExactly("orders n_tup_ins=3 n_tup_upd=1 n_tup_hot_upd=1 n_live_tup=3");
        assertThat(r.err()).as(r.describe()).doesNotContain("restricted method");
    }

    @Test
    void aCleanStopKeepsTheCountsForTheNextStart() throws Exception {
        Path data = tmp.resolve("data");
        Jvms.Result first = Jvms.runExample(tmp.resolve("work"), EmbeddedServerExample.class, data.toString());
        assertThat(first.exitCode()).as(first.describe()).isZero();

        Jvms.Result second = Jvms.runExample(tmp.resolve("work"), EmbeddedServerExample.class, data.toString());

        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(second.out().lines()).as(second.describe())
                .containsExactly("orders n_tup_ins=6 n_tup_upd=2 n_tup_hot_upd=2 n_live_tup=6");
    }
}
