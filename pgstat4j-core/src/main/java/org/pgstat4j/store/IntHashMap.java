package org.pgstat4j.store;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An open-addressing hash map from unsigned 32-bit OIDs to objects: no boxing, no node
 * objects, so that applying a TABSTAT entry to a million-table database allocates nothing.
 *
 * <p>Not thread-safe: owned by one thread (the collector), or read-only after publication
 * (a snapshot). Iteration order is unspecified, as PostgreSQL's hash order is.
 *
 * <p>The one way to misuse it: sharing a live map between threads. It is not synchronised;
 * only a map nobody writes any more may be read by many.
 */
public final class IntHashMap<V> {
    private static final int FREE = 0;
    private static final int DELETED = 1;
    private static final int USED = 2;

    private int[] keys;
    private Object[] values;
    private byte[] states;
    private int size;
    private int occupied;

    public IntHashMap() {
        this(16);
    }

    public IntHashMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        allocate(cap);
    }

    private void allocate(int cap) {
        keys = new int[cap];
        values = new Object[cap];
        states = new byte[cap];
        size = 0;
        occupied = 0;
    }

    private static int mix(int k) {
        int h = k * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private int slotOf(int key) {
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (states[i] != FREE) {
            if (states[i] == USED && keys[i] == key) {
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
        return i < 0 ? null : (V) values[i];
    }

    public boolean containsKey(int key) {
        return slotOf(key) >= 0;
    }

    /** Associates {@code value} with {@code key}; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    public V put(int key, V value) {
        if ((occupied + 1) * 4 >= keys.length * 3) {
            rehash(size * 4 >= keys.length ? keys.length * 2 : keys.length);
        }
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        int firstDeleted = -1;
        while (states[i] != FREE) {
            if (states[i] == USED && keys[i] == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
            if (states[i] == DELETED && firstDeleted < 0) {
                firstDeleted = i;
            }
            i = (i + 1) & mask;
        }
        if (firstDeleted >= 0) {
            i = firstDeleted;
        } else {
            occupied++;
        }
        keys[i] = key;
        values[i] = value;
        states[i] = USED;
        size++;
        return null;
    }

    @SuppressWarnings("unchecked")
    public V remove(int key) {
        int i = slotOf(key);
        if (i < 0) {
            return null;
        }
        V old = (V) values[i];
        values[i] = null;
        states[i] = DELETED;
        size--;
        return old;
    }

    public void clear() {
        Arrays.fill(values, null);
        Arrays.fill(states, (byte) FREE);
        size = 0;
        occupied = 0;
    }

    @SuppressWarnings("unchecked")
    public void forEachValue(Consumer<? super V> action) {
        for (int i = 0; i < keys.length; i++) {
            if (states[i] == USED) {
                action.accept((V) values[i]);
            }
        }
    }

    /** The keys, in iteration order. */
    public int[] keys() {
        int[] out = new int[size];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (states[i] == USED) {
                out[n++] = keys[i];
            }
        }
        return out;
    }

    private void rehash(int newCap) {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        byte[] oldStates = states;
        allocate(newCap);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldStates[i] == USED) {
                putFresh(oldKeys[i], oldValues[i]);
            }
        }
    }

    private void putFresh(int key, Object value) {
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (states[i] != FREE) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        states[i] = USED;
        size++;
        occupied++;
    }
}
