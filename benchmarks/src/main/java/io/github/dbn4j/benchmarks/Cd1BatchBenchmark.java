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
 * public operations: up, sample, down, up, {@link RbmEngine#cdStatistics} and a plain step. This
 * is the update of the top layer in up-down, not {@code RbmTrainer}'s, which folds momentum and
 * the bias statistics into products (its cost per epoch is what {@code dbn4j bench} measures as
 * {@code cd1_epoch}). Run with {@code -prof gc} to see the allocation per batch.
 */
public class Cd1BatchBenchmark extends AbstractBenchmark {

    private Backend b;
    private RbmEngine engine;
    private RandomCursor rng;
    private Matrix v0;
    private Matrix ph0;
    private Matrix h0;
    private Matrix v1;
    private Matrix ph1;
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
        engine.cdStatistics(v0, ph0, v1, ph1, dW, db, dc);
        b.axpy(0.1, dW, engine.weightMatrix());
        b.axpy(0.1, db, engine.visibleBiasMatrix());
        b.axpy(0.1, dc, engine.hiddenBiasMatrix());
        return dW;
    }
}
