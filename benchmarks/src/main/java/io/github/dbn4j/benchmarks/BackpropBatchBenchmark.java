package io.github.dbn4j.benchmarks;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.dbn.Classifier;
import io.github.dbn4j.core.dbn.ClassifierEngine;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** Forward and backward pass of the 784-500-500-2000-10 classifier on a batch of 100. */
public class BackpropBatchBenchmark extends AbstractBenchmark {

    /** JMH creates the benchmark state. */
    public BackpropBatchBenchmark() {
    }

    private static final int[] SIZES = {784, 500, 500, 2000, 10};

    private ClassifierEngine engine;
    private Matrix x;
    private Matrix y;
    private List<Matrix> acts;
    private final List<Matrix> gW = new ArrayList<>();
    private final List<Matrix> gB = new ArrayList<>();

    @Setup
    public void setUp() {
        Backend b = backend();
        RandomStream s = RandomStream.of(SEED);
        List<double[]> w = new ArrayList<>();
        List<double[]> bias = new ArrayList<>();
        long pos = 0;
        for (int i = 0; i < SIZES.length - 1; i++) {
            double[] wi = new double[SIZES[i] * SIZES[i + 1]];
            for (int k = 0; k < wi.length; k++) {
                wi[k] = 0.05 * s.gaussian(pos++);
            }
            w.add(wi);
            bias.add(new double[SIZES[i + 1]]);
            gW.add(b.create(SIZES[i], SIZES[i + 1]));
            gB.add(b.create(1, SIZES[i + 1]));
        }
        engine = new ClassifierEngine(b, new Classifier(SIZES, w, bias));
        x = b.create(100, 784);
        b.fillUniform(s.split(1), 0, x);
        double[] oneHot = new double[100 * 10];
        for (int i = 0; i < 100; i++) {
            oneHot[i * 10 + s.nextInt(pos + i, 10)] = 1;
        }
        y = b.fromArray(100, 10, oneHot);
        acts = engine.activations(100);
    }

    @Benchmark
    public double backprop() {
        return engine.gradient(x, y, acts, gW, gB);
    }
}
