package org.pgstat4j.server.http;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot.UnknownDataPointSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.server.http.ExporterSeries.Series;
import org.pgstat4j.server.service.Health;
import org.pgstat4j.view.ViewContext;
import org.pgstat4j.view.ViewDefinition;
import org.pgstat4j.view.Views;

/**
 * Turns one cached snapshot and the live health counters into the metric families of a
 * {@code /metrics} scrape, through the Prometheus Java client's model (its writers produce
 * the exposition text). Pure: the same inputs give the same families.
 */
final class PrometheusMetrics {
    private static final ViewDefinition DATABASE = Views.byName("pg_stat_database").orElseThrow();
    private static final ViewDefinition BGWRITER = Views.byName("pg_stat_bgwriter").orElseThrow();
    private static final ViewDefinition USER_TABLES = Views.byName("pg_stat_user_tables").orElseThrow();

    private final TableBudget budget;

    PrometheusMetrics(TableBudget budget) {
        this.budget = budget;
    }

    /** The samples of one family, in order. */
    private record Family(Series series, List<Labels> labels, List<Double> values) {
        Family(Series series) {
            this(series, new ArrayList<>(), new ArrayList<>());
        }

        void add(Labels l, double v) {
            labels.add(l);
            values.add(v);
        }
    }

    MetricSnapshots collect(StatsCache.Cached cached, Health health, String datname) {
        Map<String, Family> families = new LinkedHashMap<>();
        ViewContext ctx = cached.context();
        for (Object[] row : DATABASE.orderedRows(ctx)) {
            Object name = row[DATABASE.columnIndex("datname")];
            if (name == null) {
                continue; // postgres_exporter skips the shared-objects row (datid 0, NULL datname)
            }
            Labels l = Labels.of("datid", Integer.toUnsignedString((Integer) row[DATABASE.columnIndex("datid")]),
                    "datname", (String) name);
            addRow(families, ExporterSeries.DATABASE, DATABASE, row, l);
        }
        for (Object[] row : BGWRITER.rows(ctx)) {
            addRow(families, ExporterSeries.BGWRITER, BGWRITER, row, Labels.EMPTY);
        }
        int schema = USER_TABLES.columnIndex("schemaname");
        int rel = USER_TABLES.columnIndex("relname");
        TableBudget.Selection<Object[]> chosen = budget.select(USER_TABLES.rows(ctx),
                r -> new TableBudget.Table((String) r[schema], (String) r[rel]));
        for (Object[] row : chosen.kept()) {
            Labels l = Labels.of("datname", datname, "schemaname", (String) row[schema], "relname", (String) row[rel]);
            addRow(families, ExporterSeries.USER_TABLES, USER_TABLES, row, l);
        }
        List<MetricSnapshot> out = new ArrayList<>();
        for (Family f : families.values()) {
            out.add(snapshot(f));
        }
        out.addAll(own(cached, health, chosen));
        return new MetricSnapshots(out);
    }

    private static void addRow(Map<String, Family> families, List<Series> series, ViewDefinition view,
                               Object[] row, Labels labels) {
        for (Series s : series) {
            Object v = row[view.columnIndex(s.column())];
            families.computeIfAbsent(s.name(), n -> new Family(s)).add(labels, s.value().of(v));
        }
    }

    private static MetricSnapshot snapshot(Family f) {
        Series s = f.series();
        int n = f.values().size();
        return switch (s.type()) {
            case COUNTER -> {
                var b = CounterSnapshot.builder().name(s.clientName()).help(s.help());
                for (int i = 0; i < n; i++) {
                    b.dataPoint(CounterDataPointSnapshot.builder().labels(f.labels().get(i)).value(f.values().get(i)).build());
                }
                yield b.build();
            }
            case GAUGE -> {
                var b = GaugeSnapshot.builder().name(s.clientName()).help(s.help());
                for (int i = 0; i < n; i++) {
                    b.dataPoint(GaugeDataPointSnapshot.builder().labels(f.labels().get(i)).value(f.values().get(i)).build());
                }
                yield b.build();
            }
            case UNTYPED -> {
                var b = UnknownSnapshot.builder().name(s.clientName()).help(s.help());
                for (int i = 0; i < n; i++) {
                    b.dataPoint(UnknownDataPointSnapshot.builder().labels(f.labels().get(i)).value(f.values().get(i)).build());
                }
                yield b.build();
            }
        };
    }

    /**
     * pgstat4j's own series: what the collector received, applied, rejected, and what was lost.
     * A count the service does not know (-1, e.g. kernel drops off Linux) has no series.
     */
    private static List<MetricSnapshot> own(StatsCache.Cached cached, Health h, TableBudget.Selection<?> chosen) {
        List<MetricSnapshot> out = new ArrayList<>();
        addCounter(out, "pgstat4j_datagrams_received", "Datagrams the collector received", h.received());
        addCounter(out, "pgstat4j_datagrams_applied", "Datagrams the collector validated and applied", h.applied());
        if (h.rejected() >= 0) {
            var rejected = CounterSnapshot.builder().name("pgstat4j_datagrams_rejected")
                    .help("Datagrams the collector refused as malformed, by reason");
            h.rejectedByReason().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> rejected.dataPoint(
                    CounterDataPointSnapshot.builder().labels(Labels.of("reason", e.getKey())).value(e.getValue()).build()));
            out.add(rejected.build());
        }
        addCounter(out, "pgstat4j_kernel_drops", "Datagrams the kernel dropped at the statistics socket "
                + "(receive buffer full)", h.kernelDropped());
        addCounter(out, "pgstat4j_sender_drops", "Datagrams senders dropped because the socket could not take them",
                h.senderDropped());
        addGauge(out, "pgstat4j_sequence_lost", "Datagrams missing from their senders' sequence numbers: "
                + "every loss between a sender and the collector (sender drops and kernel drops included)",
                h.sequenceLost());
        addCounter(out, "pgstat4j_collector_restarts", "Times the collector was restarted", h.collectorRestarts());
        addCounter(out, "pgstat4j_stats_file_writes", "Stats files the collector wrote for readers", h.fileWrites());
        out.add(gauge("pgstat4j_statistics_enabled", "1 if the statistics system runs, 0 if it is disabled",
                Labels.EMPTY, h.statisticsEnabled() ? 1 : 0));
        long written = cached.snapshot().snapshotTimestamp();
        if (written != 0) {
            double age = Math.max(0, PgTimestamps.now() - written) / 1e6;
            out.add(gauge("pgstat4j_snapshot_age_seconds", "Age of the statistics served: now minus the time "
                    + "the collector wrote the stats file read", Labels.EMPTY, age));
        }
        out.add(gauge("pgstat4j_snapshot_stale", "1 if the last renewal gave up waiting for the collector "
                + "and served older statistics", Labels.EMPTY, cached.stale() ? 1 : 0));
        var omitted = GaugeSnapshot.builder().name("pgstat4j_metrics_tables_omitted")
                .help("User tables without per-table series in this scrape: reason=pattern (allow/deny "
                        + "patterns) or limit (over the table budget)");
        omitted.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("reason", "limit"))
                .value(chosen.overLimit()).build());
        omitted.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("reason", "pattern"))
                .value(chosen.deniedByPattern()).build());
        out.add(omitted.build());
        return out;
    }

    private static void addCounter(List<MetricSnapshot> out, String name, String help, long value) {
        if (value >= 0) {
            out.add(CounterSnapshot.builder().name(name).help(help)
                    .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build());
        }
    }

    /** A gauge rather than a counter: a late datagram that fills a gap lowers it. */
    private static void addGauge(List<MetricSnapshot> out, String name, String help, long value) {
        if (value >= 0) {
            out.add(gauge(name, help, Labels.EMPTY, value));
        }
    }

    private static GaugeSnapshot gauge(String name, String help, Labels labels, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build()).build();
    }
}
