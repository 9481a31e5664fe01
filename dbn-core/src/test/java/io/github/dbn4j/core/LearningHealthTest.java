package io.github.dbn4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.dbn4j.api.RandomStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic of the collapse detector, on layers whose state is constructed. */
class LearningHealthTest {

    @Test
    void noInformationCostIsTheSummedEntropyOfTheMeans() {
        assertThat(LearningHealth.bernoulliNoInformationCost(new double[] {0.5, 0.5})).isCloseTo(2 * Math.log(2),
                within(1e-15));
        assertThat(LearningHealth.bernoulliNoInformationCost(new double[] {0, 1})).isZero();
        double p = 0.1;
        assertThat(LearningHealth.bernoulliNoInformationCost(new double[] {p}))
                .isCloseTo(-p * Math.log(p) - (1 - p) * Math.log(1 - p), within(1e-15));
    }

    @Test
    void chanceCrossEntropyIsTheEntropyOfTheClassFrequencies() {
        assertThat(LearningHealth.chanceCrossEntropy(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10))
                .isCloseTo(Math.log(10), within(1e-15));
        assertThat(LearningHealth.chanceCrossEntropy(new int[] {1, 1, 1, 1}, 3)).isZero();
    }

    @Test
    void aDeadLayerRaisesEveryLayerWarning() {
        int cases = 100;
        int units = 50;
        double[] off = new double[cases * units];
        java.util.Arrays.fill(off, 1e-6);
        List<TrainingWarning> w = LearningHealth.checkLayer("layer3", 1, 342.9, 343.0, off, cases, units);
        assertThat(w).extracting(TrainingWarning::kind).containsExactly(TrainingWarning.Kind.NO_INFORMATION,
                TrainingWarning.Kind.SATURATED, TrainingWarning.Kind.IDENTICAL);
        assertThat(w.get(0).toString()).startsWith("layer3, epoch 1: reconstruction cost 342.9 per case is within 1%"
                + " of the no-information cost 343.0");
        List<TrainingWarning> worse = LearningHealth.checkLayer("rbm", 1, 222.5, 198.0, off, cases, units);
        assertThat(worse.get(0).message()).as("a cost above the no-information cost is not 'within 1%' of it")
                .startsWith("reconstruction cost 222.5 per case is above the no-information cost 198.0");
        assertThat(w.get(1).message()).contains("50 of 50 hidden units");
    }

    @Test
    void softInputsAreJudgedAboveTheirOwnEntropy() {
        double[] half = {0.5, 0.5, 0.5, 0.5};
        assertThat(LearningHealth.bernoulliDataEntropy(half, 2, 2)).isCloseTo(2 * Math.log(2), within(1e-15));
        assertThat(LearningHealth.bernoulliDataEntropy(new double[] {0, 1, 1, 0}, 2, 2)).isZero();
        int cases = 20;
        double[] h = new double[cases * 2];
        for (int i = 0; i < h.length; i++) {
            h[i] = (i % 7) / 7.0 + 0.05;
        }
        // 0.5% below the no-information cost in all, but a sixth of the way down from it above a floor of 97
        assertThat(LearningHealth.checkLayer("layer2", 1, 99.5, 100, 0, h, cases, 2))
                .extracting(TrainingWarning::kind).containsExactly(TrainingWarning.Kind.NO_INFORMATION);
        assertThat(LearningHealth.checkLayer("layer2", 1, 99.5, 100, 97, h, cases, 2)).isEmpty();
        assertThat(LearningHealth.checkLayer("layer2", 1, 99.99, 100, 97, h, cases, 2))
                .extracting(TrainingWarning::kind).containsExactly(TrainingWarning.Kind.NO_INFORMATION);
    }

    @Test
    void unitsThatAnswerEveryCaseAlikeAreReportedEvenWhenNotSaturated() {
        int cases = 100;
        int units = 20;
        double[] same = new double[cases * units];
        java.util.Arrays.fill(same, 0.5);
        assertThat(LearningHealth.checkLayer("layer2", 3, 100, 200, same, cases, units))
                .extracting(TrainingWarning::kind).containsExactly(TrainingWarning.Kind.IDENTICAL);
    }

    @Test
    void aHealthyLayerRaisesNone() {
        int cases = 200;
        int units = 30;
        double[] h = new double[cases * units];
        RandomStream rng = RandomStream.of(3);
        for (int i = 0; i < h.length; i++) {
            h[i] = rng.uniform(i);
        }
        assertThat(LearningHealth.checkLayer("layer1", 2, 150, 200, h, cases, units)).isEmpty();
    }

    @Test
    void aClassifierAtChanceIsReported() {
        double chance = Math.log(10);
        assertThat(LearningHealth.checkClassifier("fine-tune", 2, 2.3028, chance)).singleElement()
                .extracting(TrainingWarning::kind).isEqualTo(TrainingWarning.Kind.CHANCE);
        assertThat(LearningHealth.checkClassifier("fine-tune", 2, 0.4, chance)).isEmpty();
    }
}
