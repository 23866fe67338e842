package io.nanogrid.engine.train;

import java.util.Arrays;

/**
 * Gradient rows of the embedding touched by a mini-batch: an open-addressing map from row id to a
 * slot in one growable float buffer, in first-touch order (so iteration order is deterministic).
 */
final class SparseRows {
    final int width;
    private int[] keys = new int[1024];
    private int[] slotOf = new int[1024];
    private int[] ids = new int[256];
    private float[] values;
    private int size;

    SparseRows(int width) {
        this.width = width;
        Arrays.fill(keys, -1);
        values = new float[256 * width];
    }

    int size() {
        return size;
    }

    int id(int slot) {
        return ids[slot];
    }

    float[] values() {
        return values;
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(keys, -1);
            Arrays.fill(values, 0, size * width, 0f);
            size = 0;
        }
    }

    /** row[id] += scale * src[0 .. width). */
    void add(int id, float[] src, float scale) {
        add(id, src, 0, scale);
    }

    void add(int id, float[] src, int offset, float scale) {
        int slot = slot(id);
        int base = slot * width;
        for (int j = 0; j < width; j++) {
            values[base + j] += scale * src[offset + j];
        }
    }

    private int slot(int id) {
        int mask = keys.length - 1;
        int h = (id * 0x9E3779B1) >>> 7 & mask;
        while (true) {
            int k = keys[h];
            if (k == id) {
                return slotOf[h];
            }
            if (k == -1) {
                break;
            }
            h = (h + 1) & mask;
        }
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            values = Arrays.copyOf(values, size * 2 * width);
        }
        keys[h] = id;
        slotOf[h] = size;
        ids[size] = id;
        int slot = size++;
        if (size * 2 > keys.length) {
            rehash();
        }
        return slot;
    }

    private void rehash() {
        int[] oldKeys = keys;
        int[] oldSlots = slotOf;
        keys = new int[oldKeys.length * 2];
        slotOf = new int[oldKeys.length * 2];
        Arrays.fill(keys, -1);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != -1) {
                int h = (oldKeys[i] * 0x9E3779B1) >>> 7 & mask;
                while (keys[h] != -1) {
                    h = (h + 1) & mask;
                }
                keys[h] = oldKeys[i];
                slotOf[h] = oldSlots[i];
            }
        }
    }
}
