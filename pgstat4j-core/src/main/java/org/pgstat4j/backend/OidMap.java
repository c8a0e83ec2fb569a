package org.pgstat4j.backend;

import java.util.Arrays;

/**
 * An OID-keyed map that keeps its values in insertion order, for the backend's pending
 * table and function entries.
 *
 * <p>Open addressing over primitive {@code int} keys (any 32-bit value, 0 included), so
 * lookups never box and never allocate; values live in a dense array in the order they were
 * added, which is the order entries are packed into messages. There is no removal of single
 * keys: a backend only ever adds entries and clears them all at a flush.
 *
 * <p>Not thread-safe; owned by one backend.
 */
final class OidMap<V> {
    private static final int MIN_CAPACITY = 16;

    private int[] keys;
    /** Index + 1 into {@link #values}; 0 marks an empty slot. */
    private int[] slots;
    private Object[] values;
    private int size;

    OidMap() {
        allocate(MIN_CAPACITY);
    }

    int size() {
        return size;
    }

    /** The value stored under {@code oid}, or {@code null}. */
    @SuppressWarnings("unchecked")
    V get(int oid) {
        int mask = slots.length - 1;
        for (int i = hash(oid) & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                return null;
            }
            if (keys[i] == oid) {
                return (V) values[s - 1];
            }
        }
    }

    /** Adds {@code value} under {@code oid}, which must not be present. */
    void add(int oid, V value) {
        if (2 * (size + 1) > slots.length) {
            rehash(slots.length * 2);
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = value;
        insertSlot(oid, size);
    }

    /** The {@code i}-th value in insertion order. */
    @SuppressWarnings("unchecked")
    V valueAt(int i) {
        return (V) values[i];
    }

    /** Removes everything; shrinks the table when a large burst left it mostly empty. */
    void clear() {
        if (slots.length > 64 * MIN_CAPACITY && 8 * size < slots.length) {
            allocate(MIN_CAPACITY);
        } else {
            Arrays.fill(slots, 0);
            Arrays.fill(values, 0, size, null);
        }
        size = 0;
    }

    private void insertSlot(int oid, int indexPlusOne) {
        int mask = slots.length - 1;
        int i = hash(oid) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        keys[i] = oid;
        slots[i] = indexPlusOne;
    }

    private void rehash(int capacity) {
        int[] oldKeys = keys;
        int[] oldSlots = slots;
        keys = new int[capacity];
        slots = new int[capacity];
        for (int i = 0; i < oldSlots.length; i++) {
            if (oldSlots[i] != 0) {
                insertSlot(oldKeys[i], oldSlots[i]);
            }
        }
    }

    private void allocate(int capacity) {
        keys = new int[capacity];
        slots = new int[capacity];
        values = new Object[capacity / 2];
    }

    private static int hash(int oid) {
        // OIDs are often consecutive; spread them over the table (Fibonacci hashing).
        int h = oid * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
