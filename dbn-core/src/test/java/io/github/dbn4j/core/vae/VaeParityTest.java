package io.github.dbn4j.core.vae;

import static io.github.dbn4j.tck.NumericAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.tck.Tolerances;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same seeded VAE training (stochastic binarisation, noise, Adam) on every backend: float64
 * parameters agree with the reference backend's within {@link Tolerances#CROSS_BACKEND_F64}, after
 * one update and after two epochs, with and without a flow; so do the importance-sampled
 * log-likelihoods.
 */
class VaeParityTest {

    static Stream<Arguments> others() {
        String ref = TestBackends.reference();
        return TestBackends.float64().filter(n -> !n.equals(ref))
                .flatMap(n -> Stream.of(Arguments.of(n, 0), Arguments.of(n, 2)));
    }

    static VaeConfig config(int steps, int epochs) {
        return VaeConfig.defaults().withHidden(List.of(12, 10), List.of(10)).withLatent(4).withIaf(steps, 8)
                .withBatchSize(20).withEpochs(epochs).withSeed(7);
    }

    static Vae train(String name, int steps, int epochs, int rows) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        Matrix x = VaeTestModels.data(b, rows, 16, 3, false);
        return new VaeTrainer(b).train(config(steps, epochs), x, null, TrainingControl.none());
    }

    @ParameterizedTest(name = "{0}, {1} IAF steps")
    @MethodSource("others")
    void oneUpdateAndTwoEpochsAgreeWithTheReferenceBackend(String name, int steps) {
        String ref = TestBackends.reference();
        for (int[] run : new int[][] {{1, 20}, {2, 100}}) {
            Vae got = train(name, steps, run[0], run[1]);
            Vae want = train(ref, steps, run[0], run[1]);
            Vae start = Vae.initial(config(steps, 0).architecture(16), 7, null);
            for (String p : want.names()) {
                assertAllClose(got.values(p), want.values(p), Tolerances.CROSS_BACKEND_F64, 1e-12,
                        name + " vs " + ref + " " + p + " after " + run[0] + " epochs of " + run[1] / 20 + " batches");
            }
            assertThat(got.values("encoder.W0")).as("training moved the weights")
                    .isNotEqualTo(start.values("encoder.W0"));
        }
        Backend bg = TestBackends.get(name, Precision.FLOAT64);
        Backend bw = TestBackends.get(ref, Precision.FLOAT64);
        Vae model = train(ref, steps, 2, 100);
        double[] got = new VaeEngine(bg, model).logLikelihood(VaeTestModels.data(bg, 5, 16, 4, true), 50, 16,
                RandomStream.of(5), 0);
        double[] want = new VaeEngine(bw, model).logLikelihood(VaeTestModels.data(bw, 5, 16, 4, true), 50, 16,
                RandomStream.of(5), 0);
        assertAllClose(got, want, Tolerances.CROSS_BACKEND_F64, 1e-12, name + " importance-sampled log p(x)");
    }
}
