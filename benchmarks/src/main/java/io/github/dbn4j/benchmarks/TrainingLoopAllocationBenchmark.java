package io.github.dbn4j.benchmarks;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.dbn.Classifier;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DirectedLayer;
import io.github.dbn4j.core.dbn.FineTuneConfig;
import io.github.dbn4j.core.dbn.FineTuner;
import io.github.dbn4j.core.dbn.WakeSleepConfig;
import io.github.dbn4j.core.dbn.WakeSleepTrainer;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmTrainer;
import io.github.dbn4j.core.rbm.VisibleUnits;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One epoch of the real training loops (CD-1, wake-sleep, back-propagation) on {@code batches}
 * mini-batches of 100, including the trainer's set-up, to be run with {@code -prof gc}. What the
 * difference between {@code batches=40} and {@code batches=10} shows is everything that grows
 * with the data: the checks of the training data, the case order, and the loop itself. The exact
 * allocation between two mini-batches is measured by {@code PerBatchAllocationTest} in dbn-core
 * (zero on EJML); docs/PERFORMANCE.md has both.
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class TrainingLoopAllocationBenchmark extends AbstractBenchmark {

    /** JMH creates the benchmark state. */
    public TrainingLoopAllocationBenchmark() {
    }

    private static final int BATCH = 100;

    @Param({"cd1", "wakesleep", "finetune"})
    public String loop;

    @Param({"10", "40"})
    public int batches;

    private Backend b;
    private Matrix x;
    private int[] y;
    private Dbn dbn;
    private Classifier classifier;

    @Setup
    public void setUp() {
        b = backend();
        int n = batches * BATCH;
        RandomStream s = RandomStream.of(SEED);
        double[] pixels = new double[n * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = s.uniform(i) < 0.13 ? 1 : 0;
        }
        x = b.fromArray(n, 784, pixels);
        y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
        }
        List<DirectedLayer> lower = List.of(new DirectedLayer(784, 200, weights(s, 784, 200, 1), new double[200],
                weights(s, 784, 200, 2), new double[784]));
        Rbm top = new Rbm(VisibleUnits.BERNOULLI, 200, 300, weights(s, 200, 300, 3), new double[200],
                new double[300], 10, weights(s, 10, 300, 4), new double[10], null);
        dbn = new Dbn(VisibleUnits.BERNOULLI, 784, lower, top, null, null);
        List<double[]> w = new ArrayList<>();
        List<double[]> bias = new ArrayList<>();
        int[] sizes = {784, 200, 300, 10};
        for (int i = 0; i < 3; i++) {
            w.add(weights(s, sizes[i], sizes[i + 1], 5 + i));
            bias.add(new double[sizes[i + 1]]);
        }
        classifier = new Classifier(sizes, w, bias);
    }

    private static double[] weights(RandomStream s, int rows, int cols, long split) {
        RandomStream r = s.split(split);
        double[] w = new double[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.01 * r.gaussian(i);
        }
        return w;
    }

    @Benchmark
    public Object epoch() {
        return switch (loop) {
            case "cd1" -> new RbmTrainer(b).train(RbmConfig.defaults(200).withEpochs(1).withBatchSize(BATCH), x,
                    TrainingOptions.defaults());
            case "wakesleep" -> new WakeSleepTrainer(b).train(dbn, WakeSleepConfig.defaults().withEpochs(1)
                    .withBatchSize(BATCH), x, y);
            case "finetune" -> new FineTuner(b).train(classifier, FineTuneConfig.defaults().withEpochs(1)
                    .withBatchSize(BATCH), x, y, null, null);
            default -> throw new IllegalArgumentException(loop);
        };
    }
}
