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

    /** A 3-visible RBM with a softmax group of 3 labels, for the label branch of the sampled negative phase. */
    private static final double[] LW = {
            2.5, -2.0, 1.5,
            -1.5, 2.5, 1.0,
            2.0, 1.0, -2.5};
    private static final double[] LU = {
            -2.0, 1.5, 2.5,
            2.5, -1.0, -1.5,
            0.5, 2.0, -2.0};
    private static final double[] LB = {-1.0, 0.5, -0.5};
    private static final double[] LD = {0.5, -0.5, 0.0};
    private static final double[] LCASE = {1, 0, 1};
    private static final double[] LLABEL = {0, 1, 0};

    @Test
    void sampledLastStatesAndLabelsGiveTheModelsCorrelations() {
        double[][] errors = labelledErrors();
        for (int k = 0; k < 3 * H; k++) {
            // 80,000 chains: a standard error of at most 0.0018 per entry. The statistics of the last
            // visible and label probabilities are off by up to 0.024 here (-0.019 at <l0 h2>, +0.024 at <l2 h2>)
            assertThat(errors[0][k]).as("<v%d h%d>", k / H, k % H).isCloseTo(0, Offset.offset(0.008));
            assertThat(errors[1][k]).as("<l%d h%d>", k / H, k % H).isCloseTo(0, Offset.offset(0.008));
        }
    }

    /** The sampled negative statistics of one update with labels, less the exact ones: visible, then label weights. */
    private double[][] labelledErrors() {
        Rbm labelled = new Rbm(VisibleUnits.BERNOULLI, 3, H, LW, LB, C, 3, LU, LD, null);
        int cases = 4 * CASES;
        RbmConfig config = RbmConfig.defaults(H).withCentered(false).withBatchSize(cases).withEpochs(1)
                .withLearningRates(1.0, 1.0, 1.0).withMomentum(0, 0, 0).withWeightDecay(0).withCdSteps(30)
                .withSampledNegative(true).withSeed(11);
        double[] data = new double[cases * 3];
        double[] labels = new double[cases * 3];
        for (int r = 0; r < cases; r++) {
            System.arraycopy(LCASE, 0, data, r * 3, 3);
            System.arraycopy(LLABEL, 0, labels, r * 3, 3);
        }
        Rbm after = new RbmTrainer(b).train(config, labelled, BatchSource.of(b, b.fromArray(cases, 3, data)),
                BatchSource.of(b, b.fromArray(cases, 3, labels)), RbmTrainer.STAGE, TrainingOptions.defaults());
        // the exact <v_i p(h_j | v, l)> and <l_k p(h_j | v, l)>, summing p(v, l) over the 8 x 3 joint states
        double[] exactV = new double[3 * H];
        double[] exactL = new double[3 * H];
        double[] weight = new double[8 * 3];
        double z = 0;
        for (int s = 0; s < 8; s++) {
            double[] v = BruteForce.bits(s, 3);
            for (int k = 0; k < 3; k++) {
                double logP = LD[k];
                for (int i = 0; i < 3; i++) {
                    logP += v[i] * LB[i];
                }
                for (int j = 0; j < H; j++) {
                    logP += Math.log1p(Math.exp(labelledInput(v, k, j)));
                }
                weight[s * 3 + k] = Math.exp(logP);
                z += weight[s * 3 + k];
            }
        }
        for (int s = 0; s < 8; s++) {
            double[] v = BruteForce.bits(s, 3);
            for (int k = 0; k < 3; k++) {
                double p = weight[s * 3 + k] / z;
                for (int j = 0; j < H; j++) {
                    double ph = 1 / (1 + Math.exp(-labelledInput(v, k, j)));
                    for (int i = 0; i < 3; i++) {
                        exactV[i * H + j] += p * v[i] * ph;
                    }
                    exactL[k * H + j] += p * ph;
                }
            }
        }
        double[] u = after.labelWeights();
        double[][] errors = new double[2][3 * H];
        for (int j = 0; j < H; j++) {
            double positive = 1 / (1 + Math.exp(-labelledInput(LCASE, 1, j)));
            for (int i = 0; i < 3; i++) {
                double neg = LCASE[i] * positive - (after.weight(i, j) - LW[i * H + j]);
                errors[0][i * H + j] = neg - exactV[i * H + j];
            }
            for (int k = 0; k < 3; k++) {
                double neg = LLABEL[k] * positive - (u[k * H + j] - LU[k * H + j]);
                errors[1][k * H + j] = neg - exactL[k * H + j];
            }
        }
        return errors;
    }

    private static double labelledInput(double[] v, int label, int j) {
        double x = C[j] + LU[label * H + j];
        for (int i = 0; i < 3; i++) {
            x += v[i] * LW[i * H + j];
        }
        return x;
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
