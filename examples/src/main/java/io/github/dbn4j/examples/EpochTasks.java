package io.github.dbn4j.examples;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.dbn.Classifier;
import io.github.dbn4j.core.dbn.FineTuneConfig;
import io.github.dbn4j.core.dbn.FineTuner;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whole-epoch measurements for {@code bench}: one epoch of CD-1 or PCD-1 of a 784 x 500 RBM, or
 * of back-propagation through 784-500-500-2000-10, in batches of 100. The time is the trainer's
 * own epoch time (monitoring included, set-up and data checks excluded); the median of the
 * repeats after one warm-up epoch is reported.
 */
final class EpochTasks {

    static final List<String> TASKS = List.of("cd1_epoch", "pcd1_epoch", "finetune_epoch");
    private static final int BATCH = 100;
    private static final int[] NET = {784, 500, 500, 2000, 10};

    /** One measurement. */
    record Measurement(String shape, double seconds, long samples, double flops) {
    }

    private final LabelledImages data;
    private final int repeats;

    EpochTasks(LabelledImages data, int repeats) {
        this.data = data;
        this.repeats = repeats;
    }

    Measurement measure(Backend b, String task) {
        Matrix x = data.toMatrix(b, task.equals("finetune_epoch") ? LabelledImages.Pixels.SCALED
                : LabelledImages.Pixels.STOCHASTIC, 1);
        int n = x.rows();
        double[] times = new double[repeats];
        for (int r = -1; r < repeats; r++) {
            double s = task.equals("finetune_epoch") ? finetune(b, x) : cd(b, x, task.equals("pcd1_epoch"));
            if (r >= 0) {
                times[r] = s;
            }
        }
        Arrays.sort(times);
        double seconds = times[repeats / 2];
        if (task.equals("finetune_epoch")) {
            double perCase = 0;
            for (int i = 0; i < NET.length - 1; i++) {
                perCase += 2.0 * NET[i] * NET[i + 1];
            }
            // forward, back-propagated deltas and weight gradients: three products per layer
            return new Measurement(n + " x 784-500-500-2000-10", seconds, n, 3 * perCase * n);
        }
        // CD-1: up, down, up and the two gradient products (PCD-1: one more down-up for the reconstruction cost)
        int products = task.equals("pcd1_epoch") ? 7 : 5;
        return new Measurement(n + " x 784x500", seconds, n, products * 2.0 * 784 * 500 * n);
    }

    private double cd(Backend b, Matrix x, boolean persistent) {
        RbmConfig c = RbmConfig.defaults(500).withEpochs(1).withBatchSize(BATCH);
        if (persistent) {
            c = c.withPersistentChains(BATCH);
        }
        EpochTime t = new EpochTime();
        new RbmTrainer(b).train(c, x, t);
        return t.seconds;
    }

    private double finetune(Backend b, Matrix x) {
        List<double[]> w = new ArrayList<>();
        List<double[]> bias = new ArrayList<>();
        RandomStream rng = RandomStream.of(3);
        long pos = 0;
        for (int i = 0; i < NET.length - 1; i++) {
            double[] wi = new double[NET[i] * NET[i + 1]];
            for (int k = 0; k < wi.length; k++) {
                wi[k] = 0.05 * rng.gaussian(pos++);
            }
            w.add(wi);
            bias.add(new double[NET[i + 1]]);
        }
        EpochTime t = new EpochTime();
        new FineTuner(b).train(new Classifier(NET, w, bias), FineTuneConfig.defaults().withEpochs(1)
                .withBatchSize(BATCH), x, data.labels(), null, null, t);
        return t.seconds;
    }

    /** Peak resident memory of this process in MB (Linux {@code VmHWM}), or -1 where unknown. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static final class EpochTime implements TrainingListener {
        double seconds;

        @Override
        public Decision onEpoch(EpochMetrics m) {
            seconds = m.seconds();
            return Decision.CONTINUE;
        }
    }
}
