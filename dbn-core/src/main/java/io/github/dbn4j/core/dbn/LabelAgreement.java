package io.github.dbn4j.core.dbn;

import io.github.dbn4j.api.Matrix;

/**
 * How well generated digits show their clamped label: the fraction of samples that a classifier
 * (normally the DBN's own fine-tuned one) assigns to the label they were generated with. A DBN
 * whose associative memory ignores its label units scores about {@code 1 / classes}.
 */
public final class LabelAgreement {

    private LabelAgreement() {
    }

    /**
     * The fraction of rows of {@code images} that {@code classifier} assigns to the matching
     * entry of {@code labels}.
     *
     * @param images one generated case per row (e.g. the bottom layer's probabilities)
     * @param labels the clamped label of each row
     * @throws IllegalArgumentException if the counts differ or there are no rows
     */
    public static double of(ClassifierEngine classifier, Matrix images, int[] labels) {
        if (labels.length != images.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + images.rows() + " generated cases");
        }
        return of(classifier.predict(images), labels);
    }

    /** The fraction of positions where {@code predicted} equals {@code labels}. */
    public static double of(int[] predicted, int[] labels) {
        if (predicted.length != labels.length || labels.length == 0) {
            throw new IllegalArgumentException("need as many predictions as labels, and at least one: got "
                    + predicted.length + " and " + labels.length);
        }
        int agree = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                agree++;
            }
        }
        return (double) agree / labels.length;
    }
}
