package io.github.dbn4j.core.dbn;

import static io.github.dbn4j.tck.NumericAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.internal.Labels;
import io.github.dbn4j.core.optim.ConjugateGradient;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.tck.Tolerances;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conjugate-gradient fine-tuning: the function its line searches minimise has the gradient that
 * finite differences give; it agrees across backends; it learns; its first epochs move only the
 * softmax layer.
 */
class ConjugateGradientFineTunerTest {

    static Stream<String> others() {
        String ref = TestBackends.reference();
        return TestBackends.float64().filter(n -> !n.equals(ref));
    }

    static Stream<String> float64() {
        return TestBackends.float64();
    }

    private static final ConjugateGradientConfig SMALL = ConjugateGradientConfig.paper().withEpochs(3)
            .withBatchSize(60).withTopLayerEpochs(1);

    private static Dbn pretrained(Backend b) {
        Matrix x = b.fromArray(DbnTestData.TRAIN.rows(), 36, DbnTestData.TRAIN.pixels());
        // the recipe of Hinton and Salakhutdinov: plain CD-1, N(0, 0.1^2) weights, zero biases, fixed batches
        RbmConfig layer = RbmConfig.defaults(20).withBatchSize(20).withEpochs(10).withCentered(false)
                .withInitialWeightStd(0.1).withZeroInitialBiases(true).withFixedBatches(true);
        return new DbnTrainer(b).pretrain(DbnConfig.of(layer, 0, 20, 20, 30), x, null);
    }

    private static Dbn fineTuned(Backend b, ConjugateGradientConfig config, MetricsHistory history) {
        Matrix x = b.fromArray(DbnTestData.TRAIN.rows(), 36, DbnTestData.TRAIN.pixels());
        return new ConjugateGradientFineTuner(b).fineTune(pretrained(b), 4, config, x, DbnTestData.TRAIN.labels(),
                null, null, TrainingControl.none(), history);
    }

    /** The summed cross-entropy's gradient, as the line searches see it, against central differences. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("float64")
    void theObjectivesGradientMatchesFiniteDifferences(String name) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        Classifier c = pretrained(b).unroll(4, 5, 0.1);
        Matrix x = b.fromArray(12, 36, java.util.Arrays.copyOf(DbnTestData.TRAIN.pixels(), 12 * 36));
        Matrix y = Labels.oneHot(b, java.util.Arrays.copyOf(DbnTestData.TRAIN.labels(), 12), 4);
        ClassifierEngine engine = new ClassifierEngine(b, c);
        ConjugateGradient.Objective f = ConjugateGradientFineTuner.objective(engine, x, y);
        List<Matrix> point = new ArrayList<>();
        List<Matrix> grad = new ArrayList<>();
        for (Matrix m : ConjugateGradientFineTuner.parameters(engine)) {
            Matrix copy = b.create(m.rows(), m.cols());
            b.copy(m, copy);
            point.add(copy);
            grad.add(b.create(m.rows(), m.cols()));
        }
        double value = f.evaluate(point, grad);
        assertThat(value).as("summed, not averaged: 12 cases of about log 4 each").isGreaterThan(5);
        List<Matrix> scratch = new ArrayList<>();
        for (Matrix m : point) {
            scratch.add(b.create(m.rows(), m.cols()));
        }
        double eps = 1e-6;
        for (int p = 0; p < point.size(); p++) {
            double[] values = b.toArray(point.get(p));
            double[] numeric = new double[values.length];
            int step = Math.max(1, values.length / 25); // a spread of entries of every block
            List<Integer> checked = new ArrayList<>();
            for (int k = 0; k < values.length; k += step) {
                double keep = values[k];
                values[k] = keep + eps;
                b.set(point.get(p), values);
                double up = f.evaluate(point, scratch);
                values[k] = keep - eps;
                b.set(point.get(p), values);
                double down = f.evaluate(point, scratch);
                values[k] = keep;
                b.set(point.get(p), values);
                numeric[k] = (up - down) / (2 * eps);
                checked.add(k);
            }
            double[] analytic = b.toArray(grad.get(p));
            double[] a = new double[checked.size()];
            double[] n = new double[checked.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = analytic[checked.get(i)];
                n[i] = numeric[checked.get(i)];
            }
            assertAllClose(a, n, 1e-5, 1e-7, name + " block " + p);
        }
        Classifier after = engine.toClassifier();
        for (int i = 0; i < c.depth(); i++) {
            assertThat(after.weights(i)).as("the engine's own weights, after evaluations at other points")
                    .containsExactly(c.weights(i));
            assertThat(after.biases(i)).containsExactly(c.biases(i));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("others")
    void float64FineTuningAgreesWithTheReference(String name) {
        String ref = TestBackends.reference();
        Classifier got = fineTuned(TestBackends.get(name, Precision.FLOAT64), SMALL, new MetricsHistory())
                .classifier().orElseThrow();
        Classifier want = fineTuned(TestBackends.get(ref, Precision.FLOAT64), SMALL, new MetricsHistory())
                .classifier().orElseThrow();
        for (int i = 0; i < want.depth(); i++) {
            assertAllClose(got.weights(i), want.weights(i), Tolerances.CROSS_BACKEND_F64, 1e-12,
                    name + " vs " + ref + " W" + i);
            assertAllClose(got.biases(i), want.biases(i), Tolerances.CROSS_BACKEND_F64, 1e-12,
                    name + " vs " + ref + " b" + i);
        }
    }

    @Test
    void learnsTheShapesAndLowersItsCostEveryEpoch() {
        Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
        MetricsHistory history = new MetricsHistory();
        Dbn dbn = fineTuned(b, SMALL.withEpochs(6), history);
        Matrix xt = b.fromArray(DbnTestData.TEST.rows(), 36, DbnTestData.TEST.pixels());
        double error = new ClassifierEngine(b, dbn.classifier().orElseThrow()).evaluate(xt,
                DbnTestData.TEST.labels()).errorRate();
        assertThat(error).as("test error on 4 classes (chance 0.75)").isLessThan(0.15);
        List<Double> costs = history.stage(ConjugateGradientFineTuner.STAGE).stream().map(EpochMetrics::cost).toList();
        assertThat(costs).hasSize(6);
        for (int i = 1; i < costs.size(); i++) {
            assertThat(costs.get(i)).as("epoch %d", i + 1).isLessThan(costs.get(i - 1));
        }
        assertThat(costs.get(5)).isLessThan(0.5 * Math.log(4));
    }

    @Test
    void theFirstEpochsMoveOnlyTheSoftmaxLayer() {
        Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
        ConjugateGradientConfig config = SMALL.withEpochs(2).withTopLayerEpochs(2);
        Dbn before = pretrained(b);
        Classifier initial = before.unroll(4, config.seed(), config.outputWeightStd());
        Classifier after = fineTuned(b, config, new MetricsHistory()).classifier().orElseThrow();
        int last = initial.depth() - 1;
        for (int i = 0; i < last; i++) {
            assertThat(after.weights(i)).as("layer %d", i + 1).isEqualTo(initial.weights(i));
            assertThat(after.biases(i)).as("layer %d bias", i + 1).isEqualTo(initial.biases(i));
        }
        assertThat(after.weights(last)).isNotEqualTo(initial.weights(last));
        Classifier all = fineTuned(b, config.withEpochs(3), new MetricsHistory()).classifier().orElseThrow();
        assertThat(all.weights(0)).as("from epoch 3 every layer trains").isNotEqualTo(initial.weights(0));
    }

    /**
     * In float32 the line searches end up finding no lower point, and from then on every epoch repeats
     * the one before. A run that stops there has the model of the full count of epochs, bit for bit.
     */
    @Test
    void aRunEndsOnceAnEpochChangesNothingWithTheModelOfTheFullCount() {
        Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT32);
        int epochs = 150;
        ConjugateGradientConfig full = SMALL.withEpochs(epochs).withStopWhenUnchanged(false);
        MetricsHistory all = new MetricsHistory();
        Classifier want = fineTuned(b, full, all).classifier().orElseThrow();
        MetricsHistory some = new MetricsHistory();
        Classifier got = fineTuned(b, full.withStopWhenUnchanged(true), some).classifier().orElseThrow();
        List<EpochMetrics> ran = some.stage(ConjugateGradientFineTuner.STAGE);
        assertThat(all.stage(ConjugateGradientFineTuner.STAGE)).hasSize(epochs);
        assertThat(ran.size()).as("epochs run before one changed nothing").isLessThan(epochs);
        assertThat(ran.size()).as("never on an epoch of the softmax layer alone")
                .isGreaterThan(SMALL.topLayerEpochs());
        List<EpochMetrics> fullRun = all.stage(ConjugateGradientFineTuner.STAGE);
        for (int e = 0; e < ran.size(); e++) {
            assertThat(ran.get(e).values().containsKey(ConjugateGradientFineTuner.UNCHANGED))
                    .as("epoch %d says whether it changed nothing", e + 1).isEqualTo(e == ran.size() - 1);
        }
        for (int e = ran.size() - 1; e < epochs; e++) {
            assertThat(fullRun.get(e).cost()).as("the full run's epoch %d repeats the last one run", e + 1)
                    .isEqualTo(ran.get(ran.size() - 1).cost());
        }
        for (int i = 0; i < want.depth(); i++) {
            assertThat(got.weights(i)).as("W%d", i).isEqualTo(want.weights(i));
            assertThat(got.biases(i)).as("b%d", i).isEqualTo(want.biases(i));
        }
    }
}
