package io.github.dbn4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks behind {@link TrainingWarning}s: plain arithmetic on a layer's figures after an epoch,
 * so that a layer that learned nothing, or a classifier at chance, is reported rather than passed on
 * silently.
 */
public final class LearningHealth {

    /** A reconstruction cost at or above {@code (1 - margin)} times the no-information cost is "no information". */
    public static final double NO_INFORMATION_MARGIN = 0.01;
    /** A hidden probability below this, or above one minus it, is saturated. */
    public static final double SATURATION = 0.01;
    /** The share of hidden units stuck (saturated the same way for every case) that is reported. */
    public static final double STUCK_SHARE = 0.5;
    /** Hidden units whose standard deviation across cases averages below this are "identical across cases". */
    public static final double MIN_SPREAD = 0.01;
    /** A cross-entropy at or above {@code (1 - margin)} times the chance level is "at chance". */
    public static final double CHANCE_MARGIN = 0.01;
    /** Fewer monitored cases than this say nothing about variation across cases. */
    static final int MIN_CASES = 10;

    private LearningHealth() {
    }

    /**
     * The no-information reconstruction cost per case of Bernoulli units: the cross-entropy of the
     * data against each unit's mean, {@code sum_i H(mean_i)}, the cost of a model that knows only
     * the means (natural log).
     *
     * @param means the mean of each visible unit over the data, each in [0, 1]
     */
    public static double bernoulliNoInformationCost(double[] means) {
        double total = 0;
        for (double m : means) {
            if (m > 0 && m < 1) {
                total -= m * Math.log(m) + (1 - m) * Math.log1p(-m);
            }
        }
        return total;
    }

    /** The entropy per case of Bernoulli inputs given as probabilities, {@code sum_i H(v_i)} averaged over rows. */
    public static double bernoulliDataEntropy(double[] rows, int n, int width) {
        double total = 0;
        for (int k = 0; k < n * width; k++) {
            double v = rows[k];
            if (v > 0 && v < 1) {
                total -= v * Math.log(v) + (1 - v) * Math.log1p(-v);
            }
        }
        return total / n;
    }

    /** The chance cross-entropy of a classifier: the entropy of the class frequencies (natural log). */
    public static double chanceCrossEntropy(int[] labels, int classes) {
        double[] counts = new double[classes];
        for (int y : labels) {
            counts[y]++;
        }
        double h = 0;
        for (double c : counts) {
            if (c > 0) {
                double p = c / labels.length;
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    /**
     * Checks one RBM layer after an epoch.
     *
     * @param stage          the stage name
     * @param epoch          1-based epoch
     * @param reconstruction mean-field reconstruction cost per case of the monitored cases
     * @param noInformation  the no-information cost per case of the same cases
     * @param hidden         hidden probabilities of the monitored cases, row-major {@code cases x units}
     * @param cases          number of monitored cases
     * @param units          number of hidden units
     * @return the warnings, none for a layer that learns
     */
    public static List<TrainingWarning> checkLayer(String stage, int epoch, double reconstruction, double noInformation,
                                                   double[] hidden, int cases, int units) {
        return checkLayer(stage, epoch, reconstruction, noInformation, 0, hidden, cases, units);
    }

    /**
     * {@link #checkLayer(String, int, double, double, double[], int, int)} for inputs that are
     * probabilities rather than bits: even a perfect reconstruction of them costs their own
     * entropy, {@code floor} per case, so the margin applies to the costs above it.
     *
     * @param floor the data's own entropy per case, {@code sum_i H(v_i)} averaged over cases (0 for binary data)
     */
    public static List<TrainingWarning> checkLayer(String stage, int epoch, double reconstruction, double noInformation,
                                                   double floor, double[] hidden, int cases, int units) {
        List<TrainingWarning> out = new ArrayList<>();
        if (noInformation - floor > 0
                && reconstruction - floor >= (1 - NO_INFORMATION_MARGIN) * (noInformation - floor)) {
            String relation = reconstruction > noInformation ? "is above"
                    : String.format(Locale.ROOT, "is within %.0f%% of", 100 * NO_INFORMATION_MARGIN);
            out.add(new TrainingWarning(stage, epoch, TrainingWarning.Kind.NO_INFORMATION, String.format(Locale.ROOT,
                    "reconstruction cost %.4g per case %s the no-information cost %.4g "
                            + "(a model that knows only each unit's mean): the layer has learned nothing",
                    reconstruction, relation, noInformation)));
        }
        int stuck = 0;
        double spread = 0;
        for (int j = 0; j < units; j++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < cases; i++) {
                double p = hidden[i * units + j];
                min = Math.min(min, p);
                max = Math.max(max, p);
                sum += p;
                sq += p * p;
            }
            if (max < SATURATION || min > 1 - SATURATION) {
                stuck++;
            }
            double mean = sum / cases;
            spread += Math.sqrt(Math.max(0, sq / cases - mean * mean));
        }
        spread /= units;
        if (stuck >= STUCK_SHARE * units) {
            out.add(new TrainingWarning(stage, epoch, TrainingWarning.Kind.SATURATED, String.format(Locale.ROOT,
                    "%d of %d hidden units are stuck on or off for all %d monitored cases: the layer has collapsed",
                    stuck, units, cases)));
        }
        if (cases >= MIN_CASES && spread < MIN_SPREAD) {
            out.add(new TrainingWarning(stage, epoch, TrainingWarning.Kind.IDENTICAL, String.format(Locale.ROOT,
                    "hidden probabilities vary by %.2g on average across %d cases: the layer gives every input "
                            + "the same features", spread, cases)));
        }
        return out;
    }

    /**
     * Checks a classifier after an epoch: its training cross-entropy against the chance level.
     *
     * @return a {@link TrainingWarning.Kind#CHANCE} warning, or none
     */
    public static List<TrainingWarning> checkClassifier(String stage, int epoch, double crossEntropy, double chance) {
        if (chance > 0 && crossEntropy >= (1 - CHANCE_MARGIN) * chance) {
            boolean above = crossEntropy > (1 + CHANCE_MARGIN) * chance;
            return List.of(new TrainingWarning(stage, epoch, TrainingWarning.Kind.CHANCE, String.format(Locale.ROOT,
                    "training cross-entropy %.4f is %s chance (%.4f, the entropy of the class frequencies): the "
                            + "classifier does no better than the class frequencies%s", crossEntropy,
                    above ? "above" : "within " + Math.round(100 * CHANCE_MARGIN) + "% of", chance,
                    above ? " (steps too large for the layer widths overshoot; a smaller learning rate may help)"
                            : "")));
        }
        return List.of();
    }
}
