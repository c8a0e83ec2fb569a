package org.pgstat4j.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The probe sequence of {@link IntHashMap}: runs of consecutive OIDs sit side by side (what
 * makes a scan in OID order read the map in sequence), and every key pattern — including those
 * that crowd one offset or one bucket — stays a correct map through inserts, removals,
 * re-inserts into removed slots and growth.
 */
class IntHashMapProbeTest {

    @Test
    void consecutiveOidsSitInConsecutiveSlots() {
        IntHashMap<Integer> m = new IntHashMap<>();
        for (int oid = 16_384; oid < 16_384 + 100_000; oid++) {
            m.put(oid, oid);
        }
        int[] inSlotOrder = m.keys(); // iteration follows the slots
        int adjacent = 0;
        for (int i = 1; i < inSlotOrder.length; i++) {
            if (inSlotOrder[i] == inSlotOrder[i - 1] + 1) {
                adjacent++;
            }
        }
        // a run of 16 fills its bucket: 15 of every 16 neighbours are consecutive when no run
        // was displaced; a hash that scatters every key leaves almost none
        assertThat(adjacent).as("neighbouring slots holding consecutive OIDs")
                .isGreaterThan(inSlotOrder.length * 8 / 10);
    }

    @Test
    void everyKeyPatternBehavesAsAMap() {
        long seed = System.nanoTime();
        Random randomKeys = new Random(seed);
        Map<String, IntUnaryOperator> patterns = Map.of(
                "consecutive", i -> 16_384 + i,
                "one offset (multiples of 16)", i -> 16 * (i + 1),
                "one low half (multiples of 65536)", i -> (i + 1) << 16,
                "high bits only", i -> Integer.reverse(i + 1),
                "random", i -> randomKeys.nextInt(),
                "negative (unsigned above 2^31)", i -> -1 - 3 * i);
        patterns.forEach((name, pattern) -> {
            Random rnd = new Random(seed ^ name.hashCode());
            IntHashMap<Integer> m = new IntHashMap<>();
            Map<Integer, Integer> reference = new HashMap<>();
            int n = 20_000;
            int[] keys = new int[n];
            for (int i = 0; i < n; i++) {
                keys[i] = pattern.applyAsInt(i);
            }
            for (int op = 0; op < 200_000; op++) {
                int key = keys[rnd.nextInt(Math.min(n, 1 + op / 4))];
                switch (rnd.nextInt(4)) {
                    case 0 -> assertThat(m.remove(key)).as("%s seed %d: remove %d", name, seed, key)
                            .isEqualTo(reference.remove(key));
                    case 1 -> assertThat(m.get(key)).as("%s seed %d: get %d", name, seed, key)
                            .isEqualTo(reference.get(key));
                    default -> assertThat(m.put(key, op)).as("%s seed %d: put %d", name, seed, key)
                            .isEqualTo(reference.put(key, op));
                }
            }
            assertThat(m.size()).as("%s seed %d", name, seed).isEqualTo(reference.size());
            for (int key : keys) {
                assertThat(m.get(key)).as("%s seed %d: final get %d", name, seed, key).isEqualTo(reference.get(key));
            }
        });
    }
}
