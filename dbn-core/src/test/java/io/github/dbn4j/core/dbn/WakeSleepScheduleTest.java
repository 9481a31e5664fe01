package io.github.dbn4j.core.dbn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TestBackends;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Gibbs-iteration schedule of up-down (3, 6, 10 in Hinton, Osindero and Teh 2006). */
class WakeSleepScheduleTest {

    @Test
    void theScheduleStepsUpEveryNEpochsAndHoldsItsLastValue() {
        WakeSleepConfig c = WakeSleepConfig.defaults().withTopGibbsSchedule(100, 3, 6, 10);
        assertThat(c.topGibbsSteps(0)).isEqualTo(3);
        assertThat(c.topGibbsSteps(99)).isEqualTo(3);
        assertThat(c.topGibbsSteps(100)).isEqualTo(6);
        assertThat(c.topGibbsSteps(199)).isEqualTo(6);
        assertThat(c.topGibbsSteps(200)).isEqualTo(10);
        assertThat(c.topGibbsSteps(358)).isEqualTo(10);
        assertThat(WakeSleepConfig.defaults().withTopGibbsSchedule(100, 4).topGibbsSteps(500)).isEqualTo(4);
        assertThat(WakeSleepConfig.defaults().topGibbsSteps(7)).isEqualTo(3);
        assertThatThrownBy(() -> WakeSleepConfig.defaults().withTopGibbsSchedule(10, 3, 0))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new WakeSleepConfig(1, 1, 0.1, 1, 0, 1, false, -1, List.of(), 0))
                .hasMessageContaining("topGibbsEvery must be at least 0, got -1");
        assertThatThrownBy(() -> WakeSleepConfig.defaults().withDecayFrom(-2))
                .hasMessageContaining("decayFrom must be at least 0, got -2");
    }

    @Test
    void aDecayingRateRunsEachEpochAtItsShare() {
        Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
        Matrix x = b.fromArray(DbnTestData.TRAIN.rows(), 36, DbnTestData.TRAIN.pixels());
        int[] y = DbnTestData.TRAIN.labels();
        Dbn dbn = new DbnTrainer(b).pretrain(DbnTestData.smallConfig(2), x, y);
        WakeSleepConfig c = WakeSleepConfig.defaults().withBatchSize(20).withLearningRate(0.05);
        // a run of one epoch falling from the first keeps one step of the line, half the rate;
        // an epoch before decayFrom keeps the whole rate
        Dbn decayed = new WakeSleepTrainer(b).train(dbn, c.withEpochs(1).withDecayFrom(1), x, y);
        Dbn half = new WakeSleepTrainer(b).train(dbn, c.withEpochs(1).withLearningRate(0.05 / 2), x, y);
        assertThat(decayed.top().weights()).as("one epoch decaying from 1 runs at half the rate")
                .isEqualTo(half.top().weights());
        Dbn before = new WakeSleepTrainer(b).train(dbn, c.withEpochs(1).withDecayFrom(2), x, y);
        Dbn whole = new WakeSleepTrainer(b).train(dbn, c.withEpochs(1), x, y);
        assertThat(before.top().weights()).isEqualTo(whole.top().weights());
        assertThat(decayed.top().weights()).isNotEqualTo(whole.top().weights());
        assertThat(c.withEpochs(3).withDecayFrom(1).decayFactor(0)).isEqualTo(0.75);
        assertThat(c.withEpochs(3).withDecayFrom(1).decayFactor(2)).isEqualTo(0.25);
        assertThat(c.withEpochs(3).withDecayFrom(2).decayFactor(0)).isEqualTo(1.0);
    }

    @Test
    void epochsTrainWithTheirScheduledIterations() {
        Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
        Matrix x = b.fromArray(DbnTestData.TRAIN.rows(), 36, DbnTestData.TRAIN.pixels());
        int[] y = DbnTestData.TRAIN.labels();
        Dbn dbn = new DbnTrainer(b).pretrain(DbnTestData.smallConfig(2), x, y);
        WakeSleepConfig one = WakeSleepConfig.defaults().withBatchSize(20).withTopGibbsSteps(1);
        WakeSleepConfig stepped = one.withTopGibbsSchedule(1, 1, 4);
        Dbn a1 = new WakeSleepTrainer(b).train(dbn, one.withEpochs(1), x, y);
        Dbn b1 = new WakeSleepTrainer(b).train(dbn, stepped.withEpochs(1), x, y);
        assertThat(b1.top().weights()).as("epoch 1: one iteration in both").isEqualTo(a1.top().weights());
        Dbn a2 = new WakeSleepTrainer(b).train(dbn, one.withEpochs(2), x, y);
        Dbn b2 = new WakeSleepTrainer(b).train(dbn, stepped.withEpochs(2), x, y);
        assertThat(b2.top().weights()).as("epoch 2: four iterations").isNotEqualTo(a2.top().weights());
    }
}
