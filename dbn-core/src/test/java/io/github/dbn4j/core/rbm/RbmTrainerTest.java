package io.github.dbn4j.core.rbm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.EarlyStopping;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.Metrics;
import io.github.dbn4j.core.Patterns;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingDivergedException;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.internal.Labels;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Configuration checks, bad data, divergence, stopping rules and monitoring. */
class RbmTrainerTest {

    private final Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
    private final Matrix data = b.fromArray(60, 12, Patterns.randomBinary(60, 12, 1));
    private final RbmConfig config = RbmConfig.defaults(5).withBatchSize(10).withEpochs(3);

    static Stream<String> backends() {
        return TestBackends.float64();
    }

    @Test
    void configurationErrorsNameTheFieldAndValue() {
        assertThatThrownBy(() -> RbmConfig.defaults(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hidden must be at least 1, got 0");
        assertThatThrownBy(() -> config.withLearningRate(Double.NaN)).hasMessageContaining("learningRate")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> config.withCdSteps(0)).hasMessageContaining("cdSteps must be at least 1, got 0");
        assertThatThrownBy(() -> config.withMomentum(0.5, 1.0, 5)).hasMessageContaining("finalMomentum")
                .hasMessageContaining("1.0");
        assertThatThrownBy(() -> config.withSparsity(1.5, 0.1)).hasMessageContaining("sparsityTarget")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> config.withWeightDecay(-1)).hasMessageContaining("weightDecay");
        assertThatThrownBy(() -> config.withBatchSize(0)).hasMessageContaining("batchSize");
    }

    @Test
    void dataOfTheWrongWidthIsRejected() {
        Rbm ten = new RbmTrainer(b).train(config, b.fromArray(60, 10, Patterns.randomBinary(60, 10, 2)), TrainingOptions.defaults());
        assertThatThrownBy(() -> new RbmTrainer(b).train(config, ten, BatchSource.of(b, data), null, RbmTrainer.STAGE, TrainingOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("training data is 60x12").hasMessageContaining("expects 10");
        assertThatThrownBy(() -> new RbmTrainer(b).train(config, data, TrainingOptions.defaults().withHeldOut(b.create(5, 11), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("held-out data is 5x11").hasMessageContaining("expects 12");
        assertThatThrownBy(() -> new RbmEngine(b, ten).meanFreeEnergy(data))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("60x12")
                .hasMessageContaining("10 visible");
    }

    @Test
    void theGeneralFormChecksMatricesLabelsAndHeldOutRows() {
        RbmTrainer trainer = new RbmTrainer(b);
        TrainingOptions none = TrainingOptions.defaults();
        double[] values = Patterns.randomBinary(60, 12, 1);
        values[3 * 12 + 4] = Double.NaN;
        assertThatThrownBy(() -> trainer.train(config, null, BatchSource.of(b, b.fromArray(60, 12, values)), null,
                RbmTrainer.STAGE, none)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("training data: row 3, column 4 is NaN");
        assertThatThrownBy(() -> trainer.train(config, null, BatchSource.of(b, data), null, "layer1",
                none.withHeldOut(b.create(5, 11), null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("held-out data is 5x11").hasMessageContaining("expects 12");
        BatchSource labels = BatchSource.of(b, Labels.oneHot(b, new int[59], 2));
        assertThatThrownBy(() -> trainer.train(config, null, BatchSource.of(b, data), labels, "layer1", none))
                .hasMessage("layer1: 59 label rows for 60 training cases");
        BatchSource sixty = BatchSource.of(b, Labels.oneHot(b, new int[60], 2));
        assertThatThrownBy(() -> trainer.train(config, null, BatchSource.of(b, data), sixty, "layer1",
                none.withHeldOut(data, null))).hasMessage("layer1: held-out monitoring is not supported with label units");
        Rbm labelled = trainer.train(config, null, BatchSource.of(b, data), sixty, "layer1", none);
        assertThat(labelled.labels()).isEqualTo(2);
        Rbm kept = trainer.train(config.withEpochs(0), labelled, BatchSource.of(b, data), sixty, "layer1", none);
        assertThat(kept.weights()).as("training starts from the initial model").containsExactly(labelled.weights());
        assertThat(kept.labelWeights()).containsExactly(labelled.labelWeights());
    }

    @Test
    void nanAndNonBinaryValuesAreNamed() {
        double[] values = Patterns.randomBinary(60, 12, 1);
        values[3 * 12 + 4] = Double.NaN;
        assertThatThrownBy(() -> new RbmTrainer(b).train(config, b.fromArray(60, 12, values), TrainingOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 3, column 4 is NaN");
        values[3 * 12 + 4] = 0.5;
        assertThatThrownBy(() -> new RbmTrainer(b).train(config.withStrictBinary(true), b.fromArray(60, 12, values), TrainingOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 3, column 4 is 0.5, not 0 or 1");
        assertThat(new RbmTrainer(b).train(config, b.fromArray(60, 12, values), TrainingOptions.defaults()).visible())
                .as("probabilities are accepted unless strict checking is asked for").isEqualTo(12);
        values[3 * 12 + 4] = 1.5;
        assertThatThrownBy(() -> new RbmTrainer(b).train(config, b.fromArray(60, 12, values), TrainingOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5, outside [0, 1]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aDivergingLearningRateStopsWithTheLastFiniteModel(String name) {
        Backend backend = TestBackends.get(name, Precision.FLOAT64);
        Matrix d = backend.fromArray(60, 12, Patterns.randomBinary(60, 12, 1));
        RbmConfig wild = config.withLearningRate(1e305).withEpochs(5);
        assertThatThrownBy(() -> new RbmTrainer(backend).train(wild, d, TrainingOptions.defaults()))
                .isInstanceOfSatisfying(TrainingDivergedException.class, e -> {
                    assertThat(e.getMessage()).contains("epoch 1, batch").contains("non-finite")
                            .contains("smaller learning rate");
                    assertThat(e.epoch()).isEqualTo(1);
                    assertThat(e.batch()).isBetween(1, 6);
                    Rbm last = (Rbm) e.lastGoodModel().orElseThrow();
                    // an Rbm cannot hold non-finite values; the model is the one training started from
                    assertThat(java.util.Arrays.stream(last.weights()).map(Math::abs).max().orElseThrow()).isLessThan(1);
                });
    }

    @Test
    void toleranceAndEarlyStoppingEndTrainingEarly() {
        MetricsHistory history = new MetricsHistory();
        new RbmTrainer(b).train(config.withEpochs(50).withTolerance(1e6), data, TrainingOptions.defaults().withListeners(history));
        assertThat(history.epochs()).as("second epoch changes the cost by less than 1e6").hasSize(2);

        MetricsHistory h2 = new MetricsHistory();
        new RbmTrainer(b).train(config.withEpochs(50), data,
                TrainingOptions.defaults().withListeners(h2, new EarlyStopping("cost", false, 1, 1e6)));
        assertThat(h2.epochs()).as("no epoch improves by 1e6 on the first").hasSize(2);
    }

    @Test
    void monitoringReportsFreeEnergiesGapAndPseudoLikelihood() {
        MetricsHistory history = new MetricsHistory();
        Matrix heldOut = b.fromArray(20, 12, Patterns.randomBinary(20, 12, 9));
        Rbm rbm = new RbmTrainer(b).train(config, data, TrainingOptions.defaults().withHeldOut(heldOut, null).withListeners(history));
        var last = history.epochs().get(2);
        assertThat(last.stage()).isEqualTo("rbm");
        assertThat(last.epoch()).isEqualTo(3);
        assertThat(last.values()).containsKeys(Metrics.RECONSTRUCTION, Metrics.FREE_ENERGY_TRAIN,
                Metrics.FREE_ENERGY_HELD_OUT, Metrics.FREE_ENERGY_GAP, Metrics.PSEUDO_LOG_LIKELIHOOD);
        RbmEngine engine = new RbmEngine(b, rbm);
        assertThat(last.get(Metrics.FREE_ENERGY_TRAIN)).isCloseTo(engine.meanFreeEnergy(data),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(last.get(Metrics.FREE_ENERGY_GAP)).isCloseTo(
                engine.meanFreeEnergy(heldOut) - engine.meanFreeEnergy(data), org.assertj.core.data.Offset.offset(1e-12));
        // pseudo-log-likelihood of binary data is negative and above V log(1/2) for a model better than chance
        assertThat(last.get(Metrics.PSEUDO_LOG_LIKELIHOOD)).isNegative().isGreaterThan(-12 * Math.log(2) - 2);
        assertThat(last.cost()).isEqualTo(last.get(Metrics.RECONSTRUCTION)).isPositive();
        assertThat(rbm.config()).contains(config);
    }

    @Test
    void gaussianUnitsTrainOnRealData() {
        double[] real = new double[200 * 4];
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        for (int i = 0; i < 200; i++) {
            double z = r.nextGaussian();
            for (int j = 0; j < 4; j++) {
                real[i * 4 + j] = z * (j < 2 ? 1 : -1) + 0.3 * r.nextGaussian();
            }
        }
        Matrix m = b.fromArray(200, 4, real);
        MetricsHistory history = new MetricsHistory();
        RbmConfig g = RbmConfig.defaults(6).withVisibleUnits(VisibleUnits.GAUSSIAN).withLearningRate(0.01)
                .withBatchSize(20).withEpochs(40);
        Rbm rbm = new RbmTrainer(b).train(g, m, TrainingOptions.defaults().withListeners(history));
        assertThat(rbm.visibleUnits()).isEqualTo(VisibleUnits.GAUSSIAN);
        assertThat(history.epochs().get(39).cost()).as("squared error falls")
                .isLessThan(history.epochs().get(0).cost());
        assertThat(history.epochs().get(0).values()).doesNotContainKey(Metrics.PSEUDO_LOG_LIKELIHOOD);
    }
}
