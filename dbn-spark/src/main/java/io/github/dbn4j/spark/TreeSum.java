package io.github.dbn4j.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums of one vector per slice, added in a fixed binary tree over the slice indices whatever
 * order Spark's tasks finish and combine in, so that a parameter average is the same on every
 * run: the sum of slices {@code [a, b)} is always {@code sum[a, m) + sum[m, b)} with {@code m}
 * the tree's midpoint, left before right. A slice's vector is never changed by the sum of one
 * slice, so the average of one slice is that slice's values exactly.
 *
 * <p>A partial sum holds the finished nodes of the tree; two siblings are added as soon as both
 * are present, and a node whose sibling covers no slice moves up unchanged.
 */
final class TreeSum implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int slices;
    /** Finished nodes by key {@code level << 32 | position}; a node at (level, k) covers [k 2^level, (k+1) 2^level). */
    private final TreeMap<Long, double[]> nodes = new TreeMap<>();

    TreeSum(int slices) {
        if (slices < 1) {
            throw new IllegalArgumentException("a tree sum over " + slices + " slices");
        }
        this.slices = slices;
    }

    /** Adds slice {@code index}'s vector (which the sum may keep and change). */
    TreeSum add(int index, double[] values) {
        if (index < 0 || index >= slices) {
            throw new IllegalArgumentException("slice " + index + " of " + slices);
        }
        insert(0, index, values);
        return this;
    }

    /** Adds the nodes of another partial sum over the same slices. */
    TreeSum merge(TreeSum other) {
        if (other.slices != slices) {
            throw new IllegalArgumentException("tree sums over " + slices + " and " + other.slices + " slices");
        }
        for (Map.Entry<Long, double[]> e : other.nodes.entrySet()) {
            insert((int) (e.getKey() >>> 32), (int) (long) e.getKey(), e.getValue());
        }
        return this;
    }

    /** The sum of every slice, or null until every slice has been added. */
    double[] total() {
        int top = levels();
        double[] root = nodes.get(key(top, 0));
        return nodes.size() == 1 ? root : null;
    }

    private int levels() {
        int l = 0;
        while ((1L << l) < slices) {
            l++;
        }
        return l;
    }

    private void insert(int level, int position, double[] values) {
        int top = levels();
        while (level < top) {
            int sibling = position ^ 1;
            long siblingStart = (long) sibling << level;
            if (siblingStart >= slices) {
                // the sibling covers no slice: move up unchanged
            } else {
                double[] other = nodes.remove(key(level, sibling));
                if (other == null) {
                    break;
                }
                double[] left = (position & 1) == 0 ? values : other;
                double[] right = (position & 1) == 0 ? other : values;
                if (left.length != right.length) {
                    throw new IllegalArgumentException("vectors of " + left.length + " and " + right.length + " values");
                }
                for (int i = 0; i < left.length; i++) {
                    left[i] += right[i];
                }
                values = left;
            }
            level++;
            position >>= 1;
        }
        if (nodes.put(key(level, position), values) != null) {
            throw new IllegalStateException("slice range at level " + level + ", position " + position
                    + " was added twice");
        }
    }

    private static long key(int level, int position) {
        return ((long) level << 32) | (position & 0xffffffffL);
    }
}
