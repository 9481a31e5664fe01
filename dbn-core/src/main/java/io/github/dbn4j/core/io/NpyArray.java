package io.github.dbn4j.core.io;

import java.util.Arrays;

/**
 * An array read from or written to a NumPy {@code .npy} file: a shape of rank 0, 1 or 2 (C
 * order) and its values, held as {@code double}s for floating-point dtypes and as {@code long}s
 * for integer dtypes. Immutable.
 *
 * <p>{@link #dtype()} is the NumPy type string of the file it was read from (e.g. {@code "<f4"});
 * arrays made here are {@code "<f8"}, {@code "<f4"} (by {@link #ofFloats}) or {@code "<i8"}. {@link Npy}
 * writes float32 arrays made by {@link #ofFloats} as {@code "<f4"}, every other floating-point
 * array as {@code "<f8"} and integer arrays as {@code "<i8"}.
 */
public final class NpyArray {

    /** The dtype of the arrays made by {@link #ofDoubles}: little-endian float64. */
    public static final String FLOAT64 = "<f8";
    /** The dtype of the arrays made by {@link #ofFloats}: little-endian float32. */
    public static final String FLOAT32 = "<f4";
    /** The dtype of the arrays made by {@link #ofLongs}: little-endian int64. */
    public static final String INT64 = "<i8";
    /** NumPy's dtype string for unsigned bytes (read as longs). */
    public static final String UINT8 = "|u1";

    private final String dtype;
    private final int[] shape;
    private final double[] doubles;
    private final long[] longs;
    private final boolean writeFloat32;

    private NpyArray(String dtype, int[] shape, double[] doubles, long[] longs) {
        this(dtype, shape, doubles, longs, false);
    }

    private NpyArray(String dtype, int[] shape, double[] doubles, long[] longs, boolean writeFloat32) {
        this.writeFloat32 = writeFloat32;
        this.dtype = dtype;
        this.shape = shape;
        this.doubles = doubles;
        this.longs = longs;
    }

    /**
     * A float64 array.
     *
     * @param values the values in C order (copied)
     * @param shape  the shape, rank 0 to 2, whose product is {@code values.length}
     * @throws IllegalArgumentException if the shape does not fit the values
     */
    public static NpyArray ofDoubles(double[] values, int... shape) {
        checkShape(values == null ? -1 : values.length, shape);
        return new NpyArray(FLOAT64, shape.clone(), values.clone(), null);
    }

    /**
     * A float32 array: the values rounded to float, written as {@code "<f4"}.
     *
     * @param values the values in C order (copied, then rounded to the nearest float)
     * @param shape  the shape, rank 0 to 2, whose product is {@code values.length}
     * @throws IllegalArgumentException if the shape does not fit the values
     */
    public static NpyArray ofFloats(double[] values, int... shape) {
        checkShape(values == null ? -1 : values.length, shape);
        double[] rounded = new double[values.length];
        for (int i = 0; i < rounded.length; i++) {
            rounded[i] = (float) values[i];
        }
        return new NpyArray(FLOAT32, shape.clone(), rounded, null, true);
    }

    /** Whether {@link Npy} writes this array as float32 (made by {@link #ofFloats}). */
    boolean writesFloat32() {
        return writeFloat32;
    }

    /**
     * An int64 array.
     *
     * @param values the values in C order (copied)
     * @param shape  the shape, rank 0 to 2, whose product is {@code values.length}
     * @throws IllegalArgumentException if the shape does not fit the values
     */
    public static NpyArray ofLongs(long[] values, int... shape) {
        checkShape(values == null ? -1 : values.length, shape);
        return new NpyArray(INT64, shape.clone(), null, values.clone());
    }

    /** Wraps arrays read from a file without copying them (the caller hands them over). */
    static NpyArray wrap(String dtype, int[] shape, double[] doubles, long[] longs) {
        return new NpyArray(dtype, shape, doubles, longs);
    }

    private static void checkShape(int length, int[] shape) {
        if (length < 0) {
            throw new IllegalArgumentException("values is null");
        }
        if (shape == null || shape.length > 2) {
            throw new IllegalArgumentException("shape must have rank 0, 1 or 2, got "
                    + (shape == null ? "null" : shapeString(shape)));
        }
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + shapeString(shape) + " has a negative dimension");
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + shapeString(shape) + " holds " + n + " values but "
                    + length + " were given");
        }
    }

    /** The NumPy type string, e.g. {@code "<f8"}, {@code "<i4"} or {@code "|u1"}. */
    public String dtype() {
        return dtype;
    }

    /** Whether the values are integers (an integer dtype). */
    public boolean isInteger() {
        return longs != null;
    }

    /** The shape (a copy); empty for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions: 0 (scalar), 1 or 2. */
    public int rank() {
        return shape.length;
    }

    /** Number of values. */
    public int size() {
        return isInteger() ? longs.length : doubles.length;
    }

    /** The values in C order as doubles (a copy; integers are converted). */
    public double[] doubles() {
        if (doubles != null) {
            return doubles.clone();
        }
        double[] d = new double[longs.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = longs[i];
        }
        return d;
    }

    /**
     * The values in C order as longs (a copy).
     *
     * @throws IllegalStateException if the dtype is not an integer type
     */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException("a " + dtype + " array has no integer values");
        }
        return longs.clone();
    }

    /** The values without copying, for this package's own readers and writers (do not modify). */
    double[] doublesView() {
        return doubles != null ? doubles : doubles();
    }

    /** The integer values without copying, or null for a floating-point array (do not modify). */
    long[] longsView() {
        return longs;
    }

    /** The shape without copying (do not modify). */
    int[] shapeView() {
        return shape;
    }

    /** The shape as NumPy prints it, e.g. {@code (3, 2)}, {@code (4,)} or {@code ()}. */
    public String shapeString() {
        return shapeString(shape);
    }

    static String shapeString(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** Equal dtype, shape and values (compared bit for bit, so NaN equals NaN). */
    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && a.dtype.equals(dtype) && Arrays.equals(a.shape, shape)
                && Arrays.equals(a.doubles, doubles) && Arrays.equals(a.longs, longs);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + (doubles != null ? Arrays.hashCode(doubles) : Arrays.hashCode(longs));
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype + " " + shapeString() + "]";
    }
}
