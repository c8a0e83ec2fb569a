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
    private static final int RUN_BITS = 4;

    private int[][] keys;
    private Object[][] values;
    private byte[][] states;
    /** Whether this map alone holds segment i (and so may write it in place). */
    private boolean[] owned;
    private int capacity;
    private int segBits;
    private int segMask;
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
        size = from.size;
        occupied = from.occupied;
    }

    private void allocate(int cap) {
        capacity = cap;
        segBits = Math.min(SEGMENT_BITS, Integer.numberOfTrailingZeros(cap));
        int segSlots = 1 << segBits;
        segMask = segSlots - 1;
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

    /**
     * The home slot of key {@code k} (before the mask): the key's low {@value #RUN_BITS} bits
     * are kept and the others scattered, so a run of consecutive OIDs — what a catalog hands
     * out — lands in consecutive slots, and a reader walking the catalog in OID order reads the
     * map's arrays almost in sequence instead of one cache miss per key. Runs longer than that
     * would make linear probing cluster.
     */
    private static int mix(int k) {
        int h = (k >>> RUN_BITS) * 0x9E3779B9;
        return ((h ^ (h >>> 16)) << RUN_BITS) | (k & ((1 << RUN_BITS) - 1));
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
        int mask = capacity - 1;
        int i = mix(key) & mask;
        byte st;
        while ((st = state(i)) != FREE) {
            if (st == USED && key(i) == key) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
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
        int mask = capacity - 1;
        int i = mix(key) & mask;
        int firstDeleted = -1;
        byte st;
        while ((st = state(i)) != FREE) {
            if (st == USED && key(i) == key) {
                int s = writable(i);
                V old = (V) values[s][i & segMask];
                values[s][i & segMask] = value;
                return old;
            }
            if (st == DELETED && firstDeleted < 0) {
                firstDeleted = i;
            }
            i = (i + 1) & mask;
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
        int mask = capacity - 1;
        int i = mix(key) & mask;
        while (state(i) != FREE) {
            i = (i + 1) & mask;
        }
        keys[i >>> segBits][i & segMask] = key;
        values[i >>> segBits][i & segMask] = value;
        states[i >>> segBits][i & segMask] = USED;
        size++;
        occupied++;
    }
}
