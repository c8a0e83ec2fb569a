package org.pgstat4j.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PgTextTest {
    /** Expected texts are PostgreSQL 14's float8out with extra_float_digits = 1. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.722|0.722", "5941.692|5941.692", "4.618|4.618", "0|0", "-0.0|-0", "1|1", "100|100",
        "-2.5|-2.5", "1e16|1e+16", "1.5e-5|1.5e-05", "1e15|1e+15", "123456789012345|123456789012345",
        "999999999999999.9|999999999999999.9", "0.0001|0.0001", "0.00012|0.00012", "0.00001|1e-05",
        "1.7976931348623157e308|1.7976931348623157e+308", "4.9e-324|5e-324", "2.2250738585072014E-308|2.2250738585072014e-308",
        "0.30000000000000004|0.30000000000000004", "1e100|1e+100", "1.25e-100|1.25e-100", "12345.678|12345.678",
        "NaN|NaN", "Infinity|Infinity", "-Infinity|-Infinity", "1234567.0|1234567", "0.1|0.1"})
    void float8LooksLikePostgreSQL(String input, String expected) {
        assertThat(PgText.float8(Double.parseDouble(input))).isEqualTo(expected);
    }

    /** Any double prints as the shortest text that reads back as itself, in PostgreSQL's layout. */
    @Test
    void float8RoundTripsAndFollowsTheFixedOrExponentRule() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        for (int i = 0; i < 50_000; i++) {
            double d = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong())
                    : (r.nextInt(2_000_000) - 1_000_000) / Math.pow(10, r.nextInt(12));
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            String s = PgText.float8(d);
            String why = "seed " + seed + ", value " + d + " printed as " + s;
            assertThat(Double.parseDouble(s)).as(why).isEqualTo(d);
            if (d != 0) {
                int exp10 = new BigDecimal(d).precision() - new BigDecimal(d).scale() - 1;
                boolean scientific = exp10 < -4 || exp10 >= 15;
                assertThat(s.contains("e")).as(why).isEqualTo(scientific);
                if (scientific) {
                    assertThat(s).as(why).matches("-?[1-9](\\.[0-9]*[1-9])?e[-+][0-9]{2,3}");
                } else {
                    assertThat(s).as(why).matches("-?[0-9]+(\\.[0-9]*[1-9])?");
                }
            }
        }
    }

    @Test
    void otherTypesAsPostgreSQLPrintsThem() {
        assertThat(PgText.format(PgType.OID, -1)).isEqualTo("4294967295");
        assertThat(PgText.format(PgType.OID, 16384)).isEqualTo("16384");
        assertThat(PgText.format(PgType.INT8, Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
        assertThat(PgText.format(PgType.INT4, 7)).isEqualTo("7");
        assertThat(PgText.format(PgType.NUMERIC, new BigInteger("18446744073709551615"))).isEqualTo("18446744073709551615");
        assertThat(PgText.format(PgType.NUMERIC, new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(PgText.format(PgType.BOOL, true)).isEqualTo("t");
        assertThat(PgText.format(PgType.BOOL, false)).isEqualTo("f");
        assertThat(PgText.format(PgType.TEXT, "x")).isEqualTo("x");
        assertThat(PgText.format(PgType.TIMESTAMPTZ, Instant.parse("2026-11-25T14:36:14.494985Z")))
                .isEqualTo("2026-11-25 14:36:14.494985+00");
        assertThat(PgText.format(PgType.TIMESTAMPTZ, Instant.parse("2026-11-25T14:36:12.491010Z")))
                .isEqualTo("2026-11-25 14:36:12.49101+00");
        assertThat(PgText.format(PgType.TIMESTAMPTZ, Instant.parse("2000-01-01T00:00:00Z")))
                .isEqualTo("2000-01-01 00:00:00+00");
        assertThat(PgText.format(PgType.FLOAT8, null)).isNull();
    }

    @Test
    void aValueOfTheWrongJavaTypeIsAProgrammingError() {
        assertThatThrownBy(() -> PgText.format(PgType.INT8, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("int8 column cannot hold Integer 5");
        assertThatThrownBy(() -> PgText.format(PgType.NUMERIC, 5L)).isInstanceOf(IllegalArgumentException.class);
    }
}
