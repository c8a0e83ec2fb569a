package org.pgstat4j.examples;

import java.nio.file.Path;
import org.pgstat4j.backend.Backend;
import org.pgstat4j.backend.RelKind;
import org.pgstat4j.backend.TableStatus;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgClass;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.postmaster.StatsClient;
import org.pgstat4j.snapshot.Snapshot;

/**
 * A second JVM next to a running {@code pgstat4j server -D DIR}: it names its objects in
 * {@code DIR/catalog} (which the server follows), attaches to the server's statistics socket
 * through {@code DIR/.s.PGSTAT}, counts one session's transactions with the {@link Backend}
 * API and reads its table's counters back from the server's collector. The server's own
 * endpoints ({@code pgstat4j views}, SQL, HTTP) show the same counts under the same names.
 *
 * <p>Usage: {@code AttachExample DATA_DIR ROWS}. Prints {@code attached server_pid=…}, then
 * {@code orders n_tup_ins=… n_tup_del=…} as the collector has them.
 */
public final class AttachExample {
    static final int SHOP = 16384;
    static final int ORDERS = 16385;

    private AttachExample() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);

        Catalog catalog = new Catalog();
        catalog.addDatabase(new PgDatabase(SHOP, "shop"));
        catalog.addRelation(PgClass.table(ORDERS, "public", "orders"));
        catalog.writeCsvDirectory(dataDir.resolve("catalog"));

        try (StatsClient stats = StatsClient.attach(dataDir)) {
            System.out.println("attached server_pid=" + stats.serverPid() + " enabled=" + stats.isEnabled());
            try (Backend session = Backend.builder(stats.sender()).databaseId(SHOP).build()) {
                session.reportConnect();
                TableStatus orders = session.openRelation(ORDERS, RelKind.RELATION, false);
                session.countHeapInsert(orders, rows);
                session.commitTransaction();
                session.countHeapDelete(orders);         // rolled back: counted, not live
                session.rollbackTransaction();
            }                                            // close: the final flush
            Snapshot snapshot = stats.newReader(SHOP).snapshot();
            var table = snapshot.table(ORDERS);
            System.out.println("orders n_tup_ins=" + (table == null ? 0 : table.tuplesInserted())
                    + " n_tup_del=" + (table == null ? 0 : table.tuplesDeleted()));
        }
    }
}
