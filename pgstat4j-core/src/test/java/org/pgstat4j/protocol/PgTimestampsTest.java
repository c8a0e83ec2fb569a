package org.pgstat4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * TimestampTz is any signed 64-bit count of microseconds since 2000-01-01 UTC (spec
 * "Conventions"): conversions are exact over the whole range, and the text form is
 * PostgreSQL's {@code timestamptz} output with TimeZone UTC.
 */
class PgTimestampsTest {
    @Test
    void epochIsMidnightOf2000UtcAndCountsMicroseconds() {
        assertThat(PgTimestamps.fromInstant(Instant.parse("2000-01-01T00:00:00Z"))).isZero();
        assertThat(PgTimestamps.fromInstant(Instant.parse("2000-01-01T00:00:01.000001Z"))).isEqualTo(1_000_001);
        assertThat(PgTimestamps.fromInstant(Instant.parse("1999-12-31T23:59:59.999999Z"))).isEqualTo(-1);
        assertThat(PgTimestamps.fromInstant(Instant.parse("1970-01-01T00:00:00Z"))).isEqualTo(-946_684_800_000_000L);
    }

    @Test
    void nanosecondsAreTruncatedTowardsThePast() {
        assertThat(PgTimestamps.fromInstant(Instant.parse("2000-01-01T00:00:00.000001999Z"))).isEqualTo(1);
        assertThat(PgTimestamps.fromInstant(Instant.parse("1999-12-31T23:59:59.999999999Z"))).isEqualTo(-1);
    }

    @Test
    void roundTrips() {
        for (long ts : new long[] {0, 1, -1, 799_999_999_123_456L, -123_456_789L}) {
            assertThat(PgTimestamps.fromInstant(PgTimestamps.toInstant(ts))).isEqualTo(ts);
            assertThat(PgTimestamps.fromUnixMicros(PgTimestamps.toUnixMicros(ts))).isEqualTo(ts);
        }
        assertThat(PgTimestamps.toInstant(-1)).isEqualTo(Instant.parse("1999-12-31T23:59:59.999999Z"));
        assertThat(PgTimestamps.toUnixMicros(0)).isEqualTo(946_684_800_000_000L);
    }

    @Test
    void outOfRangeInstantsAreRejected() {
        assertThatThrownBy(() -> PgTimestamps.fromInstant(Instant.MAX)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void differencesFollowPostgres() {
        assertThat(PgTimestamps.differenceMicros(10, 5)).as("never negative").isZero();
        assertThat(PgTimestamps.differenceMicros(5, 10)).isEqualTo(5);
        assertThat(PgTimestamps.differenceExceeds(0, 500_000, 500)).isTrue();
        assertThat(PgTimestamps.differenceExceeds(0, 499_999, 500)).isFalse();
    }

    @Test
    void everySigned64BitCountConvertsExactly() {
        // Adding the epoch offset in microseconds first would overflow at the ends of the range.
        for (long ts : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 946_684_800_000_000L,
                Long.MIN_VALUE + 946_684_800_000_000L}) {
            Instant i = PgTimestamps.toInstant(ts);
            assertThat(PgTimestamps.fromInstant(i)).as("ts %d", ts).isEqualTo(ts);
            assertThat(i.getEpochSecond()).as("ts %d", ts)
                    .isEqualTo(Math.floorDiv(ts, 1_000_000L) + PgTimestamps.POSTGRES_EPOCH_UNIX_SECONDS);
        }
        assertThat(PgTimestamps.toInstant(Long.MAX_VALUE)).isAfter(PgTimestamps.toInstant(0));
        assertThat(PgTimestamps.toInstant(Long.MIN_VALUE)).isBefore(PgTimestamps.toInstant(0));
    }

    @Test
    void formatPrintsPostgresTimestamptzText() {
        assertThat(PgTimestamps.format(0)).isEqualTo("2000-01-01 00:00:00+00");
        assertThat(PgTimestamps.format(-1)).isEqualTo("1999-12-31 23:59:59.999999+00");
        assertThat(PgTimestamps.format(1_500_000)).isEqualTo("2000-01-01 00:00:01.5+00");
        assertThat(PgTimestamps.format(PgTimestamps.fromInstant(Instant.parse("2026-11-25T14:36:14.494985Z"))))
                .isEqualTo("2026-11-25 14:36:14.494985+00");
    }
}
