package io.github.dbn4j.core.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Named arrays read from a model file, taken one by one with checks of presence, rank, shape,
 * dtype and finiteness; {@link #finish()} then rejects any array that was not taken. Every
 * problem is a {@link ModelFileException} naming the file and the array.
 */
final class NamedArrays {

    /** A 2-D array of doubles. */
    record Matrix(int rows, int cols, double[] values) {
    }

    private final Path file;
    private final Map<String, NpyArray> arrays;
    private final Set<String> taken = new HashSet<>();

    NamedArrays(Path file, Map<String, NpyArray> arrays) {
        this.file = file;
        this.arrays = arrays;
    }

    Path file() {
        return file;
    }

    boolean has(String name) {
        return arrays.containsKey(name);
    }

    ModelFileException error(String problem) {
        return new ModelFileException(file, problem);
    }

    private NpyArray take(String name) {
        NpyArray a = arrays.get(name);
        if (a == null) {
            throw error("missing array '" + name + "'");
        }
        taken.add(name);
        return a;
    }

    /** A 2-D array; {@code what} describes its orientation, e.g. "visible x hidden". */
    Matrix matrix(String name, String what) {
        NpyArray a = take(name);
        if (a.rank() != 2) {
            throw error("array '" + name + "' has shape " + a.shapeString() + " but must be 2-D (" + what + ")");
        }
        int[] s = a.shapeView();
        return new Matrix(s[0], s[1], finite(name, a));
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
        NpyArray a = take(name);
        if (a.rank() != 1 || a.size() != length) {
            throw error("array '" + name + "' has shape " + a.shapeString() + " but must be (" + length + ",) ("
                    + what + ")");
        }
        return finite(name, a);
    }

    /** An integer of shape {@code ()} or {@code (1,)}. */
    long scalar(String name) {
        NpyArray a = take(name);
        if (!a.isInteger()) {
            throw error("array '" + name + "' has dtype '" + a.dtype() + "' but must be an integer (int64)");
        }
        if (a.rank() > 1 || a.size() != 1) {
            throw error("array '" + name + "' has shape " + a.shapeString() + " but must hold one value, shape (1,)");
        }
        return a.longsView()[0];
    }

    /** A flag stored as an integer 0 or 1. */
    boolean flag(String name) {
        long v = scalar(name);
        if (v != 0 && v != 1) {
            throw error("array '" + name + "' is " + v + " but must be 0 or 1");
        }
        return v == 1;
    }

    private double[] finite(String name, NpyArray a) {
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
        for (String name : arrays.keySet()) {
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
