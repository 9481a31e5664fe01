package io.github.dbn4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.core.dbn.Classifier;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.DirectedLayer;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.VisibleUnits;
import java.util.ArrayList;
import java.util.List;

/** Tiny hand-made models whose values test exactness (negative zero, subnormals, large values). */
final class TestModels {

    private TestModels() {
    }

    /** n distinct values starting at a seed; the first few are awkward on purpose. */
    static double[] values(int n, int seed) {
        double[] special = {-0.0, Double.MIN_VALUE, -1e300, 0.1, 1.0 / 3};
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = seed % 2 == 0 && i < special.length ? special[i] : Math.sin(seed * 7.1 + i * 1.3) * (1 + seed);
        }
        return v;
    }

    static Rbm rbm() {
        return new Rbm(VisibleUnits.BERNOULLI, 3, 2, values(6, 0), values(3, 1), values(2, 2), null);
    }

    static Rbm rbmWithConfig() {
        RbmConfig config = RbmConfig.defaults(2).withSparsity(0.05, 0.1).withLearningRate(0.1 + 1e-17 * 3)
                .withSeed(-42).withStrictBinary(true);
        return new Rbm(VisibleUnits.BERNOULLI, 3, 2, values(6, 0), values(3, 1), values(2, 2), config);
    }

    static Rbm labelledRbm() {
        return new Rbm(VisibleUnits.BERNOULLI, 4, 3, values(12, 3), values(4, 4), values(3, 5), 3, values(9, 6),
                values(3, 7), RbmConfig.defaults(3).withCdSteps(5).withPersistentChains(10));
    }

    static Rbm gaussianRbm() {
        return new Rbm(VisibleUnits.GAUSSIAN, 2, 5, values(10, 8), values(2, 9), values(5, 10),
                RbmConfig.defaults(5).withVisibleUnits(VisibleUnits.GAUSSIAN));
    }

    /** 4 inputs, one directed layer 4 -> 3, a top RBM 3 x 2 with 3 labels, a classifier 4-3-2-3, configs. */
    static Dbn labelledDbnWithClassifier() {
        DirectedLayer l0 = new DirectedLayer(4, 3, values(12, 11), values(3, 12), values(12, 13), values(4, 14));
        Rbm top = new Rbm(VisibleUnits.BERNOULLI, 3, 2, values(6, 15), values(3, 16), values(2, 17), 3, values(6, 18),
                values(3, 19), RbmConfig.defaults(2).withEpochs(3));
        DbnConfig config = DbnConfig.of(RbmConfig.defaults(1).withBatchSize(7), 3, 3, 2).withSampleUpward(true);
        Classifier classifier = classifier(new int[] {4, 3, 2, 3}, 20);
        return new Dbn(VisibleUnits.BERNOULLI, 4, List.of(l0), top, classifier, config);
    }

    /** Gaussian inputs, two directed layers 2 -> 4 -> 3, an unlabelled top RBM 3 x 2, no classifier or configs. */
    static Dbn gaussianDbn() {
        DirectedLayer l0 = new DirectedLayer(2, 4, values(8, 21), values(4, 22), values(8, 23), values(2, 24));
        DirectedLayer l1 = new DirectedLayer(4, 3, values(12, 25), values(3, 26), values(12, 27), values(4, 28));
        Rbm top = new Rbm(VisibleUnits.BERNOULLI, 3, 2, values(6, 29), values(3, 30), values(2, 31), null);
        return new Dbn(VisibleUnits.GAUSSIAN, 2, List.of(l0, l1), top, null, null);
    }

    /** A DBN of one RBM (no directed layers), unlabelled, with a classifier 3-2-2. */
    static Dbn oneLayerDbn() {
        Rbm top = new Rbm(VisibleUnits.BERNOULLI, 3, 2, values(6, 32), values(3, 33), values(2, 34), null);
        return new Dbn(VisibleUnits.BERNOULLI, 3, List.of(), top, classifier(new int[] {3, 2, 2}, 35), null);
    }

    static Classifier classifier(int[] sizes, int seed) {
        List<double[]> w = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            w.add(values(sizes[i] * sizes[i + 1], seed + 2 * i));
            b.add(values(sizes[i + 1], seed + 2 * i + 1));
        }
        return new Classifier(sizes, w, b);
    }

    /** Asserts two RBMs are equal including their configurations. */
    static void assertSameRbm(Rbm actual, Rbm expected, boolean withConfig) {
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.visibleUnits()).isEqualTo(expected.visibleUnits());
        assertThat(actual.config()).isEqualTo(withConfig ? expected.config() : java.util.Optional.empty());
    }

    /** Asserts two DBNs are equal in every part (Dbn has no equals of its own). */
    static void assertSameDbn(Dbn actual, Dbn expected, boolean withConfig) {
        assertThat(actual.inputUnits()).isEqualTo(expected.inputUnits());
        assertThat(actual.inputs()).isEqualTo(expected.inputs());
        assertThat(actual.lower()).isEqualTo(expected.lower());
        assertSameRbm(actual.top(), expected.top(), withConfig);
        assertThat(actual.classifier()).isEqualTo(expected.classifier());
        assertThat(actual.config()).isEqualTo(withConfig ? expected.config() : java.util.Optional.empty());
    }
}
