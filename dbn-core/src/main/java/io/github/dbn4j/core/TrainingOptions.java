package io.github.dbn4j.core;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import java.util.List;
import java.util.Objects;

/**
 * How a training runs, beside what it trains: the held-out data it is judged on, its
 * {@link TrainingControl} (checkpoints, resuming, stop requests, divergence policy) and its
 * listeners. Immutable; start from {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * TrainingOptions.defaults().withHeldOut(xVal, yVal).withListeners(history)
 * }</pre>
 *
 * <p>The held-out rows are given either as Java arrays ({@code heldOut}) or as a matrix already on
 * the trainer's backend ({@code heldOutMatrix}), never both; {@link #heldOutOn(Backend)} gives
 * them as a matrix either way.
 *
 * @param heldOut       held-out rows (free energy of an RBM, early stopping of back-propagation),
 *                      or null
 * @param heldOutMatrix held-out rows as a matrix on the trainer's backend, or null; at most one of
 *                      {@code heldOut} and {@code heldOutMatrix} is given
 * @param heldOutLabels the class of each held-out row, or null (needed for early stopping)
 * @param control       the control; {@link TrainingControl#none()} for a plain run
 * @param listeners     told of every epoch
 */
public record TrainingOptions(double[][] heldOut, Matrix heldOutMatrix, int[] heldOutLabels, TrainingControl control,
                              List<TrainingListener> listeners) {

    /**
     * Checks and keeps the options.
     *
     * @throws IllegalArgumentException if held-out rows are given both as arrays and as a matrix,
     *                                  or if there are held-out labels but not one for each
     *                                  held-out row
     */
    public TrainingOptions {
        Objects.requireNonNull(control, "control");
        listeners = List.copyOf(listeners);
        if (heldOut != null && heldOutMatrix != null) {
            throw new IllegalArgumentException("held-out rows are given both as arrays and as a matrix; give one");
        }
        if (heldOutMatrix != null) {
            if (heldOutLabels != null && heldOutLabels.length != heldOutMatrix.rows()) {
                throw new IllegalArgumentException("heldOutLabels has " + heldOutLabels.length
                        + " labels but heldOutMatrix has " + heldOutMatrix.rows() + " rows");
            }
        } else if (heldOutLabels != null && (heldOut == null || heldOutLabels.length != heldOut.length)) {
            throw new IllegalArgumentException("heldOutLabels has " + heldOutLabels.length + " labels but heldOut has "
                    + (heldOut == null ? "no rows" : heldOut.length + " rows"));
        }
    }

    /** No held-out data, no control, no listeners. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(null, null, null, TrainingControl.none(), List.of());
    }

    /**
     * With held-out rows and, for early stopping of a classifier, their classes (may be null),
     * replacing any held-out rows and classes before.
     */
    public TrainingOptions withHeldOut(double[][] rows, int[] labels) {
        return new TrainingOptions(rows, null, labels, control, listeners);
    }

    /**
     * With held-out rows that are already a matrix on the trainer's backend and, for early
     * stopping of a classifier, their classes (may be null), replacing any held-out rows and
     * classes before.
     */
    public TrainingOptions withHeldOut(Matrix rows, int[] labels) {
        return new TrainingOptions(null, rows, labels, control, listeners);
    }

    /**
     * The held-out rows as a matrix on {@code backend}: {@link #heldOutMatrix()} as it is, or
     * {@link #heldOut()} copied onto the backend; null when there are none.
     *
     * @throws IllegalArgumentException if the held-out arrays have no rows, a row is null, or the
     *                                  rows differ in length (naming the row)
     */
    public Matrix heldOutOn(Backend backend) {
        if (heldOutMatrix != null) {
            return heldOutMatrix;
        }
        return heldOut == null ? null : matrix(backend, heldOut, "held-out data");
    }

    /** With a control: checkpoints, resuming, stop requests, divergence policy. */
    public TrainingOptions withControl(TrainingControl c) {
        return new TrainingOptions(heldOut, heldOutMatrix, heldOutLabels, c, listeners);
    }

    /** With these listeners (replacing any before). */
    public TrainingOptions withListeners(TrainingListener... ls) {
        return new TrainingOptions(heldOut, heldOutMatrix, heldOutLabels, control, List.of(ls));
    }

    /** The listeners as an array, the form the trainers take. */
    public TrainingListener[] listenerArray() {
        return listeners.toArray(TrainingListener[]::new);
    }

    /**
     * Rows of values as a matrix on a backend.
     *
     * @param what names the rows in messages, e.g. "training data"
     * @throws IllegalArgumentException if there are no rows, a row is null, or the rows differ in
     *                                  length (naming the row)
     */
    public static Matrix matrix(Backend backend, double[][] rows, String what) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException(what + " has no rows");
        }
        int width = width(rows.length, i -> rows[i] == null ? -1 : rows[i].length, what);
        Matrix m = backend.create(rows.length, width);
        for (int i = 0; i < rows.length; i++) {
            backend.setRows(m, i, rows[i]);
        }
        return m;
    }

    /** As {@link #matrix(Backend, double[][], String)}, from floats. */
    public static Matrix matrix(Backend backend, float[][] rows, String what) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException(what + " has no rows");
        }
        int width = width(rows.length, i -> rows[i] == null ? -1 : rows[i].length, what);
        Matrix m = backend.create(rows.length, width);
        double[] row = new double[width];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < width; j++) {
                row[j] = rows[i][j];
            }
            backend.setRows(m, i, row);
        }
        return m;
    }

    /** The common length of the rows, checked: none null, none empty, all equal. */
    private static int width(int rows, java.util.function.IntUnaryOperator length, String what) {
        int width = length.applyAsInt(0);
        for (int i = 0; i < rows; i++) {
            int n = length.applyAsInt(i);
            if (n < 0) {
                throw new IllegalArgumentException(what + ": row " + i + " is null");
            }
            if (n == 0) {
                throw new IllegalArgumentException(what + ": row " + i + " has no values");
            }
            if (n != width) {
                throw new IllegalArgumentException(what + ": row " + i + " has " + n + " values but row 0 has "
                        + width);
            }
        }
        return width;
    }
}
