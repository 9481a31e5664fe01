package io.github.dbn4j.core.rbm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.Patterns;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The recipe features of {@link RbmConfig}: annealed CD-k, fixed mini-batches, zero initial
 * biases, separate learning rates, the linear decay of the learning rates.
 */
class RbmScheduleTest {

    private final Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
    private final Matrix data = b.fromArray(60, 12, Patterns.randomBinary(60, 12, 1));
    private final RbmConfig config = RbmConfig.defaults(5).withBatchSize(10).withEpochs(3).withCentered(false);

    @Test
    void annealedCdAddsAStepEveryNEpochsAndDividesTheLearningRate() {
        RbmConfig c = config.withCdSteps(25).withCdIncreaseEvery(10);
        assertThat(c.cdSteps(0)).isEqualTo(1);
        assertThat(c.cdSteps(9)).isEqualTo(1);
        assertThat(c.cdSteps(10)).isEqualTo(2);
        assertThat(c.cdSteps(239)).isEqualTo(24);
        assertThat(c.cdSteps(240)).isEqualTo(25);
        assertThat(c.cdSteps(1000)).isEqualTo(25);
        assertThat(c.weightRate(0.05, 0)).isEqualTo(0.05);
        assertThat(c.weightRate(0.05, 10)).isEqualTo(0.025);
        assertThat(config.withCdSteps(3).cdSteps(50)).as("no annealing").isEqualTo(3);
        assertThat(config.withCdSteps(3).weightRate(0.1, 50)).isEqualTo(0.1);
        assertThatThrownBy(() -> config.withCdIncreaseEvery(-1)).hasMessageContaining("cdIncreaseEvery");
    }

    @Test
    void annealedCdTrainsItsFirstEpochsAsCd1() {
        Rbm cd1 = new RbmTrainer(b).train(config.withCdSteps(1), data, TrainingOptions.defaults());
        Rbm late = new RbmTrainer(b).train(config.withCdSteps(25).withCdIncreaseEvery(100), data, TrainingOptions.defaults());
        assertThat(late.weights()).as("CD-1 for all 3 epochs").isEqualTo(cd1.weights());
        Rbm annealed = new RbmTrainer(b).train(config.withCdSteps(3).withCdIncreaseEvery(1), data, TrainingOptions.defaults());
        assertThat(annealed.weights()).as("CD-2 and CD-3 in epochs 2 and 3").isNotEqualTo(cd1.weights());
        Rbm first = new RbmTrainer(b).train(config.withCdSteps(3).withCdIncreaseEvery(1).withEpochs(1), data, TrainingOptions.defaults());
        Rbm cd1first = new RbmTrainer(b).train(config.withEpochs(1), data, TrainingOptions.defaults());
        assertThat(first.weights()).isEqualTo(cd1first.weights());
    }

    @Test
    void decayLowersEveryRateLinearlyFromItsFirstEpochToTheLast() {
        RbmConfig c = config.withEpochs(10).withDecayFrom(3);
        assertThat(c.decayFactor(0)).isEqualTo(1.0);
        assertThat(c.decayFactor(1)).as("epoch 2, before the decay").isEqualTo(1.0);
        assertThat(c.decayFactor(2)).as("epoch 3: 8 of 9 steps left").isEqualTo(8.0 / 9);
        assertThat(c.decayFactor(9)).as("the last epoch keeps one step").isEqualTo(1.0 / 9);
        assertThat(c.decayFactor(12)).as("past the last epoch").isEqualTo(1.0 / 9);
        assertThat(c.weightRate(0.01, 5)).isCloseTo(0.01 * 5 / 9, org.assertj.core.data.Offset.offset(1e-18));
        assertThat(config.withEpochs(10).decayFactor(9)).as("off by default").isEqualTo(1.0);
        RbmConfig annealed = config.withEpochs(40).withCdSteps(25).withCdIncreaseEvery(10).withDecayFrom(1);
        assertThat(annealed.weightRate(0.05, 20)).as("CD-3, 20 of 41 steps left")
                .isCloseTo(0.05 / 3 * 20 / 41, org.assertj.core.data.Offset.offset(1e-18));
        assertThatThrownBy(() -> config.withDecayFrom(-1)).hasMessageContaining("decayFrom");
    }

    @Test
    void aDecayingRunTrainsAtTheScaledRates() {
        // one epoch decayed from the first keeps half of every rate: the same run as half the learning rate
        Rbm decayed = new RbmTrainer(b).train(config.withEpochs(1).withDecayFrom(1), data, TrainingOptions.defaults());
        Rbm half = new RbmTrainer(b).train(config.withEpochs(1).withLearningRate(0.05), data, TrainingOptions.defaults());
        assertThat(decayed.weights()).isEqualTo(half.weights());
        assertThat(decayed.visibleBias()).isEqualTo(half.visibleBias());
        Rbm full = new RbmTrainer(b).train(config.withEpochs(1), data, TrainingOptions.defaults());
        assertThat(decayed.weights()).isNotEqualTo(full.weights());
        Rbm late = new RbmTrainer(b).train(config.withDecayFrom(4), data, TrainingOptions.defaults());
        Rbm constant = new RbmTrainer(b).train(config, data, TrainingOptions.defaults());
        assertThat(late.weights()).as("a decay after the last epoch changes nothing").isEqualTo(constant.weights());
    }

    /** A source that records which rows every mini-batch asks for. */
    private static final class Recording implements BatchSource {
        final BatchSource inner;
        final List<int[]> batches = new ArrayList<>();

        Recording(BatchSource inner) {
            this.inner = inner;
        }

        @Override
        public int rows() {
            return inner.rows();
        }

        @Override
        public int cols() {
            return inner.cols();
        }

        @Override
        public void fill(int[] order, int offset, Matrix out) {
            batches.add(Arrays.copyOfRange(order, offset, offset + out.rows()));
            inner.fill(order, offset, out);
        }
    }

    private List<int[]> trainingBatches(RbmConfig c) {
        Recording source = new Recording(BatchSource.of(b, data));
        new RbmTrainer(b).train(c, null, source, null, "rbm", TrainingOptions.defaults());
        // the first fills are the monitored rows and the column means; the mini-batches are the last 3 x 6
        return source.batches.subList(source.batches.size() - 18, source.batches.size());
    }

    @Test
    void fixedBatchesTakeTheRowsInTheOrderGivenEveryEpoch() {
        List<int[]> fixed = trainingBatches(config.withFixedBatches(true));
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int k = 0; k < 6; k++) {
                int[] rows = fixed.get(epoch * 6 + k);
                assertThat(rows).as("epoch %d batch %d", epoch + 1, k + 1)
                        .containsExactly(10 * k, 10 * k + 1, 10 * k + 2, 10 * k + 3, 10 * k + 4, 10 * k + 5,
                                10 * k + 6, 10 * k + 7, 10 * k + 8, 10 * k + 9);
            }
        }
        List<int[]> shuffled = trainingBatches(config);
        assertThat(shuffled.get(0)).as("reshuffled by default").isNotEqualTo(fixed.get(0));
        assertThat(shuffled.get(6)).as("a new order in epoch 2").isNotEqualTo(shuffled.get(0));
    }

    @Test
    void zeroInitialBiasesStartEveryBiasAtZero() {
        Rbm start = new RbmTrainer(b).train(config.withEpochs(0).withZeroInitialBiases(true), data, TrainingOptions.defaults());
        assertThat(start.visibleBias()).containsOnly(0.0);
        assertThat(start.hiddenBias()).containsOnly(0.0);
        Rbm usual = new RbmTrainer(b).train(config.withEpochs(0), data, TrainingOptions.defaults());
        assertThat(usual.visibleBias()).as("the data's log-odds").isNotEqualTo(start.visibleBias());
    }

    @Test
    void biasesMoveAtTheirOwnLearningRate() {
        RbmConfig c = config.withEpochs(1).withZeroInitialBiases(true);
        Rbm same = new RbmTrainer(b).train(c.withLearningRates(0.1, 0.1, 0), data, TrainingOptions.defaults());
        Rbm usual = new RbmTrainer(b).train(c, data, TrainingOptions.defaults());
        assertThat(same.weights()).isEqualTo(usual.weights());
        assertThat(same.visibleBias()).isEqualTo(usual.visibleBias());
        Rbm slow = new RbmTrainer(b).train(c.withLearningRates(0.1, 1e-9, 0), data, TrainingOptions.defaults());
        assertThat(Arrays.stream(slow.visibleBias()).map(Math::abs).max().orElseThrow()).isLessThan(1e-8);
        assertThat(Arrays.stream(slow.hiddenBias()).map(Math::abs).max().orElseThrow()).isLessThan(1e-8);
        assertThat(Arrays.stream(usual.visibleBias()).map(Math::abs).max().orElseThrow()).isGreaterThan(1e-3);
        assertThat(slow.weights()).isNotEqualTo(new RbmTrainer(b).train(c.withEpochs(0), data, TrainingOptions.defaults()).weights());
    }
}
