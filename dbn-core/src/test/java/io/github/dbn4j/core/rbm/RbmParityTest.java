package io.github.dbn4j.core.rbm;

import static io.github.dbn4j.tck.NumericAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.Patterns;
import io.github.dbn4j.core.TestBackends;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.tck.Tolerances;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same seeded training on every backend: FLOAT64 runs agree with the reference backend to
 * {@link Tolerances#CROSS_BACKEND_F64}; FLOAT32 agrees with FLOAT64 to {@link Tolerances#F32_VS_F64}
 * over one stochastic update and over the deterministic computations.
 */
class RbmParityTest {

    private static final int ROWS = 130;
    private static final int VISIBLE = 12;
    private static final double[] DATA = Patterns.randomBinary(ROWS, VISIBLE, 2024);
    private static final double[] HELD_OUT = Patterns.randomBinary(40, VISIBLE, 2025);

    /**
     * CD-1, CD-3 (its rates decaying over the last two epochs; or its negative phase from sampled last
     * states) and PCD with momentum switching, weight decay, sparsity and a short last batch.
     */
    static final Map<String, RbmConfig> RUNS = Map.of(
            "cd1", RbmConfig.defaults(8).withBatchSize(25).withEpochs(4).withMomentum(0.5, 0.9, 2)
                    .withWeightDecay(1e-3).withSparsity(0.2, 0.1).withLearningRate(0.2),
            "cd3", RbmConfig.defaults(8).withBatchSize(25).withEpochs(4).withCdSteps(3).withMomentum(0.5, 0.9, 2)
                    .withWeightDecay(1e-3).withLearningRate(0.2).withDecayFrom(3),
            "pcd", RbmConfig.defaults(8).withBatchSize(25).withEpochs(4).withPersistentChains(15).withCdSteps(2)
                    .withMomentum(0.5, 0.9, 2).withWeightDecay(1e-3).withSparsity(0.1, 0.05).withLearningRate(0.1),
            "annealed", RbmConfig.defaults(8).withBatchSize(25).withEpochs(4).withCdSteps(3).withCdIncreaseEvery(1)
                    .withFixedBatches(true).withZeroInitialBiases(true).withLearningRates(0.2, 0.1, 0)
                    .withCentered(false).withMomentum(0.5, 0.9, 2).withWeightDecay(1e-3),
            "sampled", RbmConfig.defaults(8).withBatchSize(25).withEpochs(4).withCdSteps(3).withSampledNegative(true)
                    .withCentered(false).withMomentum(0.5, 0.9, 2).withWeightDecay(1e-3).withLearningRate(0.2),
            "gaussian", RbmConfig.defaults(8).withVisibleUnits(VisibleUnits.GAUSSIAN).withBatchSize(25).withEpochs(3)
                    .withMomentum(0.5, 0.9, 1).withWeightDecay(1e-3).withLearningRate(0.01));

    record Outcome(Rbm rbm, List<EpochMetrics> epochs) {
    }

    static Outcome run(String backend, Precision p, RbmConfig config) {
        Backend b = TestBackends.get(backend, p);
        double[] data = DATA;
        if (config.visibleUnits() == VisibleUnits.GAUSSIAN) {
            data = DATA.clone();
            for (int i = 0; i < data.length; i++) {
                data[i] = 2 * data[i] - 1 + 0.1 * (i % 7);
            }
        }
        MetricsHistory history = new MetricsHistory();
        Rbm rbm = new RbmTrainer(b).train(config, b.fromArray(ROWS, VISIBLE, data), TrainingOptions.defaults()
                .withHeldOut(b.fromArray(40, VISIBLE, HELD_OUT), null).withListeners(history));
        return new Outcome(rbm, history.epochs());
    }

    static Stream<Arguments> float64Pairs() {
        String ref = TestBackends.reference();
        return TestBackends.float64().filter(n -> !n.equals(ref))
                .flatMap(n -> RUNS.keySet().stream().sorted().map(run -> Arguments.of(n, ref, run)));
    }

    static Stream<Arguments> float32Runs() {
        return TestBackends.float32().flatMap(n -> RUNS.keySet().stream().sorted().map(run -> Arguments.of(n, run)));
    }

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @MethodSource("float64Pairs")
    void float64TrainingAgreesAcrossBackends(String backend, String reference, String runName) {
        RbmConfig config = RUNS.get(runName);
        Outcome got = run(backend, Precision.FLOAT64, config);
        Outcome want = run(reference, Precision.FLOAT64, config);
        double rtol = Tolerances.CROSS_BACKEND_F64;
        String what = backend + " vs " + reference + " " + runName;
        assertAllClose(got.rbm().weights(), want.rbm().weights(), rtol, 1e-12, what + " W");
        assertAllClose(got.rbm().visibleBias(), want.rbm().visibleBias(), rtol, 1e-12, what + " b");
        assertAllClose(got.rbm().hiddenBias(), want.rbm().hiddenBias(), rtol, 1e-12, what + " c");
        assertThat(got.epochs()).hasSameSizeAs(want.epochs());
        for (int e = 0; e < want.epochs().size(); e++) {
            Map<String, Double> g = got.epochs().get(e).values();
            Map<String, Double> w = want.epochs().get(e).values();
            assertThat(g.keySet()).isEqualTo(w.keySet());
            assertAllClose(g.values().stream().mapToDouble(Double::doubleValue).toArray(),
                    w.values().stream().mapToDouble(Double::doubleValue).toArray(), rtol, 1e-12,
                    what + " metrics of epoch " + (e + 1) + " " + w.keySet());
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("float32Runs")
    void sameSeedSameBackendIsBitIdentical(String backend, String runName) {
        for (Precision p : Precision.values()) {
            Outcome a = run(backend, p, RUNS.get(runName));
            Outcome b = run(backend, p, RUNS.get(runName));
            assertArrayEquals(a.rbm().weights(), b.rbm().weights(), backend + " " + p + " " + runName);
            assertThat(a.epochs().get(a.epochs().size() - 1).values())
                    .isEqualTo(b.epochs().get(b.epochs().size() - 1).values());
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("float32Runs")
    void float32AgreesWithFloat64OverOneStochasticUpdate(String backend, String runName) {
        // one epoch of one batch holding every case, without momentum: a single update
        RbmConfig one = RUNS.get(runName).withEpochs(1).withBatchSize(ROWS);
        Outcome f32 = run(backend, Precision.FLOAT32, one);
        Outcome f64 = run(backend, Precision.FLOAT64, one);
        double tol = Tolerances.F32_VS_F64;
        String what = backend + " float32 vs float64 " + runName;
        assertAllClose(f32.rbm().weights(), f64.rbm().weights(), tol, tol * 1e-2, what + " W");
        assertAllClose(f32.rbm().visibleBias(), f64.rbm().visibleBias(), tol, tol * 1e-2, what + " b");
        assertAllClose(f32.rbm().hiddenBias(), f64.rbm().hiddenBias(), tol, tol * 1e-2, what + " c");
        assertAllClose(new double[] {f32.epochs().get(0).cost()}, new double[] {f64.epochs().get(0).cost()}, tol,
                tol, what + " cost");
    }

    static Stream<String> otherFloat64() {
        String ref = TestBackends.reference();
        return TestBackends.float64().filter(n -> !n.equals(ref));
    }

    /** Annealed CD-k on data binarised anew for every mini-batch, as Salakhutdinov and Murray train. */
    static Rbm binarisedRun(String backend) {
        Backend b = TestBackends.get(backend, Precision.FLOAT64);
        double[] grey = DATA.clone();
        for (int i = 0; i < grey.length; i++) {
            grey[i] = 0.1 + 0.8 * grey[i] * ((i % 5) / 4.0);
        }
        io.github.dbn4j.core.BatchSource source = io.github.dbn4j.core.BatchSource.binarised(b,
                io.github.dbn4j.core.BatchSource.of(b, b.fromArray(ROWS, VISIBLE, grey)),
                io.github.dbn4j.api.RandomStream.of(5));
        return new RbmTrainer(b).train(RUNS.get("annealed").withFixedBatches(false), null, source, null,
                RbmTrainer.STAGE, TrainingOptions.defaults());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherFloat64")
    void perBatchBinarisationAgreesAcrossBackends(String backend) {
        Rbm got = binarisedRun(backend);
        Rbm want = binarisedRun(TestBackends.reference());
        assertAllClose(got.weights(), want.weights(), Tolerances.CROSS_BACKEND_F64, 1e-12, backend + " W");
        assertAllClose(got.visibleBias(), want.visibleBias(), Tolerances.CROSS_BACKEND_F64, 1e-12, backend + " b");
    }

    static Stream<String> float32Backends() {
        return TestBackends.float32();
    }

    /** Free energy, exact log Z and mean-field reconstruction of a fixed model, float32 vs float64. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("float32Backends")
    void float32DeterministicComputationsAgreeWithFloat64(String backend) {
        Rbm rbm = run(backend, Precision.FLOAT64, RUNS.get("cd1")).rbm();
        double[] results = new double[2 * 3];
        for (Precision p : Precision.values()) {
            Backend b = TestBackends.get(backend, p);
            Matrix data = b.fromArray(ROWS, VISIBLE, DATA);
            RbmEngine engine = new RbmEngine(b, rbm);
            int o = p == Precision.FLOAT64 ? 0 : 3;
            results[o] = engine.meanFreeEnergy(data);
            results[o + 1] = PartitionFunction.exactLogZ(b, rbm);
            results[o + 2] = engine.meanFieldReconstructionCost(data);
        }
        assertAllClose(java.util.Arrays.copyOfRange(results, 3, 6), java.util.Arrays.copyOfRange(results, 0, 3),
                Tolerances.F32_VS_F64, 0, backend + " float32 vs float64: free energy, log Z, reconstruction");
    }
}
