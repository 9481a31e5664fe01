package io.github.dbn4j.core;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The complete state of a training run at one point, as named entries: real arrays with their
 * shapes, integers and texts. Trainers write their parameters, momentum buffers, persistent
 * chains, random-stream positions and counters into it, and read them back to resume; a
 * {@link CheckpointStore} keeps it on disk.
 *
 * <p>Values round-trip exactly: matrices of either precision are held as doubles (a float32 value
 * is exactly representable), and real scalars are held by their bit patterns.
 *
 * <p>{@link #scoped(String)} gives a view in which every name carries a prefix, so nested
 * trainers cannot collide. Reading a missing entry or an array of the wrong shape throws
 * {@link IllegalStateException} naming the entry and where the state came from.
 */
public final class TrainingState {

    /** A real array and its shape. */
    public record Array(int[] shape, double[] values) {
    }

    private final Map<String, Array> arrays;
    private final Map<String, Long> longs;
    private final Map<String, String> texts;
    private final String prefix;
    private final String origin;

    /** An empty state. */
    public TrainingState() {
        this("a training state");
    }

    /** An empty state; {@code origin} (e.g. a file name) is named in errors about it. */
    public TrainingState(String origin) {
        this(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), "", origin);
    }

    private TrainingState(Map<String, Array> arrays, Map<String, Long> longs, Map<String, String> texts,
                          String prefix, String origin) {
        this.arrays = arrays;
        this.longs = longs;
        this.texts = texts;
        this.prefix = prefix;
        this.origin = origin;
    }

    /** A view of the entries under {@code prefix + name}, sharing this state's storage. */
    public TrainingState scoped(String name) {
        return new TrainingState(arrays, longs, texts, prefix + name + "/", origin);
    }

    /** Where this state came from, for messages. */
    public String origin() {
        return origin;
    }

    // ---- writing

    public TrainingState put(String name, Backend backend, Matrix m) {
        arrays.put(prefix + name, new Array(new int[] {m.rows(), m.cols()}, backend.toArray(m)));
        return this;
    }

    public TrainingState putArray(String name, double[] values, int... shape) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException(prefix + name + ": " + values.length + " values for shape "
                    + java.util.Arrays.toString(shape));
        }
        arrays.put(prefix + name, new Array(shape.clone(), values.clone()));
        return this;
    }

    public TrainingState putLong(String name, long value) {
        longs.put(prefix + name, value);
        return this;
    }

    /** Stores a double exactly (by its bits). */
    public TrainingState putDouble(String name, double value) {
        return putLong(name + "#f64", Double.doubleToRawLongBits(value));
    }

    public TrainingState putText(String name, String value) {
        texts.put(prefix + name, value);
        return this;
    }

    /** Stores named reals (names and values, in the map's order), read back by {@link #getValues}. */
    public TrainingState putValues(String name, Map<String, Double> values) {
        putText(name + "/names", String.join("\n", values.keySet()));
        return putArray(name + "/values", values.values().stream().mapToDouble(Double::doubleValue).toArray(),
                values.size());
    }

    /** Copies every entry of {@code other} (all of its storage, whatever its scope) under this view's prefix. */
    public TrainingState putAll(TrainingState other) {
        other.arrays.forEach((k, v) -> arrays.put(prefix + k, v));
        other.longs.forEach((k, v) -> longs.put(prefix + k, v));
        other.texts.forEach((k, v) -> texts.put(prefix + k, v));
        return this;
    }

    // ---- reading

    public boolean has(String name) {
        String key = prefix + name;
        return arrays.containsKey(key) || longs.containsKey(key) || texts.containsKey(key)
                || longs.containsKey(key + "#f64");
    }

    /** Whether any entry lies under {@code name/} in this view. */
    public boolean hasScope(String name) {
        String p = prefix + name + "/";
        return arrays.keySet().stream().anyMatch(k -> k.startsWith(p)) || longs.keySet().stream()
                .anyMatch(k -> k.startsWith(p)) || texts.keySet().stream().anyMatch(k -> k.startsWith(p));
    }

    /** Sets {@code into} (on {@code backend}) from the array {@code name}, which must have its shape. */
    public void get(String name, Backend backend, Matrix into) {
        Array a = array(name);
        if (a.shape().length != 2 || a.shape()[0] != into.rows() || a.shape()[1] != into.cols()) {
            throw problem("'" + prefix + name + "' has shape " + java.util.Arrays.toString(a.shape()) + " but "
                    + into.rows() + " x " + into.cols() + " is needed (was it written with other settings?)");
        }
        backend.set(into, a.values());
    }

    public Array array(String name) {
        Array a = arrays.get(prefix + name);
        if (a == null) {
            throw problem("no array '" + prefix + name + "'");
        }
        return a;
    }

    /** The array {@code name}, which must hold {@code length} values. */
    public double[] values(String name, int length) {
        Array a = array(name);
        if (a.values().length != length) {
            throw problem("'" + prefix + name + "' has " + a.values().length + " values but " + length
                    + " are needed (was it written with other settings?)");
        }
        return a.values().clone();
    }

    /** The named reals {@link #putValues} stored, in their order. */
    public Map<String, Double> getValues(String name) {
        String names = getText(name + "/names");
        String[] keys = names.isEmpty() ? new String[0] : names.split("\n", -1);
        double[] v = values(name + "/values", keys.length);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            out.put(keys[i], v[i]);
        }
        return out;
    }

    public long getLong(String name) {
        Long v = longs.get(prefix + name);
        if (v == null) {
            throw problem("no integer '" + prefix + name + "'");
        }
        return v;
    }

    /** An integer that must lie in [min, max]. */
    public int getInt(String name, int min, int max) {
        long v = getLong(name);
        if (v < min || v > max) {
            throw problem("'" + prefix + name + "' is " + v + " but must lie in [" + min + ", " + max + "]");
        }
        return (int) v;
    }

    public double getDouble(String name) {
        return Double.longBitsToDouble(getLong(name + "#f64"));
    }

    public String getText(String name) {
        String v = texts.get(prefix + name);
        if (v == null) {
            throw problem("no text '" + prefix + name + "'");
        }
        return v;
    }

    public IllegalStateException problem(String what) {
        return new IllegalStateException(origin + ": " + what);
    }

    // ---- whole-state access for stores

    /** Every array, by full name. */
    public Map<String, Array> arrays() {
        return Collections.unmodifiableMap(arrays);
    }

    /** Every integer, by full name. */
    public Map<String, Long> longs() {
        return Collections.unmodifiableMap(longs);
    }

    /** Every text, by full name. */
    public Map<String, String> texts() {
        return Collections.unmodifiableMap(texts);
    }

    /** A state holding the given entries (for stores reading a file). */
    public static TrainingState of(String origin, Map<String, Array> arrays, Map<String, Long> longs,
                                   Map<String, String> texts) {
        return new TrainingState(new LinkedHashMap<>(arrays), new LinkedHashMap<>(longs), new LinkedHashMap<>(texts),
                "", origin);
    }

    /** A detached copy of this view's entries, with this view's prefix removed. */
    public TrainingState copy() {
        TrainingState c = new TrainingState(origin);
        arrays.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                c.arrays.put(k.substring(prefix.length()), new Array(v.shape().clone(), v.values().clone()));
            }
        });
        longs.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                c.longs.put(k.substring(prefix.length()), v);
            }
        });
        texts.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                c.texts.put(k.substring(prefix.length()), v);
            }
        });
        return c;
    }

    /** The entry names of this view, sorted (for messages and tests). */
    public Set<String> names() {
        Set<String> s = new TreeSet<>();
        for (String k : arrays.keySet()) {
            add(s, k);
        }
        for (String k : longs.keySet()) {
            add(s, k);
        }
        for (String k : texts.keySet()) {
            add(s, k);
        }
        return s;
    }

    private void add(Set<String> s, String k) {
        if (k.startsWith(prefix)) {
            s.add(k.substring(prefix.length()));
        }
    }
}
