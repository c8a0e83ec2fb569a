package org.pgstat4j.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PgTimeTest {
    @Test
    void epochIsMidnightOf2000UtcAndCountsMicroseconds() {
        assertThat(PgTime.fromInstant(Instant.parse("2000-01-01T00:00:00Z"))).isZero();
        assertThat(PgTime.fromInstant(Instant.parse("2000-01-01T00:00:01.000001Z"))).isEqualTo(1_000_001);
        assertThat(PgTime.fromInstant(Instant.parse("1999-12-31T23:59:59.999999Z"))).isEqualTo(-1);
        assertThat(PgTime.fromInstant(Instant.parse("1970-01-01T00:00:00Z"))).isEqualTo(-946_684_800_000_000L);
    }

    @Test
    void nanosecondsAreTruncatedTowardsThePast() {
        assertThat(PgTime.fromInstant(Instant.parse("2000-01-01T00:00:00.000001999Z"))).isEqualTo(1);
        assertThat(PgTime.fromInstant(Instant.parse("1999-12-31T23:59:59.999999999Z"))).isEqualTo(-1);
    }

    @Test
    void roundTrips() {
        for (long ts : new long[] {0, 1, -1, 799_999_999_123_456L, -123_456_789L}) {
            assertThat(PgTime.fromInstant(PgTime.toInstant(ts))).isEqualTo(ts);
            assertThat(PgTime.fromUnixMicros(PgTime.toUnixMicros(ts))).isEqualTo(ts);
        }
        assertThat(PgTime.toInstant(-1)).isEqualTo(Instant.parse("1999-12-31T23:59:59.999999Z"));
        assertThat(PgTime.toUnixMicros(0)).isEqualTo(946_684_800_000_000L);
    }

    @Test
    void outOfRangeInstantsAreRejected() {
        assertThatThrownBy(() -> PgTime.fromInstant(Instant.MAX)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void differencesFollowPostgres() {
        assertThat(PgTime.differenceMicros(10, 5)).as("never negative").isZero();
        assertThat(PgTime.differenceMicros(5, 10)).isEqualTo(5);
        assertThat(PgTime.differenceExceeds(0, 500_000, 500)).isTrue();
        assertThat(PgTime.differenceExceeds(0, 499_999, 500)).isFalse();
    }
}
