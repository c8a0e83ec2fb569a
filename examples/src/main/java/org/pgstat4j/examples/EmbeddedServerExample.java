package org.pgstat4j.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.pgstat4j.backend.Backend;
import org.pgstat4j.backend.RelKind;
import org.pgstat4j.backend.TableStatus;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.postmaster.EmbeddedStats;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * A Java server that embeds the whole statistics system: it starts it in a data directory,
 * counts one session's transaction with the {@link Backend} API, flushes, and reads
 * {@code pg_stat_user_tables} back in-process. The region between the README markers is the
 * README's example, word for word.
 *
 * <p>Usage: {@code EmbeddedServerExample [DATA_DIR]} (a temporary directory by default).
 * Prints one line per table: {@code relname n_tup_ins=… n_tup_upd=… n_tup_hot_upd=… n_live_tup=…}.
 */
public final class EmbeddedServerExample {
    private EmbeddedServerExample() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("pgstat4j-example");
        // README:begin
        Catalog catalog = new Catalog();                 // the names the views show for OIDs
        catalog.addDatabase(new PgDatabase(16384, "shop"));
        catalog.addRelation(PgClass.table(16385, "public", "orders"));

        try (EmbeddedStats stats = EmbeddedStats.start(dataDir)) {   // socket + collector thread
            try (Backend session = Backend.builder(stats.sender()).databaseId(16384).build()) {
                session.reportConnect();
                TableStatus orders = session.openRelation(16385, RelKind.RELATION, false);
                session.countHeapInsert(orders, 3);      // INSERT of 3 rows
                session.countHeapUpdate(orders, true);   // a HOT UPDATE
                session.commitTransaction();
                session.reportStat(false);               // idle point: flush to the collector
            }
            SnapshotReader reader = stats.newReader(16384);
            ViewDefinition view = Views.byName("pg_stat_user_tables").orElseThrow();
            List<Object[]> rows = view.orderedRows(ViewContext.of(reader.snapshot(), catalog));
            for (Object[] row : rows) {
                System.out.println(row[view.columnIndex("relname")]
                        + " n_tup_ins=" + row[view.columnIndex("n_tup_ins")]
                        + " n_tup_upd=" + row[view.columnIndex("n_tup_upd")]
                        + " n_tup_hot_upd=" + row[view.columnIndex("n_tup_hot_upd")]
                        + " n_live_tup=" + row[view.columnIndex("n_live_tup")]);
            }
        }
        // README:end
    }
}
