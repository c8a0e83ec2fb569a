package org.pgstat4j.server.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pgstat4j.server.service.EmbeddedStatsService;
import org.pgstat4j.server.service.Health;
import org.pgstat4j.snapshot.Snapshot;
import org.pgstat4j.view.Column;
import org.pgstat4j.view.PgType;
import org.pgstat4j.view.PsqlOutput;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * What the demo prints when its workload ends, in psql's aligned format: the whole
 * {@code pg_stat_user_tables}, the demo database's and the shared objects' rows of
 * {@code pg_stat_database}, and pgstat4j's own counters — what the collector received,
 * applied and rejected, and what senders and the kernel dropped. All views come from one
 * snapshot, read through the same service the endpoints use.
 */
final class DemoReport {
    static final List<Column> COLLECTOR_COLUMNS = List.of(Column.of("received", PgType.INT8),
            Column.of("applied", PgType.INT8), Column.of("rejected", PgType.INT8),
            Column.of("sender_dropped", PgType.INT8), Column.of("kernel_dropped", PgType.INT8));

    private DemoReport() {
    }

    static void print(EmbeddedStatsService service, PgbenchWorkload.Result result, int sessions, PrintWriter out)
            throws IOException {
        out.printf(Locale.ROOT, "pgstat4j demo: %d session%s, %.1f s, %d transactions (%d rolled back), %.1f tps%n%n",
                sessions, sessions == 1 ? "" : "s", result.elapsed().toNanos() / 1e9, result.transactions(),
                result.rollbacks(), result.tps());
        Snapshot snapshot = service.newReader().snapshot();
        ViewContext ctx = service.viewContext(snapshot);

        ViewDefinition tables = Views.byName("pg_stat_user_tables").orElseThrow();
        out.println("pg_stat_user_tables");
        PsqlOutput.writeAligned(tables.columns(), tables.orderedRows(ctx), out);

        ViewDefinition database = Views.byName("pg_stat_database").orElseThrow();
        int datid = database.columnIndex("datid");
        List<Object[]> rows = new ArrayList<>();
        for (Object[] r : database.orderedRows(ctx)) {
            int oid = (Integer) r[datid];
            if (oid == 0 || oid == service.databaseId()) {
                rows.add(r);
            }
        }
        out.println("pg_stat_database");
        PsqlOutput.writeAligned(database.columns(), rows, out);

        Health h = service.health();
        out.println("collector");
        List<Object[]> counters = new ArrayList<>();
        counters.add(new Object[] {h.received(), h.applied(), h.rejected(), h.senderDropped(),
                h.kernelDropped() < 0 ? null : h.kernelDropped()});
        PsqlOutput.writeAligned(COLLECTOR_COLUMNS, counters, out);
        out.flush();
    }
}
