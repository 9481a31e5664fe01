package io.github.dbn4j.core.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named arrays read from a model file, taken one by one with checks of presence, rank, shape,
 * dtype and finiteness; {@link #finish()} then rejects any array that was not taken. Every
 * problem is a {@link ModelFileException} naming the file and the array.
 *
 * <p>Built from {@link #ofLayouts layouts} (the dtypes and shapes of an archive's headers), the
 * same checks run before any parameter is read: every accessor checks the shape and returns
 * null values, and {@link #shapesOnly()} tells the model builders to build nothing. Small
 * metadata arrays given beside the layouts keep their values.
 */
final class NamedArrays {

    /** A 2-D array of doubles; {@code values} is null when only shapes are checked. */
    record Matrix(int rows, int cols, double[] values) {
    }

    /** What is known of an array without reading it. */
    private record Layout(int[] shape, String dtype, boolean integer) {
        int size() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final Path file;
    private final Map<String, Layout> layouts = new LinkedHashMap<>();
    private final Map<String, NpyArray> arrays;
    private final boolean shapesOnly;
    private final Set<String> taken = new HashSet<>();

    NamedArrays(Path file, Map<String, NpyArray> arrays) {
        this.file = file;
        this.arrays = arrays;
        this.shapesOnly = false;
        arrays.forEach((name, a) -> layouts.put(name, new Layout(a.shapeView(), a.dtype(), a.isInteger())));
    }

    private NamedArrays(Path file, Map<String, Npy.Layout> headers, Map<String, NpyArray> metadata) {
        this.file = file;
        this.arrays = metadata;
        this.shapesOnly = true;
        headers.forEach((name, h) -> layouts.put(name, new Layout(h.shape(), h.descr(), !h.dtype().floating)));
    }

    /**
     * The arrays of an archive known by their headers alone, with the values of the few small
     * arrays in {@code metadata}.
     */
    static NamedArrays ofLayouts(Path file, Map<String, Npy.Layout> headers, Map<String, NpyArray> metadata) {
        return new NamedArrays(file, headers, metadata);
    }

    /** Whether only names and shapes are checked: the builders then return null. */
    boolean shapesOnly() {
        return shapesOnly;
    }

    Path file() {
        return file;
    }

    boolean has(String name) {
        return layouts.containsKey(name);
    }

    ModelFileException error(String problem) {
        return new ModelFileException(file, problem);
    }

    private Layout take(String name) {
        Layout a = layouts.get(name);
        if (a == null) {
            throw error("missing array '" + name + "'");
        }
        taken.add(name);
        return a;
    }

    /** A 2-D array; {@code what} describes its orientation, e.g. "visible x hidden". */
    Matrix matrix(String name, String what) {
        Layout a = take(name);
        if (a.shape().length != 2) {
            throw error("array '" + name + "' has shape " + NpyArray.shapeString(a.shape()) + " but must be 2-D ("
                    + what + ")");
        }
        return new Matrix(a.shape()[0], a.shape()[1], finite(name));
    }

    /** A 2-D array of exactly {@code rows x cols}. */
    Matrix matrix(String name, int rows, int cols, String what) {
        Matrix m = matrix(name, what);
        if (m.rows() != rows || m.cols() != cols) {
            throw error("array '" + name + "' has shape (" + m.rows() + ", " + m.cols() + ") but must be (" + rows
                    + ", " + cols + ") (" + what + ")");
        }
        return m;
    }

    /** A 1-D array of exactly {@code length} values; {@code what} says what they are. */
    double[] vector(String name, int length, String what) {
        Layout a = take(name);
        if (a.shape().length != 1 || a.size() != length) {
            throw error("array '" + name + "' has shape " + NpyArray.shapeString(a.shape()) + " but must be ("
                    + length + ",) (" + what + ")");
        }
        return finite(name);
    }

    /** An integer of shape {@code ()} or {@code (1,)}; 0 if only the layout is known. */
    long scalar(String name) {
        Layout a = take(name);
        if (!a.integer()) {
            throw error("array '" + name + "' has dtype '" + a.dtype() + "' but must be an integer (int64)");
        }
        if (a.shape().length > 1 || a.size() != 1) {
            throw error("array '" + name + "' has shape " + NpyArray.shapeString(a.shape())
                    + " but must hold one value, shape (1,)");
        }
        NpyArray values = arrays.get(name);
        return values == null ? 0 : values.longsView()[0];
    }

    /** A flag stored as an integer 0 or 1. */
    boolean flag(String name) {
        long v = scalar(name);
        if (v != 0 && v != 1) {
            throw error("array '" + name + "' is " + v + " but must be 0 or 1");
        }
        return v == 1;
    }

    /** The values, checked finite; null if only the layout is known. */
    private double[] finite(String name) {
        NpyArray a = arrays.get(name);
        if (a == null) {
            return null;
        }
        double[] v = a.doublesView();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw error("array '" + name + "' value " + i + " is " + v[i] + ": parameters must be finite");
            }
        }
        return v;
    }

    /** Rejects the arrays that were not taken. */
    void finish() {
        List<String> left = new ArrayList<>();
        for (String name : layouts.keySet()) {
            if (!taken.contains(name)) {
                left.add(name);
            }
        }
        if (!left.isEmpty()) {
            throw error("unexpected arrays " + left + " (layers and classifier layers must be numbered from 0 "
                    + "without gaps, and only the documented names may appear)");
        }
    }
}
