package io.github.dbn4j.core.internal;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;

/** Class labels as one-hot rows. */
public final class Labels {

    private Labels() {
    }

    /**
     * A {@code labels.length x classes} matrix with a single 1 per row, in the label's column.
     *
     * @throws IllegalArgumentException naming the index and value of a label outside {@code [0, classes)}
     */
    public static Matrix oneHot(Backend backend, int[] labels, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        }
        double[] v = new double[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            check(labels, i, classes);
            v[i * classes + labels[i]] = 1;
        }
        return backend.fromArray(labels.length, classes, v);
    }

    /** Throws unless {@code labels[i]} is in {@code [0, classes)}, naming the label and its index. */
    public static void check(int[] labels, int i, int classes) {
        if (labels[i] < 0 || labels[i] >= classes) {
            throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is outside 0.."
                    + (classes - 1));
        }
    }

    /**
     * Throws unless {@code labels[i]} is in {@code [0, classes)}, naming the label and what it
     * labels, e.g. {@code "label 4 of row 7 is outside 0..3"} for {@code item} "row".
     */
    public static void check(int[] labels, int i, int classes, String item) {
        if (labels[i] < 0 || labels[i] >= classes) {
            throw new IllegalArgumentException("label " + labels[i] + " of " + item + " " + i + " is outside 0.."
                    + (classes - 1));
        }
    }

    /** Row-wise argmax of an {@code n x classes} matrix (ties to the lower index). */
    public static int[] argmax(Backend backend, Matrix scores) {
        double[] s = backend.toArray(scores);
        int c = scores.cols();
        int[] out = new int[scores.rows()];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (s[i * c + j] > s[i * c + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
