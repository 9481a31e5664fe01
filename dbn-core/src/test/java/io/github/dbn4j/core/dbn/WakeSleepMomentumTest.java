package io.github.dbn4j.core.dbn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.dbn4j.api.Matrix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Momentum in up-down: each change is the plain step plus the momentum times the change before it. */
class WakeSleepMomentumTest {

    static final double MOMENTUM = 0.7;

    /**
     * Two batches from the same start, with and without momentum. The first step is the same in
     * both (no change before it), so the second step's gradient is too, and the two runs differ by
     * exactly the momentum times the first change, weight cost included, in every parameter.
     */
    @Test
    void theSecondStepAddsTheMomentumTimesTheFirstChange() {
        DbnTestData.Pretrained p = DbnTestData.Pretrained.small();
        int half = p.x().rows() / 2;
        WakeSleepConfig plain = WakeSleepConfig.defaults().withEpochs(1).withBatchSize(half).withLearningRate(0.05)
                .withTopGibbsSteps(2).withWeightDecay(2e-3).withFixedBatches(true);
        WakeSleepConfig moving = plain.withMomentum(MOMENTUM);
        Matrix first = p.b().create(half, p.x().cols());
        p.b().gatherRows(p.x(), java.util.stream.IntStream.range(0, half).toArray(), 0, first);
        int[] firstLabels = java.util.Arrays.copyOf(p.y(), half);
        WakeSleepTrainer t = new WakeSleepTrainer(p.b());
        double[] start = flat(p.dbn());
        double[] oneStep = flat(t.train(p.dbn(), moving, first, firstLabels));
        double[] onePlain = flat(t.train(p.dbn(), plain, first, firstLabels));
        double[] twoSteps = flat(t.train(p.dbn(), moving, p.x(), p.y()));
        double[] twoPlain = flat(t.train(p.dbn(), plain, p.x(), p.y()));
        int moved = 0;
        for (int k = 0; k < start.length; k++) {
            assertThat(oneStep[k]).as("first step, parameter %d", k).isCloseTo(onePlain[k], within(1e-12));
            double change = oneStep[k] - start[k];
            assertThat(twoSteps[k] - twoPlain[k]).as("parameter %d", k)
                    .isCloseTo(MOMENTUM * change, within(1e-12));
            if (Math.abs(change) > 1e-6) {
                moved++;
            }
        }
        assertThat(moved).as("parameters the first step moved").isGreaterThan(start.length / 2);
    }

    @Test
    void momentumOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> WakeSleepConfig.defaults().withMomentum(1.0))
                .hasMessageContaining("momentum must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> WakeSleepConfig.defaults().withMomentum(-0.1))
                .hasMessageContaining("momentum must be in [0, 1), got -0.1");
        assertThatThrownBy(() -> WakeSleepConfig.defaults().withMomentum(Double.NaN))
                .hasMessageContaining("got NaN");
    }

    /** Every recognition, generative and top-level parameter in one array. */
    static double[] flat(Dbn dbn) {
        List<double[]> parts = new ArrayList<>();
        for (DirectedLayer l : dbn.lower()) {
            parts.add(l.recognitionWeights());
            parts.add(l.recognitionBias());
            parts.add(l.generativeWeights());
            parts.add(l.generativeBias());
        }
        parts.add(dbn.top().weights());
        parts.add(dbn.top().visibleBias());
        parts.add(dbn.top().hiddenBias());
        parts.add(dbn.top().labelWeights());
        parts.add(dbn.top().labelBias());
        return parts.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
