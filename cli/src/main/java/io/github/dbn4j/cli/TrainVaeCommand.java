package io.github.dbn4j.cli;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.cli.report.HtmlReport;
import io.github.dbn4j.cli.report.Pictures;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.io.CheckpointFiles;
import io.github.dbn4j.core.vae.Vae;
import io.github.dbn4j.core.vae.VaeConfig;
import io.github.dbn4j.core.vae.VaeEngine;
import io.github.dbn4j.core.vae.VaeNpz;
import io.github.dbn4j.core.vae.VaeOutput;
import io.github.dbn4j.core.vae.VaeTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.commons.math3.distribution.NormalDistribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains a variational autoencoder (optionally with inverse autoregressive flow) on stochastically
 * binarised MNIST, estimates its test log-likelihood by importance sampling, writes model, metrics,
 * pictures and a report.
 */
@Command(name = "train-vae", mixinStandardHelpOptions = true,
        description = "Train a variational autoencoder (with --iaf T, inverse autoregressive flow) on binarised "
                + "MNIST or --data, estimate its test log-likelihood by importance sampling, write its report.")
final class TrainVaeCommand implements Callable<Integer> {

    static final String[] OUTPUTS = {"model.npz", "metrics.json", "reconstructions.png", "samples.png",
        "manifold.png", "curves.png", "report.html"};

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    CheckpointOptions checkpoints;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/train-vae",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @RunSettings.Saved
    @Option(names = "--hidden", split = ",", defaultValue = "200,200",
            description = "Widths of the encoder's tanh layers; the decoder mirrors them (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @RunSettings.Saved
    @Option(names = "--latent", paramLabel = "D", defaultValue = "50",
            description = "Latent units (default: ${DEFAULT-VALUE}; 2 also draws the latent manifold).")
    int latent;

    @RunSettings.Saved
    @Option(names = "--iaf", paramLabel = "T", defaultValue = "0",
            description = "Steps of inverse autoregressive flow (default: ${DEFAULT-VALUE}, a plain VAE).")
    int iaf;

    @RunSettings.Saved
    @Option(names = "--iaf-hidden", defaultValue = "200",
            description = "Hidden units of each flow step's MADE network (default: ${DEFAULT-VALUE}).")
    int iafHidden;

    @RunSettings.Saved
    @Option(names = "--output", defaultValue = "auto",
            description = "The decoder's units: bernoulli (binary data: pixels binarised anew for every batch), "
                    + "gaussian (real values: pixels dequantised anew for every batch, with bits per dimension), or "
                    + "auto: gaussian for CIFAR-10, else bernoulli (default: ${DEFAULT-VALUE}).")
    String output;

    @RunSettings.Saved
    @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @RunSettings.Saved
    @Option(names = "--batch", defaultValue = "100", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @RunSettings.Saved
    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @RunSettings.Saved
    @Option(names = "--lr-decay", defaultValue = "1",
            description = "Factor on the learning rate after every epoch (default: ${DEFAULT-VALUE}, constant).")
    double lrDecay;

    @RunSettings.Saved
    @Option(names = "--validation", paramLabel = "N",
            description = "Training images held out to watch the ELBO on (default: one sixth of the training "
                    + "images, rounded: 10,000 of MNIST's 60,000; 0 trains on all of them).")
    Integer validation;

    @RunSettings.Saved
    @Option(names = "--importance-samples", paramLabel = "K", defaultValue = "5000",
            description = "Samples per test image of the importance-sampled log-likelihood (default: ${DEFAULT-VALUE},"
                    + " as Burda et al.; 0 skips it).")
    int importanceSamples;

    @RunSettings.Saved
    @Option(names = "--test-cases", paramLabel = "N", defaultValue = "0",
            description = "Test images the log-likelihood is estimated on: the first N (default: all).")
    int testCases;

    @Override
    public Integer call() {
        checkpoints.check();
        checkpoints.checkResume(spec);
        TrainingState resume = null;
        if (checkpoints.resume != null) {
            out = checkpoints.resume;
            resume = checkpoints.latestOf(VaeTrainer.STAGE, "train-vae");
            loadSettings(resume.scoped(SETTINGS));
        }
        VaeConfig config = config();
        if (importanceSamples < 0 || testCases < 0) {
            throw new IllegalArgumentException("--importance-samples and --test-cases must be at least 0, got "
                    + importanceSamples + " and " + testCases);
        }
        OutputDir.prepare(out, common.force || resume != null, OUTPUTS);
        if (resume == null) {
            ResumableRun.refuseUnfinished(out, common.force, checkpoints.keep);
        }
        Mnist.Dataset data = Runs.data(common, System.err);
        if (validation == null) {
            validation = DbnPipeline.defaultValidation(data.train().count());
        }
        LabelledImages[] split = Runs.holdOut(data.train(), validation, common.seed);
        LabelledImages train = split[0];
        LabelledImages val = split[1];
        LabelledImages test = testCases > 0 && testCases < data.test().count() ? data.test().head(testCases)
                : data.test();
        Backend backend = common.backend();
        Matrix x = train.toMatrix(backend, LabelledImages.Pixels.SCALED, common.seed);
        RandomStream root = RandomStream.of(common.seed);
        boolean gaussian = config.output() == VaeOutput.GAUSSIAN;
        Matrix xv = val == null ? null : prepared(backend, val.toMatrix(backend, LabelledImages.Pixels.SCALED,
                common.seed), root.split(4), gaussian);
        Matrix xt = prepared(backend, test.toMatrix(backend, LabelledImages.Pixels.SCALED, common.seed),
                root.split(6), gaussian);
        System.err.printf("dbn4j: %s %s, VAE %d-%s-%d%s, %d training, %d validation, %d test images%n",
                backend.name(), backend.precision().label(), train.width(), join(hidden), latent,
                iaf > 0 ? " with " + flow() : "", train.count(), val == null ? 0 : val.count(),
                test.count());
        if (resume != null) {
            System.err.printf("dbn4j: resuming from %s%n", resume.origin());
        }
        CheckpointOptions.Session session = checkpoints.session(out, s -> saveSettings(s, backend), resume,
                System.err, Map.of());
        MetricsHistory history = session.history();
        ConsoleProgress progress = session.progress();
        TrainingControl control = session.control();
        CheckpointFiles store = session.store();
        long t0 = System.nanoTime();
        Optional<Vae> result;
        try (StopOnSignal signal = new StopOnSignal(control)) {
            result = ResumableRun.train(spec.name(), out, store, progress, System.err,
                    () -> Runs.trainer(backend, VaeTrainer.class).train(config, x, xv, control, progress, history));
        }
        if (result.isEmpty()) {
            return ResumableRun.INTERRUPTED;
        }
        Vae vae = result.get();
        progress.close();
        double seconds = (System.nanoTime() - t0) / 1e9;

        String command = Runs.commandLine(spec);
        Map<String, Object> metrics = Runs.runMetrics(command, backend, common.seed);
        metrics.put("model", "VAE " + train.width() + "-" + join(hidden) + "-" + latent + ", tanh"
                + (iaf > 0 ? ", " + flow() + " of " + iafHidden + " units" : ""));
        metrics.put("parameters", vae.architecture().parameterCount());
        metrics.put("output", gaussian ? "gaussian" : "bernoulli");
        metrics.put("training", "Adam, learning rate " + lr + (lrDecay < 1 ? " x " + lrDecay + " per epoch" : "")
                + ", batches of " + batch + ", pixels " + (gaussian ? "dequantised" : "binarised")
                + " anew for every batch");
        metrics.put("train_images", train.count());
        metrics.put("validation_images", val == null ? 0 : val.count());
        metrics.put("train_seconds", seconds);
        if (resume != null) {
            metrics.put("resumed_from", resume.origin());
        }
        List<EpochMetrics> epochsDone = history.stage(VaeTrainer.STAGE);
        if (!epochsDone.isEmpty()) {
            EpochMetrics last = epochsDone.get(epochsDone.size() - 1);
            metrics.put("train_elbo", last.get(VaeTrainer.TRAIN_ELBO));
            if (xv != null) {
                metrics.put("validation_elbo", last.get(VaeTrainer.VALIDATION_ELBO));
            }
        }
        VaeEngine engine = new VaeEngine(backend, vae);
        metrics.put("test_elbo", VaeTrainer.meanElbo(engine, xt, root.split(7)));
        if (importanceSamples > 0) {
            long a0 = System.nanoTime();
            double[] ll = engine.logLikelihood(xt, importanceSamples, Math.min(importanceSamples, 1000),
                    root.split(8), 0);
            double mean = 0;
            for (double v : ll) {
                mean += v;
            }
            mean /= ll.length;
            double var = 0;
            for (double v : ll) {
                var += (v - mean) * (v - mean);
            }
            metrics.put("test_log_likelihood", mean);
            metrics.put("test_nll", -mean);
            metrics.put("test_log_likelihood_stderr", Math.sqrt(var / Math.max(1, ll.length - 1) / ll.length));
            if (gaussian) {
                // dequantised values on [0, 1): log P(bytes) >= log p(values) - D log 256
                int dims = xt.cols();
                metrics.put("test_bits_per_dim", (-mean + dims * Math.log(256)) / (dims * Math.log(2)));
            }
            metrics.put("importance_samples", importanceSamples);
            metrics.put("test_images", ll.length);
            metrics.put("importance_sampling_seconds", (System.nanoTime() - a0) / 1e9);
        }
        metrics.put("epochs", Runs.epochs(history));
        metrics.put("warnings", Runs.warnings(history));

        VaeNpz.write(out.resolve("model.npz"), vae);
        pictures(backend, engine, test, xt, history);
        Runs.writeJson(out.resolve("metrics.json"), metrics);
        HtmlReport report = Runs.report("dbn4j: VAE on " + Runs.dataName(common), command, metrics);
        report.picture("reconstructions.png", "Test cases as the model sees them and the decoder's "
                + (gaussian ? "means" : "probabilities") + " for their posterior means").picture("samples.png",
                "Cases generated from the prior (the decoder's " + (gaussian ? "means" : "probabilities") + ")"
                + (xt.cols() == 3072 ? "; a colour image shows as its red, green and blue planes one above the other"
                : ""));
        if (latent == 2) {
            report.picture("manifold.png", "The learned manifold: the decoder over a grid of the two latent units"
                    + " (Gaussian quantiles)");
        }
        report.picture("curves.png", "ELBO and KL term per epoch (nats)");
        report.write(out.resolve("report.html"));
        if (store != null) {
            ResumableRun.deleteCheckpoints(store);
        }

        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "VAE trained in %.1f s on %s %s; test ELBO %.2f nats%n", seconds, backend.name(),
                backend.precision().label(), (double) metrics.get("test_elbo"));
        if (metrics.containsKey("test_nll")) {
            stdout.printf(Locale.ROOT, "test log-likelihood %.2f +- %.2f nats (%d importance samples, %d images)%n",
                    (double) metrics.get("test_log_likelihood"), (double) metrics.get("test_log_likelihood_stderr"),
                    importanceSamples, (int) metrics.get("test_images"));
        }
        if (metrics.containsKey("test_bits_per_dim")) {
            stdout.printf(Locale.ROOT, "test bits per dimension %.3f%n", (double) metrics.get("test_bits_per_dim"));
        }
        stdout.println("wrote " + out.resolve("report.html") + " and the model, metrics and pictures beside it");
        stdout.flush();
        return 0;
    }

    VaeConfig config() {
        if (hidden == null || hidden.length == 0) {
            throw new IllegalArgumentException("--hidden needs at least one width, e.g. 200,200");
        }
        List<Integer> encoder = new ArrayList<>();
        for (int w : hidden) {
            encoder.add(w);
        }
        List<Integer> decoder = new ArrayList<>(encoder);
        java.util.Collections.reverse(decoder);
        VaeOutput units = switch (output.toLowerCase(Locale.ROOT)) {
            case "bernoulli" -> VaeOutput.BERNOULLI;
            case "gaussian" -> VaeOutput.GAUSSIAN;
            case "auto" -> common.dataset != null && Runs.isCifar10(common.dataset) ? VaeOutput.GAUSSIAN
                    : VaeOutput.BERNOULLI;
            default -> throw new IllegalArgumentException("unknown --output '" + output
                    + "': use bernoulli, gaussian or auto");
        };
        return VaeConfig.defaults().withHidden(encoder, decoder).withLatent(latent).withIaf(iaf, iafHidden)
                .withEpochs(epochs).withBatchSize(batch).withLearningRate(lr, lrDecay).withSeed(common.seed)
                .withOutput(units);
    }

    /** Held-out cases as the model sees them: binarised, or dequantised for Gaussian outputs, once. */
    private static Matrix prepared(Backend backend, Matrix x, RandomStream stream, boolean gaussian) {
        return gaussian ? VaeTrainer.dequantised(backend, x, stream) : VaeTrainer.binarised(backend, x, stream);
    }

    /** Values clamped to [0, 1] for a picture (Gaussian means may stray outside). */
    private static double[] clamped(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.min(1, Math.max(0, v[i]));
        }
        return v;
    }

    private void pictures(Backend backend, VaeEngine engine, LabelledImages test, Matrix xt, MetricsHistory history) {
        int[] tile = Runs.tile(test);
        int n = Math.min(20, xt.rows());
        Matrix in = backend.create(n, xt.cols());
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            first[i] = i;
        }
        backend.gatherRows(xt, first, 0, in);
        Pictures.reconstructions(out.resolve("reconstructions.png"), backend.toArray(in),
                clamped(backend.toArray(engine.reconstruct(in))), n, tile[0], tile[1]);
        Matrix z = backend.create(100, latent);
        backend.fillGaussian(RandomStream.of(common.seed).split(9), 0, z);
        Pictures.samples(out.resolve("samples.png"), clamped(backend.toArray(engine.decodeProbabilities(z))), 10, 10,
                tile[0], tile[1], null);
        if (latent == 2) {
            int side = 20;
            NormalDistribution normal = new NormalDistribution(0, 1);
            double[] grid = new double[side * side * 2];
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    grid[(r * side + c) * 2] = normal.inverseCumulativeProbability((c + 0.5) / side);
                    grid[(r * side + c) * 2 + 1] = normal.inverseCumulativeProbability(1 - (r + 0.5) / side);
                }
            }
            Pictures.samples(out.resolve("manifold.png"), clamped(backend.toArray(engine.decodeProbabilities(
                    backend.fromArray(side * side, 2, grid)))), side, side, tile[0], tile[1], null);
        }
        List<EpochMetrics> list = history.stage(VaeTrainer.STAGE);
        Map<String, Map<String, double[]>> panels = new LinkedHashMap<>();
        Map<String, double[]> elbo = new LinkedHashMap<>();
        Map<String, double[]> kl = new LinkedHashMap<>();
        elbo.put("train ELBO", series(list, VaeTrainer.TRAIN_ELBO));
        if (!list.isEmpty() && !Double.isNaN(list.get(0).get(VaeTrainer.VALIDATION_ELBO))) {
            elbo.put("validation ELBO", series(list, VaeTrainer.VALIDATION_ELBO));
        }
        kl.put("KL term (train)", series(list, VaeTrainer.TRAIN_KL));
        panels.put("ELBO (nats)", elbo);
        panels.put("KL (nats)", kl);
        Pictures.curvePanels(out.resolve("curves.png"), (iaf > 0 ? "VAE with " + flow() : "VAE") + ": costs per epoch",
                panels);
    }

    /** "1 IAF step", "2 IAF steps", ...: the flow as the console, the metrics and the curves name it. */
    private String flow() {
        return iaf + (iaf == 1 ? " IAF step" : " IAF steps");
    }

    private static double[] series(List<EpochMetrics> list, String key) {
        double[] v = new double[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = list.get(i).get(key);
        }
        return v;
    }

    private static String join(int[] widths) {
        return String.join("-", java.util.Arrays.stream(widths).mapToObj(String::valueOf).toList());
    }

    static final String SETTINGS = CheckpointOptions.SETTINGS;

    private void saveSettings(TrainingState s, Backend backend) {
        common.saveRun(s, backend);
        RunSettings.save(s, this);
    }

    private void loadSettings(TrainingState s) {
        common.loadRun(s);
        RunSettings.load(s, this);
    }
}
