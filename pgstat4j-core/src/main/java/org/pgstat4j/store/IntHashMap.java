package org.pgstat4j.store;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An open-addressing hash map from unsigned 32-bit OIDs to objects: no boxing, no node
 * objects, so that applying a TABSTAT entry to a million-table database allocates nothing.
 *
 * <p>The slots live in segments of at most {@value #SEGMENT_SLOTS} slots, and {@link #snapshot()}
 * makes a second map that shares every segment with this one in O(segments). Invariant: a
 * segment shared by two maps is never written; the first write to it from either map copies
 * that one segment first (copy-on-write). Publishing a snapshot therefore costs what changed
 * since, not the size of the map.
 *
 * <p>Not thread-safe: each map is owned by one thread (the collector), or read-only after
 * publication (a snapshot). Iteration order is unspecified, as PostgreSQL's hash order is.
 *
 * <p>The one way to misuse it: sharing a live map between threads. It is not synchronised;
 * only a map nobody writes any more may be read by many.
 */
public final class IntHashMap<V> {
    private static final int FREE = 0;
    private static final int DELETED = 1;
    private static final int USED = 2;
    static final int SEGMENT_BITS = 10;
    static final int SEGMENT_SLOTS = 1 << SEGMENT_BITS;
    /** A bucket of the probe sequence: 16 slots, one run of consecutive OIDs (fewer in a tiny map). */
    private static final int BUCKET_BITS = 4;
    /** How many buckets a key tries at its own offset before the linear part of its probe sequence. */
    private static final int BUCKET_PROBES = 8;

    private int[][] keys;
    private Object[][] values;
    private byte[][] states;
    /** Whether this map alone holds segment i (and so may write it in place). */
    private boolean[] owned;
    private int capacity;
    private int segBits;
    private int segMask;
    private int bucketBits;
    private int bucketMask;
    private int size;
    private int occupied;

    public IntHashMap() {
        this(16);
    }

    public IntHashMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        allocate(cap);
    }

    private IntHashMap(IntHashMap<V> from) {
        keys = from.keys.clone();
        values = from.values.clone();
        states = from.states.clone();
        owned = new boolean[from.owned.length];
        capacity = from.capacity;
        segBits = from.segBits;
        segMask = from.segMask;
        bucketBits = from.bucketBits;
        bucketMask = from.bucketMask;
        size = from.size;
        occupied = from.occupied;
    }

    private void allocate(int cap) {
        capacity = cap;
        segBits = Math.min(SEGMENT_BITS, Integer.numberOfTrailingZeros(cap));
        int segSlots = 1 << segBits;
        segMask = segSlots - 1;
        bucketBits = Math.min(BUCKET_BITS, Integer.numberOfTrailingZeros(cap));
        bucketMask = (1 << bucketBits) - 1;
        int segments = cap >>> segBits;
        keys = new int[segments][segSlots];
        values = new Object[segments][segSlots];
        states = new byte[segments][segSlots];
        owned = new boolean[segments];
        Arrays.fill(owned, true);
        size = 0;
        occupied = 0;
    }

    /**
     * A map with the same entries that shares all storage with this one; both stay usable and
     * independent (copy-on-write per segment). Costs O(capacity / {@value #SEGMENT_SLOTS}).
     */
    public IntHashMap<V> snapshot() {
        Arrays.fill(owned, false);
        return new IntHashMap<>(this);
    }

    /*
     * Where a key may be (its probe sequence). A key's home is the slot at its own offset — its
     * low bits — in a bucket chosen by a hash of its other bits: the 16 consecutive OIDs of a run
     * (what a catalog hands out) share one bucket, side by side, so a reader walking the catalog
     * in OID order reads the map's arrays almost in sequence instead of one cache miss per key.
     * The sequence tries the key's offset in its bucket and the next BUCKET_PROBES - 1 buckets
     * (a run displaced by another moves together), then every slot from its bucket's first on,
     * so it visits every slot and an insert always finds the free one a lookup would meet first.
     */

    /** The first slot of {@code key}'s probe sequence. */
    private int home(int key) {
        int h = (key >>> bucketBits) * 0x9E3779B9;
        return (((h ^ (h >>> 16)) << bucketBits) | (key & bucketMask)) & (capacity - 1);
    }

    /** Slot number {@code step} (from 0) of the probe sequence that starts at {@code home}. */
    private int probe(int home, int step) {
        return step < BUCKET_PROBES
                ? (home + (step << bucketBits)) & (capacity - 1)
                : ((home & ~bucketMask) + step - BUCKET_PROBES) & (capacity - 1);
    }

    private byte state(int i) {
        return states[i >>> segBits][i & segMask];
    }

    private int key(int i) {
        return keys[i >>> segBits][i & segMask];
    }

    /** Segment of slot i, copied first if shared. */
    private int writable(int i) {
        int s = i >>> segBits;
        if (!owned[s]) {
            keys[s] = keys[s].clone();
            values[s] = values[s].clone();
            states[s] = states[s].clone();
            owned[s] = true;
        }
        return s;
    }

    private int slotOf(int key) {
        int home = home(key);
        for (int step = 0; ; step++) {
            int i = probe(home, step);
            byte st = state(i);
            if (st == FREE) {
                return -1;
            }
            if (st == USED && key(i) == key) {
                return i;
            }
        }
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    public V get(int key) {
        int i = slotOf(key);
        return i < 0 ? null : (V) values[i >>> segBits][i & segMask];
    }

    public boolean containsKey(int key) {
        return slotOf(key) >= 0;
    }

    /** Associates {@code value} with {@code key}; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    public V put(int key, V value) {
        if ((occupied + 1) * 4 >= capacity * 3) {
            rehash(size * 4 >= capacity ? capacity * 2 : capacity);
        }
        int home = home(key);
        int firstDeleted = -1;
        int i;
        byte st;
        for (int step = 0; (st = state(i = probe(home, step))) != FREE; step++) {
            if (st == USED && key(i) == key) {
                int s = writable(i);
                V old = (V) values[s][i & segMask];
                values[s][i & segMask] = value;
                return old;
            }
            if (st == DELETED && firstDeleted < 0) {
                firstDeleted = i;
            }
        }
        if (firstDeleted >= 0) {
            i = firstDeleted;
        } else {
            occupied++;
        }
        int s = writable(i);
        keys[s][i & segMask] = key;
        values[s][i & segMask] = value;
        states[s][i & segMask] = USED;
        size++;
        return null;
    }

    @SuppressWarnings("unchecked")
    public V remove(int key) {
        int i = slotOf(key);
        if (i < 0) {
            return null;
        }
        int s = writable(i);
        V old = (V) values[s][i & segMask];
        values[s][i & segMask] = null;
        states[s][i & segMask] = DELETED;
        size--;
        return old;
    }

    public void clear() {
        for (int s = 0; s < owned.length; s++) {
            if (owned[s]) {
                Arrays.fill(values[s], null);
                Arrays.fill(states[s], (byte) FREE);
            } else {
                keys[s] = new int[segMask + 1];
                values[s] = new Object[segMask + 1];
                states[s] = new byte[segMask + 1];
                owned[s] = true;
            }
        }
        size = 0;
        occupied = 0;
    }

    @SuppressWarnings("unchecked")
    public void forEachValue(Consumer<? super V> action) {
        for (int s = 0; s < states.length; s++) {
            byte[] st = states[s];
            Object[] vs = values[s];
            for (int j = 0; j < st.length; j++) {
                if (st[j] == USED) {
                    action.accept((V) vs[j]);
                }
            }
        }
    }

    /** The keys, in iteration order. */
    public int[] keys() {
        int[] out = new int[size];
        int n = 0;
        for (int s = 0; s < states.length; s++) {
            byte[] st = states[s];
            int[] ks = keys[s];
            for (int j = 0; j < st.length; j++) {
                if (st[j] == USED) {
                    out[n++] = ks[j];
                }
            }
        }
        return out;
    }

    private void rehash(int newCap) {
        int[][] oldKeys = keys;
        Object[][] oldValues = values;
        byte[][] oldStates = states;
        allocate(newCap);
        for (int s = 0; s < oldStates.length; s++) {
            for (int j = 0; j < oldStates[s].length; j++) {
                if (oldStates[s][j] == USED) {
                    putFresh(oldKeys[s][j], oldValues[s][j]);
                }
            }
        }
    }

    private void putFresh(int key, Object value) {
        int home = home(key);
        int i;
        for (int step = 0; state(i = probe(home, step)) != FREE; step++) {
            // taken: on along the sequence
        }
        keys[i >>> segBits][i & segMask] = key;
        values[i >>> segBits][i & segMask] = value;
        states[i >>> segBits][i & segMask] = USED;
        size++;
        occupied++;
    }
}
