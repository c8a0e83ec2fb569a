package org.pgstat4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §4: the collector survives any byte sequence sent to it. 100 000 random datagrams go
 * through {@link MessageCodec#validate} and, when accepted, {@link MessageCodec#decodeValidated};
 * neither may throw. Pure noise is almost always rejected by the header checks, so most inputs
 * get a plausible header (known type, {@code m_size} = length, a length the type can have)
 * over random bytes, which drives them into the per-type decoders.
 *
 * <p>The seed changes per run (replay with {@code -Dpgstat4j.seed=N}); a failure prints it and
 * the offending bytes.
 */
class CodecFuzzTest {
    private static final int DATAGRAMS = 100_000;

    @Test
    void noByteSequenceMakesValidateOrDecodeThrow() {
        long seed = Long.getLong("pgstat4j.seed", new Random().nextLong());
        Random r = new Random(seed);
        ByteBuffer buf = ByteBuffer.allocate(1100).order(Wire.ORDER);
        byte[] bytes = new byte[1100];
        int accepted = 0;
        int[] rejected = new int[RejectReason.values().length];
        for (int i = 0; i < DATAGRAMS; i++) {
            int length = shape(r, bytes);
            buf.clear();
            buf.put(0, bytes, 0, length);
            try {
                RejectReason reason = MessageCodec.validate(buf, length);
                if (reason == null) {
                    StatMessage m = MessageCodec.decodeValidated(buf);
                    assertThat(m.type().code()).isEqualTo(buf.getInt(0));
                    accepted++;
                } else {
                    rejected[reason.ordinal()]++;
                }
            } catch (Throwable t) {
                fail("seed " + seed + ", datagram #" + i + " of " + length + " bytes threw "
                        + t + ": " + HexFormat.of().formatHex(bytes, 0, length), t);
            }
        }
        // the generator must have reached the decoders and every rejection rule, or the test
        // proves nothing
        assertThat(accepted).as("seed %d: accepted datagrams", seed).isGreaterThan(DATAGRAMS / 4);
        for (RejectReason reason : RejectReason.values()) {
            assertThat(rejected[reason.ordinal()]).as("seed %d: %s rejections", seed, reason).isPositive();
        }
    }

    /** Fills {@code bytes} with one random datagram and returns its length. */
    private static int shape(Random r, byte[] bytes) {
        int kind = r.nextInt(10);
        if (kind == 0) {
            // pure noise of any length up to past the limit
            int length = r.nextInt(1100);
            randomBytes(r, bytes, 0, length);
            return length;
        }
        StatMsgType t = StatMsgType.values()[r.nextInt(StatMsgType.values().length)];
        int length;
        if (kind == 1) {
            length = 8 + r.nextInt(1000);
        } else if (t.isVariable()) {
            length = t.sizeFor(r.nextInt(t.maxEntries() + 1));
        } else {
            length = t.headerSize();
        }
        randomBytes(r, bytes, 0, length);
        putInt(bytes, 0, kind == 2 ? r.nextInt(30) : t.code());
        putInt(bytes, 4, kind == 3 ? r.nextInt(1100) : length);
        if (t.isVariable() && kind > 3) {
            // an entry count that agrees with the length most of the time
            int n = (length - t.headerSize()) / t.entrySize();
            putInt(bytes, 12, kind == 4 ? n + r.nextInt(3) - 1 : n);
        }
        if (t == StatMsgType.SEQUENCED && kind > 3) {
            // a payload whose own header agrees with the envelope; sometimes a nested envelope
            int n = length - t.headerSize();
            putInt(bytes, 16, kind == 5 ? StatMsgType.SEQUENCED.code() : r.nextInt(26));
            putInt(bytes, 20, kind == 4 ? n + r.nextInt(3) - 1 : n);
        }
        if (t == StatMsgType.SLRU && kind > 3) {
            bytes[8] = (byte) r.nextInt(kind == 4 ? 256 : 8);
            for (int i = 9; i < 16; i++) {
                bytes[i] = kind == 4 ? bytes[i] : 0;
            }
        }
        return length;
    }

    private static void randomBytes(Random r, byte[] bytes, int from, int length) {
        // bias towards high bytes and NULs, which stress the C-string and UTF-8 handling
        for (int i = from; i < from + length; i++) {
            int c = r.nextInt(8);
            bytes[i] = switch (c) {
                case 0 -> 0;
                case 1 -> (byte) 0x80;
                case 2 -> (byte) 0xFF;
                default -> (byte) r.nextInt(256);
            };
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
