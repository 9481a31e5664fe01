package io.github.dbn4j.core.rbm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingOptions;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The negative statistics of CD-k, read off one update of a small RBM whose chains have mixed, against
 * the model's exact correlations {@code <v_i p(h_j = 1 | v)>}, summed over every visible state.
 *
 * <p>With sampled last visible states ({@link RbmConfig#sampledNegative()}) they are the model's
 * correlations up to Monte Carlo noise. With the visible probabilities they are biased towards larger
 * weights: {@code p(h_j | p(v))} leaves out how the state of {@code v_i} itself moves the input of
 * {@code h_j}, which understates the correlation of a large positive weight and overstates that of a
 * large negative one.
 */
class NegativePhaseTest {

    private static final int V = 4;
    private static final int H = 3;
    private static final double[] W = {
            2.5, -2.0, 1.5,
            -1.5, 2.5, 1.0,
            2.0, 1.0, -2.5,
            -1.0, -2.0, 2.0};
    private static final double[] B = {-1.0, 0.5, -0.5, 0.0};
    private static final double[] C = {-1.0, 0.5, -0.5};
    /** Every case of the one mini-batch; the chains start here and mix in the 30 Gibbs steps. */
    private static final double[] CASE = {1, 0, 1, 0};
    private static final int CASES = 20_000;

    private final Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);
    private final Rbm model = new Rbm(VisibleUnits.BERNOULLI, V, H, W, B, C, null);

    @Test
    void sampledLastStatesGiveTheModelsCorrelations() {
        double[] neg = negativeStatistics(true);
        double[] exact = exactCorrelations();
        for (int k = 0; k < V * H; k++) {
            // 20,000 chains: a standard error of at most 0.0035 per entry
            assertThat(neg[k]).as("<v%d h%d>", k / H, k % H).isCloseTo(exact[k],
                    Offset.offset(0.015));
        }
    }

    @Test
    void probabilitiesBiasTheStatisticsTowardsLargerWeights() {
        double[] neg = negativeStatistics(false);
        double[] exact = exactCorrelations();
        // the two largest errors, from enumerating the chains' stationary hidden states: -0.060 at W = 2.5 and
        // +0.059 at W = -2.5, each understating the weight's correlation
        assertThat(neg[0] - exact[0]).as("<v0 h0>, W = 2.5").isLessThan(-0.04);
        assertThat(neg[8] - exact[8]).as("<v2 h2>, W = -2.5").isGreaterThan(0.04);
        // over all of them, W . (neg - exact) = -0.66: the step W += pos - neg then grows |W|
        assertThat(dotWithWeights(neg, exact)).isLessThan(-0.4);
        assertThat(dotWithWeights(negativeStatistics(true), exact)).as("sampled").isBetween(-0.1, 0.1);
    }

    private static double dotWithWeights(double[] neg, double[] exact) {
        double dot = 0;
        for (int k = 0; k < V * H; k++) {
            dot += W[k] * (neg[k] - exact[k]);
        }
        return dot;
    }

    /** The negative phase's {@code <v_i h_j>}, from the weight step of one update at rate 1 with nothing else in it. */
    private double[] negativeStatistics(boolean sampled) {
        RbmConfig config = RbmConfig.defaults(H).withCentered(false).withBatchSize(CASES).withEpochs(1)
                .withLearningRate(1.0).withMomentum(0, 0, 0).withWeightDecay(0).withCdSteps(30)
                .withSampledNegative(sampled).withSeed(7);
        double[] data = new double[CASES * V];
        for (int r = 0; r < CASES; r++) {
            System.arraycopy(CASE, 0, data, r * V, V);
        }
        Rbm after = new RbmTrainer(b).train(config, model, BatchSource.of(b, b.fromArray(CASES, V, data)),
                null, RbmTrainer.STAGE, TrainingOptions.defaults());
        double[] neg = new double[V * H];
        for (int i = 0; i < V; i++) {
            for (int j = 0; j < H; j++) {
                double positive = CASE[i] * hiddenProbability(CASE, j);
                neg[i * H + j] = positive - (after.weight(i, j) - model.weight(i, j));
            }
        }
        return neg;
    }

    /** {@code sum_v p(v) v_i p(h_j = 1 | v)}, with {@code p(v)} from the free energies of all 16 states. */
    private double[] exactCorrelations() {
        double logZ = BruteForce.logZ(model);
        double[] out = new double[V * H];
        for (int s = 0; s < 1 << V; s++) {
            double[] v = BruteForce.bits(s, V);
            double p = Math.exp(-BruteForce.freeEnergy(model, v) - logZ);
            for (int i = 0; i < V; i++) {
                for (int j = 0; j < H; j++) {
                    out[i * H + j] += p * v[i] * hiddenProbability(v, j);
                }
            }
        }
        return out;
    }

    private static double hiddenProbability(double[] v, int j) {
        double x = C[j];
        for (int i = 0; i < V; i++) {
            x += v[i] * W[i * H + j];
        }
        return 1 / (1 + Math.exp(-x));
    }
}
