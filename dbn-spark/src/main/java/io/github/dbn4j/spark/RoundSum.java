package io.github.dbn4j.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one Spark job of a run gathers from its slices, combined by {@code treeAggregate}: a
 * {@link TreeSum} of their weighted shared parameters and of their costs (or column sums), and
 * each slice's own state by its index.
 */
final class RoundSum implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One slice's part. */
    record Part(int index, double[] shared, double[] extra, StateData own, StateData layout, String error,
                double seconds) implements Serializable {
    }

    final TreeSum shared;
    final TreeSum extra;
    final TreeMap<Integer, StateData> own = new TreeMap<>();
    /** The names, shapes and integers of the shared state, from the lowest slice. */
    StateData layout;
    int layoutIndex = Integer.MAX_VALUE;
    /** The longest time a slice's task took for its batches and states. */
    double slowest;
    /** The values the slices sent back (their weighted shared states and own states). */
    long valuesUp;
    /** The first error by slice index. */
    final TreeMap<Integer, String> errors = new TreeMap<>();

    RoundSum(int slices) {
        this.shared = new TreeSum(slices);
        this.extra = new TreeSum(slices);
    }

    RoundSum add(Part p) {
        if (p.error() != null) {
            errors.put(p.index(), p.error());
            return this;
        }
        slowest = Math.max(slowest, p.seconds());
        if (p.shared() != null) {
            shared.add(p.index(), p.shared());
            valuesUp += p.shared().length;
        }
        valuesUp += p.own() == null ? 0 : p.own().size();
        extra.add(p.index(), p.extra());
        own.put(p.index(), p.own());
        if (p.layout() != null && p.index() < layoutIndex) {
            layout = p.layout();
            layoutIndex = p.index();
        }
        return this;
    }

    RoundSum merge(RoundSum o) {
        shared.merge(o.shared);
        extra.merge(o.extra);
        own.putAll(o.own);
        errors.putAll(o.errors);
        slowest = Math.max(slowest, o.slowest);
        valuesUp += o.valuesUp;
        if (o.layout != null && o.layoutIndex < layoutIndex) {
            layout = o.layout;
            layoutIndex = o.layoutIndex;
        }
        return this;
    }

    /** The shared state whose arrays are {@code flat} laid out as {@link #layout}'s. */
    static StateData unflatten(StateData layout, double[] flat) {
        StateData s = new StateData();
        int at = 0;
        for (Map.Entry<String, int[]> e : layout.shapes.entrySet()) {
            int n = 1;
            for (int d : e.getValue()) {
                n *= d;
            }
            double[] v = new double[n];
            System.arraycopy(flat, at, v, 0, n);
            at += n;
            s.shapes.put(e.getKey(), e.getValue());
            s.values.put(e.getKey(), v);
        }
        if (at != flat.length) {
            throw new IllegalStateException(flat.length + " averaged values for a state of " + at);
        }
        s.longs.putAll(layout.longs);
        s.texts.putAll(layout.texts);
        return s;
    }

    /** The arrays of a state one after another, each value times {@code weight}. */
    static double[] flatten(StateData s, double weight) {
        int n = 0;
        for (double[] v : s.values.values()) {
            n += v.length;
        }
        double[] flat = new double[n];
        int at = 0;
        for (double[] v : s.values.values()) {
            for (int i = 0; i < v.length; i++) {
                flat[at + i] = v[i] * weight;
            }
            at += v.length;
        }
        return flat;
    }

    /** The names, shapes and integers of a state, without its arrays' values. */
    static StateData layoutOf(StateData s) {
        StateData l = new StateData();
        l.shapes.putAll(s.shapes);
        l.longs.putAll(s.longs);
        l.texts.putAll(s.texts);
        return l;
    }
}
