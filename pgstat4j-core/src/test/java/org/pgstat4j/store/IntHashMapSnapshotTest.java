package org.pgstat4j.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Copy-on-write snapshots of {@link IntHashMap}: a snapshot never sees later writes of either side. */
class IntHashMapSnapshotTest {

    private static Map<Integer, Integer> contents(IntHashMap<Integer> m) {
        Map<Integer, Integer> out = new HashMap<>();
        for (int k : m.keys()) {
            out.put(k, m.get(k));
        }
        int[] n = {0};
        m.forEachValue(v -> n[0]++);
        assertThat(n[0]).isEqualTo(m.size());
        assertThat(out).hasSize(m.size());
        return out;
    }

    @Test
    void snapshotsKeepTheirContentsWhileBothSidesChange() {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        IntHashMap<Integer> live = new IntHashMap<>(16);
        Map<Integer, Integer> model = new HashMap<>();
        List<IntHashMap<Integer>> snaps = new ArrayList<>();
        List<Map<Integer, Integer>> expected = new ArrayList<>();
        for (int round = 0; round < 60; round++) {
            int ops = rnd.nextInt(3000);
            for (int i = 0; i < ops; i++) {
                int key = rnd.nextInt(5000) - 100;
                if (rnd.nextInt(4) == 0) {
                    assertThat(live.remove(key)).as("seed %d", seed).isEqualTo(model.remove(key));
                } else {
                    int v = rnd.nextInt();
                    assertThat(live.put(key, v)).as("seed %d", seed).isEqualTo(model.put(key, v));
                }
            }
            if (round % 7 == 3) {
                live.clear();
                model.clear();
            }
            IntHashMap<Integer> s = live.snapshot();
            snaps.add(s);
            expected.add(new HashMap<>(model));
            // a snapshot may itself be written: its own copy changes, nobody else's
            if (round % 5 == 0) {
                s.put(-7, round);
                expected.get(expected.size() - 1).put(-7, round);
            }
            assertThat(contents(live)).as("seed %d", seed).isEqualTo(model);
        }
        for (int i = 0; i < snaps.size(); i++) {
            assertThat(contents(snaps.get(i))).as("snapshot %d, seed %d", i, seed).isEqualTo(expected.get(i));
        }
    }

    @Test
    void getAfterSnapshotFindsEveryKeyOfALargeMap() {
        IntHashMap<Integer> live = new IntHashMap<>(4);
        for (int k = 0; k < 100_000; k++) {
            live.put(k * 7919, k);
        }
        IntHashMap<Integer> s = live.snapshot();
        live.put(5 * 7919, -1);
        live.remove(6 * 7919);
        assertThat(s.get(5 * 7919)).isEqualTo(5);
        assertThat(s.get(6 * 7919)).isEqualTo(6);
        assertThat(live.get(5 * 7919)).isEqualTo(-1);
        assertThat(live.containsKey(6 * 7919)).isFalse();
        assertThat(s.size()).isEqualTo(100_000);
        assertThat(live.size()).isEqualTo(99_999);
    }
}
