package org.pgstat4j.server.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Text and binary forms of values and parameters, as PostgreSQL writes and reads them. */
class WireTypeTest {
    @Test
    void textOutput() {
        assertThat(WireType.BOOL.text(true)).isEqualTo("t");
        assertThat(WireType.OID.text(4_294_967_295L)).isEqualTo("4294967295");
        assertThat(WireType.FLOAT8.text(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(WireType.FLOAT8.text(1e16)).isEqualTo("1e+16");
        assertThat(WireType.NUMERIC.text(new BigDecimal("18446744073709551615"))).isEqualTo("18446744073709551615");
        OffsetDateTime t = OffsetDateTime.of(2026, 11, 25, 14, 36, 14, 494_985_000, ZoneOffset.UTC);
        assertThat(WireType.TIMESTAMPTZ.text(t)).isEqualTo("2026-11-25 14:36:14.494985+00");
        assertThat(WireType.TIMESTAMPTZ.text(t, ZoneId.of("Asia/Kolkata"))).isEqualTo("2026-11-25 20:06:14.494985+05:30");
        assertThat(WireType.TIMESTAMPTZ.text(t.withNano(0), ZoneId.of("America/New_York")))
                .isEqualTo("2026-11-25 09:36:14-05");
        assertThat(WireType.VOID.text("")).isEmpty();
        assertThat(WireType.VOID.text(null)).isNull();
        assertThat(RowCursor.arrayText(new Object[] {"pg_catalog", "a b", null})).isEqualTo("{pg_catalog,\"a b\",NULL}");
    }

    @Test
    void binaryOutput() {
        assertThat(ByteBuffer.wrap(WireType.OID.binary(4_294_967_295L)).getInt()).isEqualTo(-1);
        assertThat(ByteBuffer.wrap(WireType.INT8.binary(-2L)).getLong()).isEqualTo(-2L);
        assertThat(ByteBuffer.wrap(WireType.FLOAT8.binary(1.5)).getDouble()).isEqualTo(1.5);
        // 2000-01-01 00:00:01 UTC = 1 000 000 µs after PostgreSQL's epoch
        assertThat(ByteBuffer.wrap(WireType.TIMESTAMPTZ.binary(Instant.parse("2000-01-01T00:00:01Z").atOffset(ZoneOffset.UTC)))
                .getLong()).isEqualTo(1_000_000L);
    }

    @Test
    void numericBinaryUsesBase10000Digits() {
        assertThat(numeric("0")).containsExactly(0, 0, 0, 0);
        assertThat(numeric("10000")).containsExactly(1, 1, 0, 0, 1);
        assertThat(numeric("12345.678")).containsExactly(3, 1, 0, 3, 1, 2345, 6780);
        assertThat(numeric("-0.5")).containsExactly(1, -1, 0x4000, 1, 5000);
        assertThat(numeric("18446744073709551615")).containsExactly(5, 4, 0, 0, 1844, 6744, 737, 955, 1615);
    }

    @Test
    void numericBinaryParametersReadBackEveryDigitAndTheScale() throws Exception {
        for (String v : List.of("0", "0.00", "-0.000100", "1.50", "10000", "12345.678", "-99999999.99990001",
                "18446744073709551615", "12345678901234567890.123456789")) {
            assertThat(WireType.NUMERIC.parseBinary(WireType.NUMERIC.binary(new BigDecimal(v)))).as(v)
                    .isEqualTo(new BigDecimal(v));
        }
    }

    @Test
    void arraysAreWrittenElementByElement() throws Exception {
        assertThat(WireType.INT4_ARRAY.text(new Object[] {1, null, 3})).isEqualTo("{1,NULL,3}");
        assertThat(WireType.TEXT_ARRAY.text(new Object[] {"a", "b c", "", "null", "x,y", "q\"", "t\tab"}))
                .isEqualTo("{a,\"b c\",\"\",\"null\",\"x,y\",\"q\\\"\",\"t\tab\"}");
        assertThat(WireType.BOOL_ARRAY.text(new Object[] {true, false})).isEqualTo("{t,f}");
        assertThat(WireType.FLOAT8_ARRAY.text(new Object[] {1.0, -0.25})).isEqualTo("{1,-0.25}");
        // binary: 1 dimension, has-nulls, element OID, length, lower bound, then each element
        ByteBuffer b = ByteBuffer.wrap(WireType.INT8_ARRAY.binary(new Object[] {5L, null}));
        assertThat(List.of(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt())).containsExactly(
                1, 1, WireType.INT8.oid(), 2, 1, 8);
        assertThat(b.getLong()).isEqualTo(5L);
        assertThat(b.getInt()).isEqualTo(-1);
        assertThat(WireType.INT4_ARRAY.parseBinary(WireType.INT4_ARRAY.binary(new Object[] {7, null})))
                .isEqualTo(new Object[] {7, null});
        assertThat(WireType.INT4_ARRAY.parseText("{\"1\",NULL,3}")).isEqualTo(new Object[] {1, null, 3});
        assertThat(WireType.INT4_ARRAY.binary(new Object[0])).hasSize(12); // no dimensions
        PgError e = catchThrowableOfType(PgError.class, () -> WireType.INT4_ARRAY.parseText("{1,x}"));
        assertThat(e.sqlState()).isEqualTo("22P02");
    }

    private static int[] numeric(String v) {
        ByteBuffer b = ByteBuffer.wrap(WireType.NUMERIC.binary(new BigDecimal(v)));
        int[] out = new int[b.remaining() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getShort();
        }
        return out;
    }

    @Test
    void parameters() throws Exception {
        assertThat(WireType.INT4.parseBinary(ByteBuffer.allocate(4).putInt(-7).array())).isEqualTo(-7);
        assertThat(WireType.INT8.parseBinary(ByteBuffer.allocate(8).putLong(1L << 40).array())).isEqualTo(1L << 40);
        assertThat(WireType.OID.parseText("4294967295")).isEqualTo(4_294_967_295L);
        assertThat(WireType.BOOL.parseText("yes")).isEqualTo(true);
        assertThat(WireType.UNKNOWN.parseText("orders")).isEqualTo("orders");
        PgError e = catchThrowableOfType(PgError.class, () -> WireType.INT4.parseText("12x"));
        assertThat(e.sqlState()).isEqualTo("22P02");
        assertThat(e.getMessage()).isEqualTo("invalid input syntax for type integer: \"12x\"");
        e = catchThrowableOfType(PgError.class, () -> WireType.INT4.parseBinary(new byte[3]));
        assertThat(e.sqlState()).isEqualTo("08P01");
    }
}
