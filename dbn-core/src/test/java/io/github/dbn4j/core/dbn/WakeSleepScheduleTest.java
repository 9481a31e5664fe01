package io.github.dbn4j.core.dbn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThatThrownBy(() -> new WakeSleepConfig(1, 1, 0.1, 1, 0, 1, false, -1, List.of(), 0, 0))
                .hasMessageContaining("topGibbsEvery must be at least 0, got -1");
        assertThatThrownBy(() -> WakeSleepConfig.defaults().withDecayFrom(-2))
                .hasMessageContaining("decayFrom must be at least 0, got -2");
    }

    @Test
    void aDecayingRateRunsEachEpochAtItsShare() {
        DbnTestData.Pretrained p = DbnTestData.Pretrained.small();
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
        DbnTestData.Pretrained p = DbnTestData.Pretrained.small();
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
