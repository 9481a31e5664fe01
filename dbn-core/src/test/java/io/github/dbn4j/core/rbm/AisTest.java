package io.github.dbn4j.core.rbm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.Patterns;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingOptions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AisTest {

    static Stream<String> backends() {
        return TestBackends.float64();
    }

    /** A 16 x 24 RBM trained on bars and stripes: structured, far from its base rate. */
    private static Rbm trained(Backend b) {
        Matrix data = b.fromArray(300, 16, Patterns.barsAndStripes(10));
        RbmConfig config = RbmConfig.defaults(24).withBatchSize(10).withEpochs(200).withLearningRate(0.05)
                .withCdSteps(5).withWeightDecay(0).withSeed(11);
        return new RbmTrainer(b).train(config, data, TrainingOptions.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aisLandsWithinThreeStandardErrorsOfTheExactValue(String name) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        Backend small = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
        Rbm rbm = trained(small);
        double exact = PartitionFunction.exactLogZ(b, rbm);
        Matrix data = b.fromArray(300, 16, Patterns.barsAndStripes(10));
        AisResult ais = Ais.estimate(b, rbm, 100, Ais.paperBetas(2000), Ais.baseRateBiases(b, data), 5);
        org.slf4j.LoggerFactory.getLogger(AisTest.class).info("{}: AIS log Z {} +- {} (3 se [{}, {}]), exact {}", name,
                ais.logZ(), ais.stdErr(), ais.logZLow(), ais.logZHigh(), exact);
        assertThat(ais.runs()).isEqualTo(100);
        assertThat(ais.betas()).isEqualTo(2000);
        assertThat(ais.stdErr()).isPositive().isLessThan(0.2);
        assertThat(Math.abs(ais.logZ() - exact)).as("AIS %.4f +- %.4f vs exact %.4f", ais.logZ(), ais.stdErr(), exact)
                .isLessThan(3 * ais.stdErr() + 1e-9).isLessThan(0.5);
        assertThat(ais.logZLow()).isLessThan(ais.logZ());
        assertThat(ais.logZHigh()).isGreaterThan(ais.logZ());
        assertThat(ais.logZ()).as("the trained model is far from the base rate").isNotCloseTo(ais.logZBase(),
                org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void aisOfAModelWithoutWeightsIsExact() {
        Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
        double[] vb = {0.3, -1.2, 2.0};
        Rbm independent = new Rbm(VisibleUnits.BERNOULLI, 3, 2, new double[6], vb, new double[] {0.5, -0.5}, null);
        AisResult ais = Ais.estimate(b, independent, 10, Ais.linearBetas(50), vb, 1);
        assertThat(ais.logZ()).isCloseTo(PartitionFunction.exactLogZ(b, independent),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ais.stdErr()).isLessThan(1e-12);
    }

    @Test
    void badArgumentsAreRejected() {
        Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
        Rbm rbm = BruteForce.random(VisibleUnits.BERNOULLI, 3, 2, 1, 1);
        assertThatThrownBy(() -> Ais.estimate(b, rbm, 1, Ais.linearBetas(5), null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 runs");
        assertThatThrownBy(() -> Ais.estimate(b, rbm, 5, new double[] {0.5, 0.4, 1}, null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("betas[1] = 0.4");
        assertThatThrownBy(() -> Ais.estimate(b, rbm, 5, new double[] {0.5}, null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 1");
        Rbm gaussian = BruteForce.random(VisibleUnits.GAUSSIAN, 3, 2, 1, 1);
        assertThatThrownBy(() -> Ais.estimate(b, gaussian, 5, Ais.linearBetas(5), null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactLogZ");
        double[] betas = Ais.paperBetas(14500);
        assertThat(betas[499]).isEqualTo(0.5);
        assertThat(betas[4499]).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(betas[14499]).isEqualTo(1.0);
    }
}
