package org.pgstat4j.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OidMapTest {
    @Test
    void behavesLikeAnInsertionOrderedMapUnderRandomUse() {
        long seed = System.nanoTime();
        try {
            Random rnd = new Random(seed);
            OidMap<String> map = new OidMap<>();
            Map<Integer, String> model = new LinkedHashMap<>();
            for (int round = 0; round < 50; round++) {
                int n = rnd.nextInt(rnd.nextBoolean() ? 40 : 3000);
                for (int i = 0; i < n; i++) {
                    // a mix of consecutive OIDs, 0, negative (unsigned above 2^31) and random ones
                    int oid = switch (rnd.nextInt(4)) {
                        case 0 -> 16384 + rnd.nextInt(5000);
                        case 1 -> rnd.nextInt(3) - 1;
                        case 2 -> Integer.MIN_VALUE + rnd.nextInt(100);
                        default -> rnd.nextInt();
                    };
                    if (map.get(oid) == null) {
                        assertThat(model).doesNotContainKey(oid);
                        map.add(oid, "v" + oid);
                        model.put(oid, "v" + oid);
                    }
                    assertThat(map.get(oid)).isEqualTo(model.get(oid));
                }
                assertThat(map.size()).isEqualTo(model.size());
                List<String> inOrder = new ArrayList<>();
                for (int i = 0; i < map.size(); i++) {
                    inOrder.add(map.valueAt(i));
                }
                assertThat(inOrder).containsExactlyElementsOf(model.values());
                for (int k : model.keySet()) {
                    assertThat(map.get(k)).isEqualTo(model.get(k));
                }
                map.clear();
                model.clear();
                assertThat(map.get(16384)).isNull();
                assertThat(map.size()).isZero();
            }
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }
}
