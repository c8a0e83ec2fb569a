package org.pgstat4j.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;
import org.pgstat4j.protocol.TabStatMessage;
import org.pgstat4j.protocol.TableEntry;
import org.pgstat4j.protocol.Wire;


/**
 * One session under test: a backend of database {@link #DB} on a {@link FakeClock}, sending
 * into a {@link CapturingSender}. Statement helpers open the relation each time, as a
 * statement would.
 */
final class Fixture {
    static final int DB = 16384;

    final FakeClock clock;
    final CapturingSender sender = new CapturingSender();
    final StatsSettings settings = new StatsSettings();
    final Backend backend;

    Fixture() {
        this(b -> { });
    }

    Fixture(Consumer<BackendBuilder> config) {
        this(new FakeClock(), config);
    }

    Fixture(FakeClock clock, Consumer<BackendBuilder> config) {
        this.clock = clock;
        BackendBuilder b = Backend.builder(sender).databaseId(DB).clock(clock).settings(settings);
        config.accept(b);
        backend = b.build();
    }

    TableStatus table(int oid) {
        return backend.openRelation(oid, RelKind.RELATION, false);
    }

    void insert(int oid, int n) {
        backend.countHeapInsert(table(oid), n);
    }

    void update(int oid, int n, boolean hot) {
        TableStatus t = table(oid);
        for (int i = 0; i < n; i++) {
            backend.countHeapUpdate(t, hot);
        }
    }

    void delete(int oid, int n) {
        TableStatus t = table(oid);
        for (int i = 0; i < n; i++) {
            backend.countHeapDelete(t);
        }
    }

    void truncate(int oid) {
        backend.countTruncate(table(oid));
    }

    /** Runs {@code statement} as its own (autocommit) transaction. */
    void autocommit(Runnable statement) {
        statement.run();
        backend.commitTransaction();
    }

    /** Goes idle after the rate limit has passed, so the report is sent. */
    void idleAfterInterval() {
        clock.advanceMillis(Wire.STAT_INTERVAL_MS);
        backend.reportStat(false);
    }

    /** The single TABSTAT entry of {@code oid} among all captured messages. */
    TableEntry entry(int oid) {
        List<TableEntry> found = sender.tabstats().stream()
                .flatMap(m -> m.entries().stream())
                .filter(e -> e.tableId() == oid)
                .toList();
        assertThat(found).as("TABSTAT entries for table %d", oid).hasSize(1);
        return found.getFirst();
    }

    /** Every captured regular (own database) TABSTAT. */
    List<TabStatMessage> regularTabstats() {
        return sender.tabstats().stream().filter(m -> m.databaseId() == DB).toList();
    }

    TableModel model() {
        return new TableModel().apply(sender.messages);
    }
}
