package io.github.dbn4j.core.dbn;

import io.github.dbn4j.core.pipeline.DbnTraining;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingWarning;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.rbm.RbmConfig;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What short runs of the demo's DBN (784-500-500-2000 with 10 labels, the program's settings: the
 * library's defaults with {@link DbnConfig#INITIAL_WEIGHT_STD}) learn
 * on the shipped MNIST subset: never chance (90% error), and no warning when they learn. Before
 * centered pretraining, the 2,000-unit layer collapsed in such runs and back-propagation ended at
 * 88.65% error, answering "1" for every digit.
 */
class ShortRunLearningTest {

    private static final Logger LOG = LoggerFactory.getLogger(ShortRunLearningTest.class);
    private static final Mnist.Dataset DATA = Mnist.subset();

    private final Backend b = TestBackends.get(TestBackends.names().contains("nd4j") ? "nd4j" : TestBackends.small(),
            Precision.FLOAT32);

    record Outcome(double testError, List<TrainingWarning> warnings, int fineTuneEpochs) {
    }

    private Outcome run(int trainImages, int pretrainEpochs, int wakeSleepEpochs, int fineTuneEpochs) {
        LabelledImages[] split = DATA.train().head(4500 + 500).split(500, 3);
        LabelledImages train = split[0].head(trainImages);
        Matrix x = train.toMatrix(b, LabelledImages.Pixels.SCALED, 3);
        Matrix xv = split[1].toMatrix(b, LabelledImages.Pixels.SCALED, 4);
        Matrix xt = DATA.test().toMatrix(b, LabelledImages.Pixels.SCALED, 5);
        RbmConfig layer = RbmConfig.defaults(500).withEpochs(pretrainEpochs)
                .withInitialWeightStd(DbnConfig.INITIAL_WEIGHT_STD).withSeed(3);
        DbnTraining.Plan plan = new DbnTraining.Plan(DbnConfig.of(layer, 10, 500, 500, 2000),
                wakeSleepEpochs > 0 ? WakeSleepConfig.defaults().withEpochs(wakeSleepEpochs) : null,
                FineTuneConfig.defaults().withEpochs(fineTuneEpochs), 10);
        MetricsHistory history = new MetricsHistory();
        Dbn dbn = new DbnTraining(b).run(plan, x, train.labels(), xv, split[1].labels(), TrainingControl.none(),
                (phase, d) -> { }, List.of(history));
        double error = new ClassifierEngine(b, dbn.classifier().orElseThrow()).evaluate(xt, DATA.test().labels())
                .errorRate();
        LOG.info("{} images, {} pretraining, {} up-down, {} back-propagation epochs: test error {}, warnings {}",
                trainImages, pretrainEpochs, wakeSleepEpochs, fineTuneEpochs, error, history.warnings());
        return new Outcome(error, history.warnings(), history.stage(FineTuner.STAGE).size());
    }

    /**
     * 4,500 images, 1 pretraining, 1 up-down and 2 back-propagation epochs: 11.5% test error on ND4J
     * float32, no warning. (Before centered pretraining and centered back-propagation such runs
     * ended at chance, answering one class for every digit.)
     */
    @org.junit.jupiter.api.Test
    void aShortRunLearnsWellBelowChance() {
        Outcome o = run(4500, 1, 1, 2);
        assertThat(o.testError()).as("test error (chance 0.90)").isLessThan(0.2);
        assertThat(o.warnings()).as("warnings").isEmpty();
    }

    /**
     * Pretraining epochs {0, 1, 2} by training sizes {1,000, 4,500}, 10 back-propagation epochs.
     * Test errors measured on ND4J float32: 1,000 images 15.4%, 14.5%, 14.0%; 4,500 images 10.5%,
     * 8.7%, 7.8%. The bounds leave a margin of about half the measured error.
     */
    @ParameterizedTest(name = "{0} images, {1} pretraining epochs")
    @CsvSource({"1000, 0, 0.25", "1000, 1, 0.25", "1000, 2, 0.25", "4500, 0, 0.18", "4500, 1, 0.15",
        "4500, 2, 0.15"})
    void noRunOfTheSweepEndsAtChance(int images, int pretrainEpochs, double bound) {
        Outcome o = run(images, pretrainEpochs, 0, 10);
        assertThat(o.testError()).as("test error (chance 0.90)").isLessThan(bound);
        assertThat(o.warnings()).as("warnings after the first back-propagation epoch")
                .allMatch(w -> w.stage().equals(FineTuner.STAGE) && w.epoch() == 1);
    }
}
