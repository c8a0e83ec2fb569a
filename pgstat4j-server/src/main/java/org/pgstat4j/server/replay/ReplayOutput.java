package org.pgstat4j.server.replay;

import java.io.IOException;
import java.util.List;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.catalog.PgDatabase;
import org.pgstat4j.view.PsqlOutput;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.view.ViewDefinition;

/** Prints a replay's views as psql would, and the one-line summary of what was replayed. */
public final class ReplayOutput {
    private ReplayOutput() {
    }

    /**
     * The views over the replay's snapshot, in the fixture export order, one after another:
     * CSV exactly as {@code psql --csv}, or psql's aligned tables.
     */
    public static void print(CaptureReplay.Result result, Catalog catalog, boolean dataChecksums,
                             List<ViewDefinition> views, boolean csv, Appendable out) throws IOException {
        print(result.snapshot(), catalog, dataChecksums, views, csv, out);
    }

    /** The views over any snapshot, as {@link #print(CaptureReplay.Result, Catalog, boolean, List, boolean, Appendable)}. */
    public static void print(org.pgstat4j.snapshot.Snapshot snapshot, Catalog catalog, boolean dataChecksums,
                             List<ViewDefinition> views, boolean csv, Appendable out) throws IOException {
        ViewContext ctx = ViewContext.of(snapshot, catalog).withDataChecksums(dataChecksums);
        for (ViewDefinition v : views) {
            List<Object[]> rows = v.orderedRows(ctx);
            if (csv) {
                PsqlOutput.writeCsv(v.columns(), rows, out);
            } else {
                PsqlOutput.writeAligned(v.columns(), rows, out);
            }
        }
    }

    public static String summary(CaptureReplay.Result r, Catalog catalog) {
        PgDatabase d = catalog.database(r.database());
        String db = d == null ? Integer.toUnsignedString(r.database()) : d.toString();
        String where = r.stopIndex() < 0 ? "to the end of the capture"
                : "up to the INQUIRY at collector datagram " + r.stopIndex();
        return "replay: port " + r.port() + ", database " + db + ": " + (r.applied() + r.rejected())
                + " of " + r.collectorTotal() + " collector datagrams replayed " + where + " ("
                + r.applied() + " applied, " + r.rejected() + " rejected)";
    }
}
