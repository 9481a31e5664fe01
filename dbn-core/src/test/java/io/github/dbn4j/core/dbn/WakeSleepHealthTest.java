package io.github.dbn4j.core.dbn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.TrainingWarning;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Up-down's learning checks: a network that up-down has collapsed is reported after the epoch it
 * happens, and a network that learns is not.
 */
class WakeSleepHealthTest {

    private static double generativeError(DbnTestData.Pretrained p, Dbn dbn) {
        Matrix xt = p.b().fromArray(DbnTestData.TEST.rows(), 36, DbnTestData.TEST.pixels());
        return Evaluation.of(DbnTestData.TEST.labels(), new DbnEngine(p.b(), dbn).classify(xt), 4).errorRate();
    }

    @Test
    void aNetworkThatLearnsGivesNoWarning() {
        DbnTestData.Pretrained p = DbnTestData.Pretrained.small(30);
        MetricsHistory history = new MetricsHistory();
        Dbn dbn = p.upDown(WakeSleepConfig.defaults().withEpochs(30).withBatchSize(20).withLearningRate(0.02), history);
        assertThat(generativeError(p, dbn)).as("generative test error (chance: 0.75)").isLessThan(0.2);
        assertThat(history.warnings()).isEmpty();
    }

    @Test
    void aRateThatCollapsesTheNetworkIsReportedLayerByLayer() {
        DbnTestData.Pretrained p = DbnTestData.Pretrained.small(30);
        assertThat(generativeError(p, p.dbn())).as("the pretrained network classifies").isLessThan(0.2);
        MetricsHistory history = new MetricsHistory();
        Dbn dbn = p.upDown(WakeSleepConfig.defaults().withEpochs(3).withBatchSize(20).withLearningRate(LARGE), history);
        assertThat(generativeError(p, dbn)).as("the collapsed network classifies near chance (0.75)")
                .isGreaterThan(0.6);
        List<TrainingWarning> warnings = history.warnings();
        assertThat(warnings).isNotEmpty();
        assertThat(warnings).allSatisfy(w -> assertThat(w.stage()).isEqualTo(WakeSleepTrainer.STAGE));
        assertThat(warnings).extracting(TrainingWarning::epoch).contains(1);
        assertThat(warnings.get(0).message()).containsAnyOf("directed layer", "the top-level memory");
        // one warning per kind and epoch, the layers named inside it
        assertThat(warnings.stream().map(w -> w.epoch() + " " + w.kind()).distinct().count())
                .isEqualTo(warnings.size());
    }

    private static final double LARGE = 5.0;
}
