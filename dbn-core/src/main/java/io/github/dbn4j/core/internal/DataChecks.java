package io.github.dbn4j.core.internal;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;

/** Validation of training and evaluation data, with messages that name the offending value. */
public final class DataChecks {

    private static final int CHUNK = 1000;

    /** What values a data set may hold. */
    public enum Domain {
        /** Any finite value (Gaussian units). */
        REAL,
        /** Values in [0, 1], used as probabilities (Bernoulli units, lenient). */
        UNIT_INTERVAL,
        /** Exactly 0 or 1 (Bernoulli units, strict). */
        BINARY
    }

    private DataChecks() {
    }

    /**
     * Checks width and values of {@code data}.
     *
     * @param name  what the data is, for messages ("training data", "held-out data")
     * @param width the required number of columns
     * @throws IllegalArgumentException naming the row, column and value of the first bad entry
     */
    public static void check(Backend backend, Matrix data, int width, Domain domain, String name) {
        if (data.cols() != width) {
            throw new IllegalArgumentException(name + " is " + data.shape() + " but the model expects " + width
                    + " values per case: widths must match");
        }
        for (int start = 0; start < data.rows(); start += CHUNK) {
            int rows = Math.min(CHUNK, data.rows() - start);
            double[] values;
            if (start == 0 && rows == data.rows()) {
                values = backend.toArray(data);
            } else {
                int[] idx = new int[rows];
                for (int i = 0; i < rows; i++) {
                    idx[i] = start + i;
                }
                Matrix chunk = backend.create(rows, data.cols());
                backend.gatherRows(data, idx, 0, chunk);
                values = backend.toArray(chunk);
            }
            for (int k = 0; k < values.length; k++) {
                double v = values[k];
                String bad = null;
                if (!Double.isFinite(v)) {
                    bad = "is " + v + " (data must be finite)";
                } else if (domain == Domain.UNIT_INTERVAL && (v < 0 || v > 1)) {
                    bad = "is " + v + ", outside [0, 1] (Bernoulli units need probabilities; scale the data or use "
                            + "Gaussian units)";
                } else if (domain == Domain.BINARY && v != 0 && v != 1) {
                    bad = "is " + v + ", not 0 or 1 (strict binary checking is on; binarise the data or turn it off)";
                }
                if (bad != null) {
                    throw new IllegalArgumentException(name + ": row " + (start + k / data.cols()) + ", column "
                            + (k % data.cols()) + " " + bad);
                }
            }
        }
    }
}
