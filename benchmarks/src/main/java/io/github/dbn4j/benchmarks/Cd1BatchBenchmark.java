package io.github.dbn4j.benchmarks;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.RandomCursor;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmEngine;
import io.github.dbn4j.core.rbm.VisibleUnits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * One CD-1 update of a 784 x 500 RBM on a batch of 100 binary cases, composed of the engine's
 * public operations: up, sample, down, up, then the step of momentum 0.9 by
 * {@link RbmEngine#cdStatistics}, the call that {@code RbmTrainer}'s plain CD and the top level of
 * up-down make, and its addition to the parameters. What the trainer adds around it (weight decay,
 * the monitors) is in {@code dbn4j bench}'s {@code cd1_epoch}. Run with {@code -prof gc} to see the
 * allocation per batch.
 */
public class Cd1BatchBenchmark extends AbstractBenchmark {

    /** JMH creates the benchmark state. */
    public Cd1BatchBenchmark() {
    }

    private Backend b;
    private RbmEngine engine;
    private RandomCursor rng;
    private Matrix v0;
    private Matrix ph0;
    private Matrix h0;
    private Matrix v1;
    private Matrix ph1;
    private Matrix ones;
    private Matrix dW;
    private Matrix db;
    private Matrix dc;

    @Setup
    public void setUp() {
        b = backend();
        RandomStream s = RandomStream.of(SEED);
        double[] w = new double[784 * 500];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.01 * s.gaussian(i);
        }
        engine = new RbmEngine(b, new Rbm(VisibleUnits.BERNOULLI, 784, 500, w, new double[784], new double[500], null));
        rng = new RandomCursor(s.split(1));
        v0 = b.create(100, 784);
        Matrix half = b.create(100, 784);
        b.fill(half, 0.13);
        b.fillUniform(s, 1_000_000, v0);
        b.bernoulli(half, v0, v0);
        ph0 = b.create(100, 500);
        h0 = b.create(100, 500);
        v1 = b.create(100, 784);
        ph1 = b.create(100, 500);
        ones = b.create(1, 100);
        b.fill(ones, 1.0);
        dW = b.create(784, 500);
        db = b.create(1, 784);
        dc = b.create(1, 500);
    }

    @Benchmark
    public Matrix cd1Update() {
        engine.hiddenProbabilities(v0, ph0);
        engine.sampleHidden(ph0, rng, h0);
        engine.visibleMeans(h0, v1);
        engine.hiddenProbabilities(v1, ph1);
        engine.cdStatistics(0.1, 1.0, 1.0, 0.9, v0, ph0, ones, v1, ph1, ones, dW, db, dc);
        b.axpy(1.0, dW, engine.weightMatrix());
        b.axpy(1.0, db, engine.visibleBiasMatrix());
        b.axpy(1.0, dc, engine.hiddenBiasMatrix());
        return dW;
    }
}
