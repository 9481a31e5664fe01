package io.github.dbn4j.core.rbm;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.core.BatchSource;

/**
 * What {@link RbmTrainer} reads off the training data before the first epoch: the mean of every
 * visible unit and the frequency of every label, and the biases that reproduce them (Hinton's
 * practical guide: a visible bias of {@code log(p / (1 - p))}).
 */
final class StartingPoint {

    /** Probabilities are clipped to [EPS, 1 - EPS] before the log-odds of the initial visible biases. */
    static final double EPS = 1e-3;

    private StartingPoint() {
    }

    /** Log of the label frequencies (the softmax biases that reproduce them), floored at EPS. */
    static double[] labelBias(double[] frequencies) {
        double[] bias = new double[frequencies.length];
        for (int j = 0; j < bias.length; j++) {
            bias[j] = Math.log(Math.max(EPS, frequencies[j]));
        }
        return bias;
    }

    /** The fraction of cases of each label. */
    static double[] labelFrequencies(Backend backend, BatchSource labelSource) {
        double[] s = labelCounts(backend, labelSource);
        double[] f = new double[s.length];
        for (int j = 0; j < s.length; j++) {
            f[j] = s[j] / labelSource.rows();
        }
        return f;
    }

    /** How many of the one-hot label rows hold each label. */
    static double[] labelCounts(Backend backend, BatchSource labelSource) {
        int labels = labelSource.cols();
        Matrix all = backend.create(labelSource.rows(), labels);
        int[] idx = new int[labelSource.rows()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        labelSource.fill(idx, 0, all);
        Matrix col = backend.create(1, labels);
        backend.sumColumns(all, col);
        return backend.toArray(col);
    }

    /** Log-odds of the column means (Bernoulli) or the column means (Gaussian). */
    static double[] visibleBias(VisibleUnits units, double[] means) {
        double[] bias = new double[means.length];
        for (int j = 0; j < bias.length; j++) {
            if (units == VisibleUnits.BERNOULLI) {
                double p = Math.min(1 - EPS, Math.max(EPS, means[j]));
                bias[j] = Math.log(p / (1 - p));
            } else {
                bias[j] = means[j];
            }
        }
        return bias;
    }

    /** The mean of every column over all cases, summed in chunks of 1,000 rows. */
    static double[] columnMeans(Backend backend, BatchSource source) {
        double[] sums = columnSums(backend, source);
        double[] means = new double[sums.length];
        for (int j = 0; j < sums.length; j++) {
            means[j] = sums[j] / source.rows();
        }
        return means;
    }

    /** The column sums of the cases, summed in chunks of 1,000 rows in order (the sums of {@link #columnMeans}). */
    static double[] columnSums(Backend backend, BatchSource source) {
        int visible = source.cols();
        double[] sums = new double[visible];
        int chunk = Math.min(1000, source.rows());
        Matrix buf = backend.create(chunk, visible);
        Matrix col = backend.create(1, visible);
        int[] idx = new int[source.rows()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        for (int start = 0; start < source.rows(); start += chunk) {
            int rows = Math.min(chunk, source.rows() - start);
            Matrix b = rows == chunk ? buf : backend.create(rows, visible);
            source.fill(idx, start, b);
            backend.sumColumns(b, col);
            double[] s = backend.toArray(col);
            for (int j = 0; j < visible; j++) {
                sums[j] += s[j];
            }
        }
        return sums;
    }
}
