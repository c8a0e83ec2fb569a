package org.pgstat4j.server.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * PostgreSQL's binary {@code numeric} layout (digit count, weight, sign, display scale, then
 * base-10000 digits): an exact decimal's, for {@link WireType#binary}, and back to text. Invariant: the scale
 * sent is the value's own, so a client reads back the same digits the text form shows.
 */
final class NumericBinary {
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    private NumericBinary() {
    }

    static byte[] encode(BigDecimal v) {
        int sign = v.signum() < 0 ? 0x4000 : 0;
        BigDecimal abs = v.abs();
        int dscale = Math.max(abs.scale(), 0);
        // Align the scale to a multiple of 4 so that the digits split into base-10000 groups.
        int groupsAfterPoint = (dscale + 3) / 4;
        BigInteger unscaled = abs.setScale(groupsAfterPoint * 4).unscaledValue();
        java.util.ArrayDeque<Short> digits = new java.util.ArrayDeque<>();
        while (unscaled.signum() > 0) {
            BigInteger[] qr = unscaled.divideAndRemainder(TEN_THOUSAND);
            digits.addFirst(qr[1].shortValue());
            unscaled = qr[0];
        }
        int weight = digits.size() - groupsAfterPoint - 1;
        while (!digits.isEmpty() && digits.peekLast() == 0) {
            digits.removeLast();
        }
        while (!digits.isEmpty() && digits.peekFirst() == 0) {
            digits.removeFirst();
            weight--;
        }
        if (digits.isEmpty()) {
            weight = 0;
        }
        ByteBuffer out = ByteBuffer.allocate(8 + 2 * digits.size());
        out.putShort((short) digits.size()).putShort((short) weight).putShort((short) sign).putShort((short) dscale);
        for (short d : digits) {
            out.putShort(d);
        }
        return out.array();
    }

    /** The text of a binary {@code numeric} (an array element a client sent in binary). */
    static String decode(byte[] b) throws PgError {
        ByteBuffer in = ByteBuffer.wrap(b);
        int ndigits = in.getShort();
        int weight = in.getShort();
        int sign = in.getShort() & 0xFFFF;
        int dscale = in.getShort();
        if (sign == 0xC000) {
            throw PgError.error(PgError.FEATURE_NOT_SUPPORTED, "NaN in numeric[] parameters is not supported");
        }
        BigDecimal v = BigDecimal.ZERO;
        for (int i = 0; i < ndigits; i++) {
            v = v.add(BigDecimal.valueOf(in.getShort()).scaleByPowerOfTen(4 * (weight - i)));
        }
        v = v.setScale(Math.max(dscale, 0), java.math.RoundingMode.UNNECESSARY);
        return (sign == 0x4000 ? v.negate() : v).toPlainString();
    }
}
