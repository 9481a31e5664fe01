package io.github.dbn4j.core.rbm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.Patterns;
import io.github.dbn4j.core.RandomCursor;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.TrainingOptions;
import org.junit.jupiter.api.Test;

/** Learning and sampling on data with a known optimum, on one backend (the parity tests cover the rest). */
class RbmLearningTest {

    private static final double OPTIMUM = -Math.log(30); // -3.4012 nats: 1/30 on each bars-and-stripes image

    private final Backend b = TestBackends.get(TestBackends.small(), Precision.FLOAT64);

    /**
     * 4x4 bars and stripes, 16 hidden units, CD-20 without momentum, 2000 epochs: the exact
     * average log-likelihood reaches -3.53 nats with this seed (-3.53 to -3.62 over seeds 1-3)
     * against the optimum of -3.40; a uniform model scores -11.09.
     */
    @Test
    void barsAndStripesApproachesTheOptimumLogLikelihood() {
        Matrix data = b.fromArray(300, 16, Patterns.barsAndStripes(10));
        RbmConfig config = RbmConfig.defaults(16).withBatchSize(10).withEpochs(2000).withLearningRate(0.01)
                .withWeightDecay(0).withMomentum(0, 0, 0).withCdSteps(20).withSeed(1);
        MetricsHistory history = new MetricsHistory();
        Rbm rbm = new RbmTrainer(b).train(config, data, TrainingOptions.defaults().withListeners(history));
        double ll = PartitionFunction.averageLogProbability(b, rbm, data, PartitionFunction.exactLogZ(b, rbm));
        org.slf4j.LoggerFactory.getLogger(getClass()).info("bars and stripes: average log-likelihood {}", ll);
        assertThat(ll).as("average log-likelihood %.4f vs optimum %.4f", ll, OPTIMUM).isGreaterThan(-3.75)
                .isLessThan(OPTIMUM);
        var epochs = history.epochs();
        assertThat(epochs).hasSize(2000);
        assertThat(epochs.get(1999).cost()).as("reconstruction cost falls").isLessThan(epochs.get(0).cost() / 2);

        // free-running samples from the trained model are mostly bars or stripes
        RbmEngine engine = new RbmEngine(b, rbm);
        Matrix samples = b.create(500, 16);
        engine.sample(500, 200, new RandomCursor(RandomStream.of(3)), samples);
        double[] s = b.toArray(samples);
        int valid = 0;
        for (int i = 0; i < 500; i++) {
            valid += Patterns.isBarsOrStripes(s, i * 16) ? 1 : 0;
        }
        assertThat(valid).as("%d of 500 samples are bars or stripes (random images: 30/65536)", valid)
                .isGreaterThan(300);
    }

    /** Gibbs chains sample the model distribution: empirical p(v) against exact p(v) on 4 x 3 units. */
    @Test
    void gibbsChainsSampleTheModelDistribution() {
        Rbm rbm = BruteForce.random(VisibleUnits.BERNOULLI, 4, 3, 1.5, 41);
        double logZ = BruteForce.logZ(rbm);
        int chains = 2000;
        RbmEngine engine = new RbmEngine(b, rbm);
        RandomCursor rng = new RandomCursor(RandomStream.of(8));
        Matrix start = b.create(chains, 4);
        Matrix samples = b.create(chains, 4);
        double[] counts = new double[16];
        engine.gibbs(start, 50, rng, null, samples);
        for (int round = 0; round < 10; round++) {
            engine.gibbs(samples, 5, rng, null, start);
            b.copy(start, samples);
            double[] s = b.toArray(samples);
            for (int i = 0; i < chains; i++) {
                int state = 0;
                for (int u = 0; u < 4; u++) {
                    state |= (int) s[i * 4 + u] << u;
                }
                counts[state]++;
            }
        }
        double tv = 0;
        for (int state = 0; state < 16; state++) {
            double p = Math.exp(-BruteForce.freeEnergy(rbm, BruteForce.bits(state, 4)) - logZ);
            tv += 0.5 * Math.abs(counts[state] / (chains * 10.0) - p);
        }
        // 20,000 draws (correlated in groups of 10): sampling noise in TV is about 0.01
        assertThat(tv).as("total variation distance").isLessThan(0.03);
    }
}
