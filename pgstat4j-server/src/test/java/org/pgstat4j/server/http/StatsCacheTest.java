package org.pgstat4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.catalog.Catalog;
import org.pgstat4j.protocol.PgTimestamps;
import org.pgstat4j.protocol.Wire;
import org.pgstat4j.server.service.Health;
import org.pgstat4j.server.service.StatsService;
import org.pgstat4j.snapshot.SnapshotReader;
import org.pgstat4j.storage.StatsFiles;
import org.pgstat4j.transport.StatsSender;


/** The cache renews its snapshot at most once per interval, only when asked, and never makes a request hang. */
class StatsCacheTest {
    @TempDir
    Path dir;

    @Test
    void theSnapshotIsRenewedOnlyOnceTheIntervalHasPassed() throws Exception {
        try (EmbeddedSystem sys = new EmbeddedSystem(dir)) {
            CountingService counting = new CountingService(sys);
            AtomicLong nanos = new AtomicLong(1_000_000_000L);
            try (StatsCache cache = new StatsCache(counting, Duration.ofSeconds(1), nanos::get)) {
                assertThat(counting.inquiries.get()).as("nothing is read before someone asks").isZero();

                sys.insert(EmbeddedSystem.T_MAIN, 2);
                StatsCache.Cached first = cache.current();
                long inquiries = counting.inquiries.get();
                assertThat(first.snapshot().table(EmbeddedSystem.T_MAIN).tuplesInserted()).isEqualTo(2);

                sys.insert(EmbeddedSystem.T_MAIN, 3);
                nanos.addAndGet(999_999_999L);
                assertThat(cache.current()).isSameAs(first);
                assertThat(counting.inquiries.get()).isEqualTo(inquiries);
                assertThat(cache.renewals()).isEqualTo(1);

                // A reader takes a stats file up to 500 ms old without asking (spec §7.2), so let the
                // first file age past that before the renewal; this waits, it asserts no timing.
                Thread.sleep(Wire.STAT_INTERVAL_MS + 100);
                nanos.addAndGet(1);
                StatsCache.Cached second = cache.current();
                assertThat(second).isNotSameAs(first);
                assertThat(second.snapshot().table(EmbeddedSystem.T_MAIN).tuplesInserted()).isEqualTo(5);
                assertThat(counting.inquiries.get()).isGreaterThan(inquiries);
                assertThat(cache.renewals()).isEqualTo(2);
                assertThat(counting.readers.get()).as("one reader for the cache's whole life").isEqualTo(1);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSlowCollectorGetsTheOlderSnapshotServedInsteadOfAHangingRequest() throws Exception {
        AtomicBoolean slow = new AtomicBoolean(false);
        Semaphore release = new Semaphore(0);
        StatsFiles files = new StatsFiles(Files.createDirectories(dir.resolve("pg_stat")),
                Files.createDirectories(dir.resolve("pg_stat_tmp")));
        // no collector answers: each load polls, then gives up with the stale files; while
        // "slow", every poll waits for the test's permission
        StatsService unanswered = new StatsService() {
            public int databaseId() {
                return 5;
            }

            public Catalog catalog() {
                return new Catalog();
            }

            public SnapshotReader newReader() {
                return new SnapshotReader(files, StatsSender.disabled(), 5, SnapshotReader.Mode.BACKEND,
                        PgTimestamps::now, ms -> {
                            if (slow.get()) {
                                release.acquire();
                            }
                        });
            }

            public StatsSender sender() {
                return StatsSender.disabled();
            }

            public Health health() {
                return new Health(0, 0, 0, java.util.Map.of(), 0, 0, 0, 0, true);
            }
        };
        AtomicLong nanos = new AtomicLong();
        try (StatsCache cache = new StatsCache(unanswered, Duration.ofSeconds(1), nanos::get)) {
            StatsCache.Cached first = cache.current();
            assertThat(first.stale()).isTrue();

            slow.set(true);
            nanos.addAndGet(Duration.ofSeconds(5).toNanos());
            assertThat(cache.current()).as("the renewal is stuck: the older snapshot is served").isSameAs(first);
            assertThat(cache.renewals()).isEqualTo(1);

            slow.set(false);
            release.release(SnapshotReader.POLL_LOOP_COUNT);
            StatsCache.Cached next = cache.current();
            for (int i = 0; i < 600 && next == first; i++) {
                Thread.sleep(50);
                next = cache.current();
            }
            assertThat(next).isNotSameAs(first);
            assertThat(cache.renewals()).isEqualTo(2);
        }
    }
}
