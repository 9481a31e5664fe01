package io.github.dbn4j.core.dbn;

import io.github.dbn4j.core.internal.Labels;

/**
 * Classification results: error rate and confusion matrix ({@code confusion[truth][predicted]}).
 */
public record Evaluation(int cases, int errors, int[][] confusion) {

    /** Compares predictions with the truth over {@code classes} classes. */
    public static Evaluation of(int[] truth, int[] predicted, int classes) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " labels but " + predicted.length + " predictions");
        }
        int[][] confusion = new int[classes][classes];
        int errors = 0;
        for (int i = 0; i < truth.length; i++) {
            io.github.dbn4j.core.internal.Labels.check(truth, i, classes);
            confusion[truth[i]][predicted[i]]++;
            errors += truth[i] != predicted[i] ? 1 : 0;
        }
        return new Evaluation(truth.length, errors, confusion);
    }

    /** Fraction of cases classified wrongly. */
    public double errorRate() {
        return cases == 0 ? Double.NaN : (double) errors / cases;
    }
}
