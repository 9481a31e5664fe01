package io.github.dbn4j.examples;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmEngine;
import io.github.dbn4j.core.rbm.RbmTrainer;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An RBM learns features of data held in plain Java arrays, on the pure-Java EJML backend.
 *
 * <p>The data are 6 x 6 pictures of one horizontal or one vertical bar, with a little noise: 12
 * patterns in all. An RBM of 12 hidden units trained by CD-1 should give each pattern its own
 * code, so the hidden features of the two orientations differ far more than those of two noisy
 * copies of one picture.
 */
public final class RbmFeatures {

    static final int SIDE = 6;

    private RbmFeatures() {
    }

    /**
     * What the program found.
     *
     * @param samePatternDistance   mean distance between the features of two noisy copies of one bar
     * @param otherOrientationDistance mean distance between the features of a horizontal and a vertical bar
     */
    record Result(Rbm rbm, double[][] features, double samePatternDistance, double otherOrientationDistance) {
    }

    public static void main(String[] args) {
        Result r = run(1000, 1);
        System.out.printf(Locale.ROOT, "RBM %dx%d trained on %d bar pictures%n", r.rbm().visible(), r.rbm().hidden(),
                r.features().length);
        System.out.printf(Locale.ROOT, "mean distance of features: same picture %.3f, other orientation %.3f%n",
                r.samePatternDistance(), r.otherOrientationDistance());
    }

    static Result run(int cases, long seed) {
        // your data: one case per row, values in [0, 1]
        int[] pattern = new int[cases];
        double[][] x = bars(cases, seed, pattern);

        Backend backend = Backends.create("ejml", Precision.FLOAT64); // one backend per thread
        RbmConfig config = RbmConfig.defaults(12).withEpochs(30).withBatchSize(20).withLearningRate(0.1)
                .withInitialWeightStd(0.1).withSeed(seed);
        Rbm rbm = new RbmTrainer(backend).train(config, x, TrainingOptions.defaults());

        // the features: p(h = 1 | v) for every case
        RbmEngine engine = new RbmEngine(backend, rbm);
        Matrix v = TrainingOptions.matrix(backend, x, "cases");
        Matrix h = backend.create(cases, rbm.hidden());
        engine.hiddenProbabilities(v, h);
        double[] flat = backend.toArray(h);
        double[][] features = new double[cases][rbm.hidden()];
        for (int i = 0; i < cases; i++) {
            System.arraycopy(flat, i * rbm.hidden(), features[i], 0, rbm.hidden());
        }
        return new Result(rbm, features, meanDistance(features, pattern, true), meanDistance(features, pattern, false));
    }

    /**
     * Pictures of one bar, pixels flipped with probability 0.02; {@code pattern[i]} is the bar of
     * case {@code i}: a horizontal bar in row {@code p} for {@code p < SIDE}, else a vertical bar in
     * column {@code p - SIDE}.
     */
    static double[][] bars(int cases, long seed, int[] pattern) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[cases][SIDE * SIDE];
        for (int i = 0; i < cases; i++) {
            pattern[i] = random.nextInt(2 * SIDE);
            int at = pattern[i] % SIDE;
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    boolean on = pattern[i] < SIDE ? r == at : c == at;
                    x[i][r * SIDE + c] = on ^ random.nextDouble() < 0.02 ? 1 : 0;
                }
            }
        }
        return x;
    }

    /**
     * Mean Euclidean distance between the features of pairs of cases (the first 2,000 pairs): of
     * the same bar when {@code same}, else of bars of different orientations.
     */
    private static double meanDistance(double[][] f, int[] pattern, boolean same) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < f.length && n < 2000; i++) {
            for (int j = i + 1; j < f.length && n < 2000; j++) {
                boolean pair = same ? pattern[i] == pattern[j] : pattern[i] / SIDE != pattern[j] / SIDE;
                if (pair) {
                    sum += distance(f[i], f[j]);
                    n++;
                }
            }
        }
        return sum / n;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
