package org.pgstat4j.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pgstat4j.snapshot.SnapshotReader;

/** The cache renews its snapshot at most once per interval, and only when asked. */
class StatsCacheTest {
    @TempDir
    Path dir;

    @Test
    void theSnapshotIsRenewedOnlyOnceTheIntervalHasPassed() throws Exception {
        try (EmbeddedSystem sys = new EmbeddedSystem(dir)) {
            CountingService counting = new CountingService(sys);
            AtomicLong nanos = new AtomicLong(1_000_000_000L);
            StatsCache cache = new StatsCache(counting, Duration.ofSeconds(1), nanos::get);
            assertThat(counting.inquiries.get()).as("nothing is read before someone asks").isZero();

            sys.insert(EmbeddedSystem.T_MAIN, 2);
            StatsCache.Cached first = cache.current();
            long inquiries = counting.inquiries.get();
            assertThat(first.snapshot().table(EmbeddedSystem.T_MAIN).tuplesInserted).isEqualTo(2);

            sys.insert(EmbeddedSystem.T_MAIN, 3);
            nanos.addAndGet(999_999_999L);
            assertThat(cache.current()).isSameAs(first);
            assertThat(counting.inquiries.get()).isEqualTo(inquiries);
            assertThat(cache.renewals()).isEqualTo(1);

            // A reader takes a stats file up to 500 ms old without asking (spec §7.2), so let the
            // first file age past that before the renewal; this waits, it asserts no timing.
            Thread.sleep(SnapshotReader.STAT_INTERVAL_MS + 100);
            nanos.addAndGet(1);
            StatsCache.Cached second = cache.current();
            assertThat(second).isNotSameAs(first);
            assertThat(second.snapshot().table(EmbeddedSystem.T_MAIN).tuplesInserted).isEqualTo(5);
            assertThat(counting.inquiries.get()).isGreaterThan(inquiries);
            assertThat(cache.renewals()).isEqualTo(2);
            assertThat(counting.readers.get()).as("one reader for the cache's whole life").isEqualTo(1);
        }
    }
}
