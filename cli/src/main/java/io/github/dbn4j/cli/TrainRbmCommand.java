package io.github.dbn4j.cli;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.cli.report.HtmlReport;
import io.github.dbn4j.cli.report.Pictures;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.RandomCursor;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.io.CheckpointFiles;
import io.github.dbn4j.core.io.ModelFiles;
import io.github.dbn4j.core.io.ModelNpz;
import io.github.dbn4j.core.rbm.Ais;
import io.github.dbn4j.core.rbm.AisResult;
import io.github.dbn4j.core.rbm.PartitionFunction;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmEngine;
import io.github.dbn4j.core.rbm.RbmTrainer;
import io.github.dbn4j.core.rbm.VisibleUnits;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains one RBM on MNIST by CD-k or PCD, estimates its log-likelihood by AIS, writes model, metrics, pictures. */
@Command(name = "train-rbm", mixinStandardHelpOptions = true,
        description = "Train an RBM on MNIST or --data (CD-k or PCD), estimate its test log-probability by AIS, write its report.")
final class TrainRbmCommand implements Callable<Integer> {

    static final String[] OUTPUTS = {"model.dbn4j", "model.npz", "metrics.json", "filters.png",
        "reconstructions.png", "samples.png", "curves.png", "report.html"};

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    CheckpointOptions checkpoints;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/train-rbm", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @RunSettings.Saved
    @Option(names = "--hidden", defaultValue = "500", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @RunSettings.Saved
    @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @RunSettings.Saved
    @Option(names = "--batch", defaultValue = "100", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @RunSettings.Saved
    @Option(names = "--lr", defaultValue = "0.1", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @RunSettings.Saved
    @Option(names = "--cd", defaultValue = "1", description = "Gibbs steps per update, the k of CD-k / PCD-k (default: ${DEFAULT-VALUE}).")
    int cd;

    @RunSettings.Saved
    @Option(names = "--pcd", paramLabel = "CHAINS", defaultValue = "0",
            description = "Persistent CD with this many fantasy particles (default: 0, plain CD).")
    int pcd;

    @RunSettings.Saved
    @Option(names = "--momentum", split = ",", defaultValue = "0.5,0.9",
            description = "Momentum before and after --momentum-switch (default: ${DEFAULT-VALUE}).")
    List<Double> momentum;

    @RunSettings.Saved
    @Option(names = "--momentum-switch", defaultValue = "5", description = "First epoch of the second momentum (default: ${DEFAULT-VALUE}).")
    int momentumSwitch;

    @RunSettings.Saved
    @Option(names = "--weight-decay", defaultValue = "2e-4", description = "L2 weight cost (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @RunSettings.Saved(absent = "0")
    @Option(names = "--lr-decay-from", paramLabel = "EPOCH", defaultValue = "0",
            description = "From this epoch (1-based) on, the learning rates fall linearly towards zero at the end "
                    + "of the run; 0 keeps them constant (default: ${DEFAULT-VALUE}).")
    int lrDecayFrom;

    @RunSettings.Saved(absent = "false")
    @Option(names = "--centered", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Centered training (default: on; --no-centered trains with the plain CD statistics).")
    boolean centered;

    @RunSettings.Saved(absent = "false")
    @Option(names = "--sampled-negative", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "CD-k's negative statistics from sampled last visible states, as Salakhutdinov and Murray "
                    + "(default: off, from their probabilities, as Hinton's guide does for CD-1; PCD always samples).")
    boolean sampledNegative;

    @RunSettings.Saved(keys = {"sparsityTarget", "sparsityCost"}, absent = "null")
    @Option(names = "--sparsity", split = ",", paramLabel = "TARGET,COST",
            description = "Sparsity target and cost, e.g. 0.1,0.1 (default: off).")
    List<Double> sparsity;

    @RunSettings.Saved
    @Option(names = "--visible", defaultValue = "bernoulli", description = "Visible units: bernoulli or gaussian (default: ${DEFAULT-VALUE}).")
    String visible;

    @RunSettings.Saved
    @Option(names = "--pixels", defaultValue = "stochastic",
            description = "Pixel values: stochastic (binarised once, with the seed), per-batch (the training images "
                    + "binarised anew for every mini-batch, as Salakhutdinov and Murray; the others once), "
                    + "threshold or scaled (default: ${DEFAULT-VALUE}).")
    String pixels;

    @RunSettings.Saved(absent = "0")
    @Option(names = "--validation", paramLabel = "N", defaultValue = "0",
            description = "Training images held out (the last N of a seeded permutation) to choose settings on: "
                    + "their log-probability is reported beside the test images', and they give the held-out "
                    + "free energy in place of the test images (default: ${DEFAULT-VALUE}, none).")
    int validation;

    @RunSettings.Saved
    @Option(names = "--ais-runs", defaultValue = "100", description = "AIS runs for the log-likelihood (default: ${DEFAULT-VALUE}; 0 skips AIS).")
    int aisRuns;

    @RunSettings.Saved
    @Option(names = "--ais-betas", defaultValue = "14500", description = "AIS inverse temperatures (default: ${DEFAULT-VALUE}, as the paper).")
    int aisBetas;

    @Override
    public Integer call() {
        checkpoints.check();
        checkpoints.checkResume(spec);
        TrainingState resume = null;
        if (checkpoints.resume != null) {
            out = checkpoints.resume;
            resume = checkpoints.latestOf(RbmTrainer.STAGE, "train-rbm");
            loadSettings(resume.scoped(SETTINGS));
        }
        VisibleUnits units = switch (visible.toLowerCase(Locale.ROOT)) {
            case "bernoulli" -> VisibleUnits.BERNOULLI;
            case "gaussian" -> VisibleUnits.GAUSSIAN;
            default -> throw new IllegalArgumentException("unknown --visible '" + visible + "': use bernoulli or gaussian");
        };
        if (momentum.size() != 2) {
            throw new IllegalArgumentException("--momentum takes two values, initial and final, e.g. 0.5,0.9");
        }
        if (lrDecayFrom < 0) {
            throw new IllegalArgumentException("--lr-decay-from must be an epoch (1-based), or 0 for constant rates; got "
                    + lrDecayFrom);
        }
        if (validation < 0) {
            throw new IllegalArgumentException("--validation must be a number of training images, or 0 for none; got "
                    + validation);
        }
        boolean perBatch = pixels.equalsIgnoreCase(PER_BATCH);
        if (!perBatch && !List.of("stochastic", "threshold", "scaled").contains(pixels.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown --pixels '" + pixels
                    + "': use stochastic, per-batch, threshold or scaled");
        }
        RbmConfig config = RbmConfig.defaults(hidden).withVisibleUnits(units).withEpochs(epochs).withBatchSize(batch)
                .withLearningRate(lr).withCdSteps(cd).withPersistentChains(pcd)
                .withMomentum(momentum.get(0), momentum.get(1), momentumSwitch).withWeightDecay(weightDecay)
                .withSeed(common.seed).withCentered(centered).withDecayFrom(lrDecayFrom)
                .withSampledNegative(sampledNegative);
        if (sparsity != null) {
            if (sparsity.size() != 2) {
                throw new IllegalArgumentException("--sparsity takes a target and a cost, e.g. 0.1,0.1");
            }
            config = config.withSparsity(sparsity.get(0), sparsity.get(1));
        }
        OutputDir.prepare(out, common.force || resume != null, OUTPUTS);
        if (resume == null) {
            ResumableRun.refuseUnfinished(out, common.force, checkpoints.keep);
        }
        LabelledImages.Pixels mode = perBatch ? LabelledImages.Pixels.STOCHASTIC : Runs.pixels(pixels);
        // the data first: a bad or too large input is refused before the backend starts
        Mnist.Dataset data = Runs.data(common, System.err);
        LabelledImages[] split = Runs.holdOut(data.train(), validation, common.seed);
        LabelledImages train = split[0];
        LabelledImages val = split[1];
        Backend backend = common.backend();
        // the training images as training sees them (per-batch: probabilities, binarised as drawn)
        Matrix x = train.toMatrix(backend, perBatch ? LabelledImages.Pixels.SCALED : mode, common.seed);
        Matrix xt = data.test().toMatrix(backend, mode, common.seed + 1);
        Matrix xv = val == null ? null : val.toMatrix(backend, mode, common.seed + 3);
        BatchSource source = perBatch
                ? BatchSource.binarised(backend, BatchSource.of(backend, x), RandomStream.of(common.seed).split(501))
                : BatchSource.of(backend, x);
        System.err.printf("dbn4j: %s %s, RBM %dx%d, %s, %d training, %d validation and %d test images%s%n",
                backend.name(), backend.precision().label(), train.width(), hidden,
                pcd > 0 ? "PCD-" + cd + " with " + pcd + " chains" : "CD-" + cd, train.count(),
                val == null ? 0 : val.count(), data.test().count(),
                perBatch ? ", binarised anew for every mini-batch" : "");

        if (resume != null) {
            System.err.printf("dbn4j: resuming from %s%n", resume.origin());
        }

        CheckpointOptions.Session session = checkpoints.session(out, s -> saveSettings(s, backend), resume, System.err,
                java.util.Map.of());
        MetricsHistory history = session.history();
        ConsoleProgress progress = session.progress();
        TrainingControl control = session.control();
        CheckpointFiles store = session.store();
        long t0 = System.nanoTime();
        RbmConfig trained = config;
        Optional<Rbm> result;
        try (StopOnSignal signal = new StopOnSignal(control)) {
            result = ResumableRun.train(spec.name(), out, store, progress, System.err,
                    () -> Runs.trainer(backend, RbmTrainer.class).train(trained, null, source, null,
                            RbmTrainer.STAGE, TrainingOptions.defaults().withHeldOut(xv == null ? xt : xv, null)
                                    .withControl(control).withListeners(progress, history)));
        }
        if (result.isEmpty()) {
            return ResumableRun.INTERRUPTED;
        }
        Rbm rbm = result.get();
        progress.close();
        double seconds = (System.nanoTime() - t0) / 1e9;

        String command = Runs.commandLine(spec);
        Map<String, Object> metrics = Runs.runMetrics(command, backend, common.seed);
        metrics.put("model", "RBM " + data.train().width() + "x" + hidden + " " + units.name().toLowerCase(Locale.ROOT));
        metrics.put("training", pcd > 0 ? "PCD-" + cd + ", " + pcd + " chains" : "CD-" + cd);
        metrics.put("pixels", pixels);
        metrics.put("train_images", train.count());
        metrics.put("validation_images", val == null ? 0 : val.count());
        metrics.put("train_seconds", seconds);
        if (resume != null) {
            metrics.put("resumed_from", resume.origin());
        }
        if (aisRuns > 0 && units == VisibleUnits.BERNOULLI) {
            long a0 = System.nanoTime();
            AisResult ais = Ais.estimate(backend, rbm, aisRuns, Ais.paperBetas(aisBetas), Ais.baseRateBiases(backend, x),
                    common.seed + 7);
            metrics.put("ais_logz", ais.logZ());
            metrics.put("ais_logz_stderr", ais.stdErr());
            metrics.put("ais_runs", aisRuns);
            metrics.put("ais_betas", aisBetas);
            metrics.put("ais_seconds", (System.nanoTime() - a0) / 1e9);
            metrics.put("test_avg_log_prob", PartitionFunction.averageLogProbability(backend, rbm, xt, ais.logZ()));
            // per-batch: the training images binarised once for their log-probability, made only now
            Matrix xb = perBatch ? train.toMatrix(backend, mode, common.seed + 2) : x;
            metrics.put("train_avg_log_prob", PartitionFunction.averageLogProbability(backend, rbm, xb, ais.logZ()));
            if (xv != null) {
                metrics.put("validation_avg_log_prob", PartitionFunction.averageLogProbability(backend, rbm, xv,
                        ais.logZ()));
            }
        }
        metrics.put("epochs", Runs.epochs(history));
        metrics.put("warnings", Runs.warnings(history));

        ModelFiles.write(out.resolve("model.dbn4j"), rbm);
        ModelNpz.write(out.resolve("model.npz"), rbm);
        RbmEngine engine = new RbmEngine(backend, rbm);
        int[] tile = Runs.tile(data.test());
        Pictures.filters(out.resolve("filters.png"), rbm.weights(), rbm.visible(), rbm.hidden(), tile[0], tile[1],
                Math.min(100, hidden));
        int n = Math.min(20, data.test().count());
        Matrix in = backend.fromArray(n, rbm.visible(), data.test().values(0, n, mode, common.seed + 1));
        Matrix h = backend.create(n, hidden);
        Matrix r = backend.create(n, rbm.visible());
        engine.hiddenProbabilities(in, h);
        engine.visibleMeans(h, r);
        Pictures.reconstructions(out.resolve("reconstructions.png"), backend.toArray(in), backend.toArray(r), n,
                tile[0], tile[1]);
        Matrix samples = engine.sample(100, 1000, new RandomCursor(RandomStream.of(common.seed).split(5)), null);
        Pictures.samples(out.resolve("samples.png"), backend.toArray(samples), 10, 10, tile[0], tile[1], null);
        Pictures.curvePanels(out.resolve("curves.png"), "Training costs per epoch", Runs.curvePanels(history));
        Runs.writeJson(out.resolve("metrics.json"), metrics);
        HtmlReport report = Runs.report("dbn4j: RBM on " + Runs.dataName(common), command, metrics);
        report.picture("filters.png", "Filters of 100 hidden units").picture("reconstructions.png",
                "Test cases and their mean-field reconstructions").picture("samples.png",
                "Free-running samples after 1000 Gibbs steps (visible means)").picture("curves.png",
                "Costs per epoch");
        report.write(out.resolve("report.html"));
        if (store != null) {
            ResumableRun.deleteCheckpoints(store);
        }

        java.io.PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("RBM %dx%d trained in %.1f s on %s %s%n", data.train().width(), hidden, seconds, backend.name(),
                backend.precision().label());
        if (metrics.containsKey("ais_logz")) {
            stdout.printf(Locale.ROOT, "AIS log Z = %.3f +- %.3f; average test log-probability %.2f nats%s%n",
                    (double) metrics.get("ais_logz"), (double) metrics.get("ais_logz_stderr"),
                    (double) metrics.get("test_avg_log_prob"), xv == null ? ""
                            : String.format(Locale.ROOT, ", validation %.2f nats",
                                    (double) metrics.get("validation_avg_log_prob")));
        }
        stdout.println("wrote " + out.resolve("report.html") + " and the model, metrics and pictures beside it");
        stdout.flush();
        return 0;
    }

    static final String SETTINGS = CheckpointOptions.SETTINGS;

    /** The {@code --pixels} value that binarises the training images anew for every mini-batch. */
    static final String PER_BATCH = "per-batch";

    /** The settings of the run, so that {@code --resume} continues it exactly. */
    private void saveSettings(TrainingState s, Backend backend) {
        common.saveRun(s, backend);
        RunSettings.save(s, this);
    }

    private void loadSettings(TrainingState s) {
        common.loadRun(s);
        RunSettings.load(s, this);
    }
}
