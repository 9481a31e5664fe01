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

    /** The small test digits on a float64 backend and a DBN pretrained on them. */
    private record Pretrained(Backend b, Matrix x, int[] y, Dbn dbn) {
        static Pretrained small() {
            Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
            Matrix x = b.fromArray(DbnTestData.TRAIN.rows(), 36, DbnTestData.TRAIN.pixels());
            int[] y = DbnTestData.TRAIN.labels();
            return new Pretrained(b, x, y, new DbnTrainer(b).pretrain(DbnTestData.smallConfig(2), x, y));
        }

        /** Up-down from the pretrained DBN. */
        Dbn upDown(WakeSleepConfig config) {
            return new WakeSleepTrainer(b).train(dbn, config, x, y);
        }
    }

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
        Pretrained p = Pretrained.small();
        WakeSleepConfig c = WakeSleepConfig.defaults().withBatchSize(20).withLearningRate(0.05);
        // a run of one epoch falling from the first keeps one step of the line, half the rate;
        // an epoch before decayFrom keeps the whole rate
        Dbn decayed = p.upDown(c.withEpochs(1).withDecayFrom(1));
        Dbn half = p.upDown(c.withEpochs(1).withLearningRate(0.05 / 2));
        assertThat(decayed.top().weights()).as("one epoch decaying from 1 runs at half the rate")
                .isEqualTo(half.top().weights());
        Dbn before = p.upDown(c.withEpochs(1).withDecayFrom(2));
        Dbn whole = p.upDown(c.withEpochs(1));
        assertThat(before.top().weights()).isEqualTo(whole.top().weights());
        assertThat(decayed.top().weights()).isNotEqualTo(whole.top().weights());
        assertThat(c.withEpochs(3).withDecayFrom(1).decayFactor(0)).isEqualTo(0.75);
        assertThat(c.withEpochs(3).withDecayFrom(1).decayFactor(2)).isEqualTo(0.25);
        assertThat(c.withEpochs(3).withDecayFrom(2).decayFactor(0)).isEqualTo(1.0);
    }

    @Test
    void epochsTrainWithTheirScheduledIterations() {
        Pretrained p = Pretrained.small();
        WakeSleepConfig one = WakeSleepConfig.defaults().withBatchSize(20).withTopGibbsSteps(1);
        WakeSleepConfig stepped = one.withTopGibbsSchedule(1, 1, 4);
        Dbn a1 = p.upDown(one.withEpochs(1));
        Dbn b1 = p.upDown(stepped.withEpochs(1));
        assertThat(b1.top().weights()).as("epoch 1: one iteration in both").isEqualTo(a1.top().weights());
        Dbn a2 = p.upDown(one.withEpochs(2));
        Dbn b2 = p.upDown(stepped.withEpochs(2));
        assertThat(b2.top().weights()).as("epoch 2: four iterations").isNotEqualTo(a2.top().weights());
    }
}
