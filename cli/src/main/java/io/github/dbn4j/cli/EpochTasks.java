package io.github.dbn4j.cli;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.dbn.Classifier;
import io.github.dbn4j.core.dbn.FineTuneConfig;
import io.github.dbn4j.core.dbn.FineTuner;
import io.github.dbn4j.core.rbm.Ais;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmTrainer;
import io.github.dbn4j.core.rbm.VisibleUnits;
import io.github.dbn4j.core.vae.VaeConfig;
import io.github.dbn4j.core.vae.VaeTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whole-epoch measurements for {@code bench}: one epoch of CD-1 or PCD-1 of a 784 x H RBM (H = 500 unless
 * {@code --hidden} says otherwise), or
 * of back-propagation through 784-500-500-2000-10, or of the VAE of {@code train-vae} ({@code vae_epoch}:
 * 784-200-200-50 with its defaults), in batches of 100; the products of a CD-1
 * epoch alone ({@code cd1_gemm}); one AIS estimate ({@code ais}). The time is the trainer's
 * own epoch time (monitoring included, set-up and data checks excluded); the median of the
 * repeats after one warm-up epoch is reported.
 */
final class EpochTasks {

    static final List<String> TASKS = List.of("cd1_epoch", "cd1_gemm", "pcd1_epoch", "finetune_epoch", "vae_epoch",
            "ais");
    /** AIS: 100 runs over 1,000 inverse temperatures of a 784 x 500 RBM (the paper's schedule shape). */
    static final int AIS_RUNS = 100;
    static final int AIS_BETAS = 1000;
    private static final int BATCH = 100;
    private static final int[] NET = {784, 500, 500, 2000, 10};
    /** The VAE's products as (inputs, outputs): the encoder, its two heads as one, the decoder. */
    private static final int[][] VAE_LAYERS = {{784, 200}, {200, 200}, {200, 100}, {50, 200}, {200, 200}, {200, 784}};

    /** One measurement. */
    record Measurement(String shape, double seconds, long samples, double flops) {
    }

    private final LabelledImages data;
    private final int repeats;
    private final int hidden;

    EpochTasks(LabelledImages data, int repeats, int hidden) {
        this.data = data;
        this.repeats = repeats;
        this.hidden = hidden;
    }

    Measurement measure(Backend b, String task) {
        // the VAE binarises its batches anew itself, from the pixels' intensities
        Matrix x = data.toMatrix(b, task.equals("finetune_epoch") || task.equals("vae_epoch")
                ? LabelledImages.Pixels.SCALED : LabelledImages.Pixels.STOCHASTIC, 1);
        int n = x.rows();
        double[] times = new double[repeats];
        for (int r = -1; r < repeats; r++) {
            double s = switch (task) {
                case "finetune_epoch" -> finetune(b, x);
                case "vae_epoch" -> vae(b, x);
                case "cd1_gemm" -> cdGemmOnly(b, n);
                case "ais" -> ais(b, x);
                default -> cd(b, x, task.equals("pcd1_epoch"));
            };
            if (r >= 0) {
                times[r] = s;
            }
        }
        Arrays.sort(times);
        double seconds = times[repeats / 2];
        if (task.equals("ais")) {
            // per run and inverse temperature: h given v, v given h, and the free-energy ratio's v W
            long steps = (long) AIS_RUNS * AIS_BETAS;
            return new Measurement(AIS_RUNS + " runs x " + AIS_BETAS + " betas x 784x" + hidden, seconds, steps,
                    3 * 2.0 * 784 * hidden * steps);
        }
        if (task.equals("finetune_epoch")) {
            double perCase = 0;
            for (int i = 0; i < NET.length - 1; i++) {
                perCase += 2.0 * NET[i] * NET[i + 1];
            }
            // forward, back-propagated deltas and weight gradients: three products per layer
            return new Measurement(n + " x 784-500-500-2000-10", seconds, n, 3 * perCase * n);
        }
        if (task.equals("vae_epoch")) {
            double perCase = 0;
            for (int[] l : VAE_LAYERS) {
                perCase += 2.0 * l[0] * l[1];
            }
            // three products per layer, less the deltas of the input, which nothing needs
            return new Measurement(n + " x 784-200-200-50", seconds, n, (3 * perCase - 2.0 * 784 * 200) * n);
        }
        // CD-1: up, down, up and the two gradient products (PCD-1: one more down-up for the reconstruction cost)
        int products = task.equals("pcd1_epoch") ? 7 : 5;
        return new Measurement(n + " x 784x" + hidden, seconds, n, products * 2.0 * 784 * hidden * n);
    }

    private double cd(Backend b, Matrix x, boolean persistent) {
        // plain CD statistics: the peers' algorithm, so the two sides of a ratio do the same work
        RbmConfig c = RbmConfig.defaults(hidden).withEpochs(1).withBatchSize(BATCH).withCentered(false);
        if (persistent) {
            c = c.withPersistentChains(BATCH);
        }
        EpochTime t = new EpochTime();
        Runs.trainer(b, RbmTrainer.class).train(c, x, TrainingOptions.defaults().withListeners(t));
        return t.seconds;
    }

    /**
     * The five products of a CD-1 epoch alone, in the trainer's shapes (up, down, up, and the two
     * statistics products into the velocity): the floor under a CD-1 epoch on this backend.
     */
    private double cdGemmOnly(Backend b, int n) {
        int h = hidden;
        int v = 784;
        Matrix w = b.create(v, h);
        Matrix vel = b.create(v, h);
        Matrix v0 = b.create(BATCH, v);
        Matrix h0 = b.create(BATCH, h);
        Matrix x1 = b.create(BATCH, v);
        Matrix h1 = b.create(BATCH, h);
        b.fillUniform(RandomStream.of(5), 0, v0);
        b.fillUniform(RandomStream.of(6), 0, w);
        b.scale(0.01, w, w);
        long t0 = System.nanoTime();
        for (int start = 0; start < n; start += BATCH) {
            b.gemm(false, false, 1.0, v0, w, 0.0, h0);
            b.gemm(false, true, 1.0, h0, w, 0.0, x1);
            b.gemm(false, false, 1.0, x1, w, 0.0, h1);
            b.gemm(true, false, 0.001, v0, h0, 0.5, vel);
            b.gemm(true, false, -0.001, x1, h1, 1.0, vel);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** One AIS estimate of log Z of a 784 x 500 RBM with small random weights. */
    private double ais(Backend b, Matrix x) {
        RandomStream rng = RandomStream.of(9);
        double[] w = new double[784 * hidden];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.01 * rng.gaussian(i);
        }
        Rbm rbm = new Rbm(VisibleUnits.BERNOULLI, 784, hidden, w, new double[784], new double[hidden], null);
        double[] base = Ais.baseRateBiases(b, x);
        long t0 = System.nanoTime();
        Ais.estimate(b, rbm, AIS_RUNS, Ais.paperBetas(AIS_BETAS), base, 1);
        return (System.nanoTime() - t0) / 1e9;
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
        Runs.trainer(b, FineTuner.class).train(new Classifier(NET, w, bias), FineTuneConfig.defaults().withEpochs(1)
                .withBatchSize(BATCH).withCentered(false), x, data.labels(), null, null, t);
        return t.seconds;
    }

    private double vae(Backend b, Matrix x) {
        EpochTime t = new EpochTime();
        Runs.trainer(b, VaeTrainer.class).train(VaeConfig.defaults().withEpochs(1), x, null, TrainingControl.none(), t);
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
