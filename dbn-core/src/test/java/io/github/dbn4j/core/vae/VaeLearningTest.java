package io.github.dbn4j.core.vae;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.LearningHealth;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingWarning;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a VAE learns on the shipped MNIST subset (4,000 of its training digits): ten epochs must bring
 * the validation ELBO far above the cost of knowing only each pixel's mean, the importance-sampled
 * log-likelihood must be at least the ELBO, a flow must not hurt, and a model that cannot learn is
 * reported.
 */
class VaeLearningTest {

    static final int TRAIN = 4000;

    record Outcome(Vae vae, List<EpochMetrics> epochs, List<TrainingWarning> warnings, Matrix validation,
                   double noInformation) {
    }

    static Backend backend() {
        return TestBackends.get(TestBackends.names().contains("nd4j") ? "nd4j" : TestBackends.small(),
                Precision.FLOAT32);
    }

    static Outcome train(VaeConfig config) {
        Backend b = backend();
        LabelledImages digits = Mnist.subset().train();
        Matrix x = digits.head(TRAIN).toMatrix(b, LabelledImages.Pixels.SCALED, 3);
        Matrix rest = digits.range(TRAIN, TRAIN + 1000).toMatrix(b, LabelledImages.Pixels.SCALED, 4);
        Matrix validation = VaeTrainer.binarised(b, rest, RandomStream.of(1).split(4));
        MetricsHistory history = new MetricsHistory();
        List<TrainingWarning> warnings = new ArrayList<>();
        TrainingListener warn = new TrainingListener() {
            @Override
            public void onWarning(TrainingWarning w) {
                warnings.add(w);
            }
        };
        Vae vae = new VaeTrainer(b).train(config, x, validation, TrainingControl.none(), history, warn);
        Matrix sums = b.create(1, 784);
        b.sumColumns(x, sums);
        double[] means = b.toArray(sums);
        for (int j = 0; j < 784; j++) {
            means[j] /= TRAIN;
        }
        return new Outcome(vae, history.epochs(), warnings, validation,
                LearningHealth.bernoulliNoInformationCost(means));
    }

    @Test
    void tenEpochsLearnFarMoreThanThePixelMeansAndTheBoundIsABound() {
        VaeConfig config = VaeConfig.defaults().withEpochs(10).withSeed(3);
        Outcome o = train(config);
        double elbo = o.epochs().get(9).get(VaeTrainer.VALIDATION_ELBO);
        assertThat(o.noInformation()).as("the pixel means' cost").isBetween(180.0, 230.0);
        assertThat(-elbo).as("validation -ELBO after 10 epochs (nats)").isLessThan(o.noInformation() - 50);
        assertThat(elbo).isGreaterThan(o.epochs().get(4).get(VaeTrainer.VALIDATION_ELBO))
                .isGreaterThan(o.epochs().get(0).get(VaeTrainer.VALIDATION_ELBO));
        assertThat(o.epochs().get(9).get(VaeTrainer.TRAIN_KL)).as("the latent code is used").isGreaterThan(5);
        assertThat(o.warnings()).isEmpty();
        Backend b = backend();
        Matrix few = b.create(50, 784);
        int[] rows = new int[50];
        for (int i = 0; i < 50; i++) {
            rows[i] = i;
        }
        b.gatherRows(o.validation(), rows, 0, few);
        VaeEngine engine = new VaeEngine(b, o.vae());
        double[] ll = engine.logLikelihood(few, 200, 200, RandomStream.of(9), 0);
        double meanLl = java.util.Arrays.stream(ll).average().orElseThrow();
        double meanElbo = VaeTrainer.meanElbo(engine, few, RandomStream.of(10));
        assertThat(meanLl).as("log p(x) by 200 importance samples against the one-sample ELBO")
                .isGreaterThan(meanElbo);
        assertThat(meanLl - meanElbo).as("... by a few nats, not by a miscount").isLessThan(15);
    }

    @Test
    void aFlowTrainsAsWell() {
        Outcome o = train(VaeConfig.defaults().withEpochs(10).withIaf(2, 100).withSeed(3));
        double elbo = o.epochs().get(9).get(VaeTrainer.VALIDATION_ELBO);
        assertThat(-elbo).as("validation -ELBO with 2 IAF steps after 10 epochs").isLessThan(o.noInformation() - 45);
        assertThat(o.warnings()).isEmpty();
    }

    @Test
    void aModelThatCannotLearnIsReported() {
        // a learning rate too small to move anything in one epoch: the ELBO stays at the pixel means'
        Outcome o = train(VaeConfig.defaults().withEpochs(1).withLearningRate(1e-9, 1).withSeed(3));
        assertThat(o.warnings()).extracting(TrainingWarning::kind).contains(TrainingWarning.Kind.NO_INFORMATION);
    }
}
