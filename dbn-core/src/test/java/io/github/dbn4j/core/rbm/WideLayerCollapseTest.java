package io.github.dbn4j.core.rbm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.TrainingWarning;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.internal.Labels;
import org.junit.jupiter.api.Test;

/**
 * The collapse that made short DBN runs end at chance: plain CD-1 on a wide layer (2,000 hidden
 * units, learning rate 0.1) overshoots along the direction every hidden unit shares and ends with
 * the hidden units switched off; the detector reports it. Centered training of the same layer, on
 * the same data and seed, learns and raises no warning.
 */
class WideLayerCollapseTest {

    private final Backend b = TestBackends.get(TestBackends.names().contains("nd4j") ? "nd4j" : TestBackends.small(),
            Precision.FLOAT32);

    private MetricsHistory train(boolean centered) {
        LabelledImages digits = Mnist.subset().train().head(1000);
        Matrix x = digits.toMatrix(b, LabelledImages.Pixels.SCALED, 1);
        Matrix y = Labels.oneHot(b, digits.labels(), 10);
        RbmConfig config = RbmConfig.defaults(2000).withEpochs(2).withSeed(4).withCentered(centered);
        MetricsHistory history = new MetricsHistory();
        new RbmTrainer(b).train(config, null, BatchSource.of(b, x), BatchSource.of(b, y), "wide",
                TrainingOptions.defaults().withListeners(history));
        return history;
    }

    @Test
    void plainCdCollapsesAWideLayerAndIsReported() {
        MetricsHistory plain = train(false);
        assertThat(plain.warnings()).as("warnings of plain CD").isNotEmpty();
        assertThat(plain.warnings()).extracting(TrainingWarning::stage).containsOnly("wide");
        assertThat(plain.warnings()).extracting(TrainingWarning::kind).contains(TrainingWarning.Kind.NO_INFORMATION);
    }

    @Test
    void centeredTrainingOfTheSameLayerLearnsSilently() {
        MetricsHistory centered = train(true);
        assertThat(centered.warnings()).as("warnings of centered training").isEmpty();
        MetricsHistory plain = train(false);
        assertThat(centered.epochs().get(1).cost()).as("reconstruction after 2 epochs, centered vs plain")
                .isLessThan(0.9 * plain.epochs().get(1).cost());
    }
}
