package io.github.dbn4j.cli;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.cli.RunSettings.Saved;
import io.github.dbn4j.cli.report.HtmlReport;
import io.github.dbn4j.cli.report.Pictures;
import io.github.dbn4j.core.Checkpointable;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.RandomCursor;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingDivergedException;
import io.github.dbn4j.core.TrainingInterruptedException;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.TrainingWarning;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.dbn.ClassifierEngine;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.DbnEngine;
import io.github.dbn4j.core.dbn.DirectedLayer;
import io.github.dbn4j.core.dbn.Evaluation;
import io.github.dbn4j.core.dbn.FineTuneConfig;
import io.github.dbn4j.core.dbn.WakeSleepConfig;
import io.github.dbn4j.core.dbn.WakeSleepTrainer;
import io.github.dbn4j.core.io.CheckpointFiles;
import io.github.dbn4j.core.io.ModelFiles;
import io.github.dbn4j.core.io.ModelNpz;
import io.github.dbn4j.core.pipeline.DbnTraining;
import io.github.dbn4j.core.rbm.RbmConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The DBN run shared by {@code train-dbn} and {@code demo}: data, training, evaluation, files. */
final class DbnPipeline {

    static final String[] OUTPUTS = {"model.dbn4j", "model.npz", "metrics.json", "filters.png",
        "reconstructions.png", "samples.png", "samples.npz", "curves.png", "report.html"};

    /** Generated digits per clamped label, for samples.png, samples.npz and the label agreement. */
    static final int SAMPLES_PER_LABEL = 10;
    /** A label agreement below this is reported as a warning: the labels barely steer generation. */
    static final double MIN_LABEL_AGREEMENT = 0.5;

    // the settings --resume restores; an absent value is what a checkpoint of a build before the setting meant
    @Saved
    int[] layers = {500, 500, 2000};
    @Saved
    boolean labelsInTop = true;
    @Saved
    int batch = 100;
    @Saved
    int pretrainEpochs = 40;
    @Saved
    double pretrainLr = 0.1;
    @Saved
    int wakeSleepEpochs = 20;
    @Saved
    double wakeSleepLr = 0.01;
    @Saved(absent = "0")
    double wakeSleepMomentum;
    @Saved
    int topGibbsSteps = 3;
    @Saved
    int finetuneEpochs = 20;
    @Saved
    double finetuneLr = 0.1;
    @Saved(absent = "0")
    double finetuneWeightDecay = 0;
    /** Held-out training images for early stopping; null for {@link #defaultValidation the default}. */
    @Saved
    Integer validation;
    @Saved
    int patience = 5;
    @Saved
    String pixels = "scaled";
    @Saved
    int sampleGibbsSteps = 1000;
    @Saved(absent = "1")
    double labelStrength = DbnEngine.LABEL_STRENGTH;
    /** Centered pretraining and back-propagation; off only when resuming a checkpoint of a build before them. */
    @Saved(absent = "false")
    boolean centered = true;
    @Saved(absent = "0.01")
    double initialWeightStd = DbnConfig.INITIAL_WEIGHT_STD;

    static final String CHECKPOINTS = "checkpoints";
    static final String SETTINGS = CheckpointOptions.SETTINGS;

    /**
     * Runs the pipeline and writes its outputs; returns the exit code (0, or 130 when stopped by
     * Ctrl-C / SIGTERM after saving a checkpoint).
     */
    int run(CommonOptions o, CheckpointOptions ck, Path outDir, String name, String command, PrintWriter stdout,
            PrintStream err) {
        ck.check();
        if (!(labelStrength > 0) || !Double.isFinite(labelStrength)) {
            throw new IllegalArgumentException("--label-strength must be a positive number, got " + labelStrength);
        }
        if (!(wakeSleepMomentum >= 0 && wakeSleepMomentum < 1)) {
            throw new IllegalArgumentException("--wake-sleep-momentum must be in [0, 1), got " + wakeSleepMomentum);
        }
        for (int l : layers) {
            if (l < 1) {
                throw new IllegalArgumentException("--layers: every layer needs at least 1 unit, got " + l);
            }
        }
        Path out = ck.resume != null ? ck.resume : outDir;
        TrainingState resume = null;
        if (ck.resume != null) {
            resume = ck.latest();
            if (!resume.hasScope(SETTINGS) || !resume.scoped(SETTINGS).has("layers")) {
                throw new IllegalArgumentException(resume.origin() + " is not a checkpoint of train-dbn or demo (stage '"
                        + resume.getText(TrainingControl.STAGE) + "'); resume it with the command that wrote it");
            }
            loadSettings(resume.scoped(SETTINGS), o);
            OutputDir.prepare(out, true, OUTPUTS);
        } else {
            OutputDir.prepare(out, o.force, OUTPUTS);
            ResumableRun.refuseUnfinished(out, o.force, ck.keep);
        }
        // the data first: a bad or too large input is refused before the backend starts
        Mnist.Dataset data = Runs.data(o, err);
        dataName = Runs.dataName(o);
        Backend backend = o.backend();
        if (validation == null) {
            validation = defaultValidation(data.train().count());
        }
        LabelledImages[] split = Runs.holdOut(data.train(), finetuneEpochs > 0 ? validation : 0, o.seed);
        LabelledImages train = split[0];
        LabelledImages val = split[1];
        LabelledImages.Pixels mode = Runs.pixels(pixels);
        Matrix x = train.toMatrix(backend, mode, o.seed);
        Matrix xt = data.test().toMatrix(backend, mode, o.seed + 1);
        Matrix xv = val == null ? null : val.toMatrix(backend, mode, o.seed + 2);
        int classes = data.train().classes();
        err.printf("dbn4j: %s %s, %d training, %d validation, %d test images, DBN %d-%s%s%n", backend.name(),
                backend.precision().label(), train.count(), val == null ? 0 : val.count(), data.test().count(),
                train.width(), joined(layers), labelsInTop ? " with " + classes + " labels" : "");
        if (resume != null) {
            err.printf("dbn4j: resuming stage %s from %s%n", resume.getText(TrainingControl.STAGE), resume.origin());
        }

        PhaseMetrics phases = new PhaseMetrics();
        CheckpointOptions.Session session = ck.session(out, s -> saveSettings(s, o, backend), resume, err,
                Map.of("metrics", phases));
        MetricsHistory history = session.history();
        ConsoleProgress progress = session.progress();
        TrainingControl control = session.control();
        CheckpointFiles store = session.store();
        TrainingListener[] listeners = {progress, history};
        Map<String, Object> metrics = Runs.runMetrics(command, backend, o.seed);
        metrics.put("layers", train.width() + "-" + joined(layers) + (labelsInTop ? " +" + classes + " labels" : ""));
        metrics.put("train_images", train.count());
        metrics.put("validation_images", val == null ? 0 : val.count());
        metrics.put("test_images", data.test().count());
        if (resume != null) {
            metrics.put("resumed_from", resume.origin());
        }


        long t0 = System.nanoTime();
        RbmConfig perLayer = RbmConfig.defaults(layers[0]).withBatchSize(batch).withEpochs(pretrainEpochs)
                .withLearningRate(pretrainLr).withSeed(o.seed).withInitialWeightStd(initialWeightStd)
                .withCentered(centered);
        DbnTraining.Plan plan = new DbnTraining.Plan(DbnConfig.of(perLayer, labelsInTop ? classes : 0, layers),
                wakeSleepEpochs > 0 ? WakeSleepConfig.defaults().withEpochs(wakeSleepEpochs).withBatchSize(batch)
                        .withLearningRate(wakeSleepLr).withMomentum(wakeSleepMomentum).withTopGibbsSteps(topGibbsSteps)
                        .withSeed(o.seed + 100) : null,
                finetuneEpochs > 0 ? FineTuneConfig.defaults().withEpochs(finetuneEpochs).withBatchSize(batch)
                        .withLearningRate(finetuneLr).withWeightDecay(finetuneWeightDecay).withPatience(patience)
                        .withSeed(o.seed + 200).withCentered(centered) : null, classes);
        try (StopOnSignal signal = new StopOnSignal(control)) {
            int[] trainLabels = train.labels();
            int[] valLabels = val == null ? null : val.labels();
            LabelledImages valImages = val;
            Optional<Dbn> trained = ResumableRun.train(name, out, store, progress, err, () -> Runs.trainer(backend, DbnTraining.class)
                    .run(plan, x, trainLabels, xv, valLabels, control, (phase, d) -> {
                        if (phase.equals(DbnTraining.PRETRAINING)) {
                            phases.values.put("pretrain_seconds", (System.nanoTime() - t0) / 1e9);
                            if (labelsInTop) {
                                if (xv != null) {
                                    double v = generativeError(backend, d, xv, valImages);
                                    phases.values.put("validation_error_generative_pretrained", v);
                                    phases.values.put("validation_error_generative", v);
                                }
                                double e = generativeError(backend, d, xt, data.test());
                                phases.values.put("test_error_generative_pretrained", e);
                                phases.values.put("test_error_generative", e);
                            }
                        } else if (phase.equals(WakeSleepTrainer.STAGE) && labelsInTop) {
                            if (xv != null) {
                                phases.values.put("validation_error_generative", generativeError(backend, d, xv,
                                        valImages));
                            }
                            phases.values.put("test_error_generative", generativeError(backend, d, xt, data.test()));
                        }
                    }, List.of(listeners)));
            if (trained.isEmpty()) {
                return ResumableRun.INTERRUPTED;
            }
            Dbn dbn = trained.get();
            Evaluation fine = null;
            if (dbn.classifier().isPresent()) {
                fine = new ClassifierEngine(backend, dbn.classifier().orElseThrow()).evaluate(xt, data.test().labels());
            }
            progress.close();
            double seconds = (System.nanoTime() - t0) / 1e9;
            metrics.putAll(phases.values);
            if (fine != null) {
                metrics.put("test_error_finetuned", fine.errorRate());
            }
            metrics.put("train_seconds", seconds);
            if (fine != null) {
                metrics.put("confusion_finetuned", fine.confusion());
            }
            metrics.put("epochs", Runs.epochs(history));
            List<String> warnings = Runs.warnings(history);
            metrics.put("warnings", warnings);
            writeOutputs(backend, dbn, data, xt, out, o.seed, history, metrics, command, err);
            if (store != null) {
                ResumableRun.deleteCheckpoints(store);
            }
            stdout.printf("DBN %d-%s trained in %.1f s on %s %s%n", train.width(), joined(layers), seconds,
                    backend.name(), backend.precision().label());
            if (metrics.containsKey("test_error_generative")) {
                stdout.printf("test error, generative (free energy of the label memory): %.2f%%%n",
                        100 * (double) metrics.get("test_error_generative"));
            }
            if (fine != null) {
                stdout.printf("test error, fine-tuned by back-propagation: %.2f%% (%d of %d)%n", 100 * fine.errorRate(),
                        fine.errors(), fine.cases());
            }
            if (metrics.containsKey("samples_label_agreement")) {
                stdout.printf("generated samples assigned to their clamped label: %.0f%%%n",
                        100 * (double) metrics.get("samples_label_agreement"));
            }
            if (!warnings.isEmpty()) {
                stdout.printf("%d warning%s (in metrics.json and the report): the model may not have learned; see above%n",
                        warnings.size(), warnings.size() == 1 ? "" : "s");
            }
            stdout.println("wrote " + out.resolve("report.html") + " and the model, metrics and pictures beside it");
            stdout.flush();
            return 0;
        }
    }

    private void writeOutputs(Backend backend, Dbn dbn, Mnist.Dataset data, Matrix xt, Path out, long seed,
                              MetricsHistory history, Map<String, Object> metrics, String command, PrintStream err) {
        ModelFiles.write(out.resolve("model.dbn4j"), dbn);
        ModelNpz.write(out.resolve("model.npz"), dbn);
        String samplesCaption = String.format(java.util.Locale.ROOT, "Generated cases, one row per clamped label "
                + "0-%d (%d top-level Gibbs steps, label strength %s)", Math.max(0, dbn.labels() - 1), sampleGibbsSteps,
                strengthText(labelStrength));
        if (dbn.labels() > 0) {
            Samples samples = Samples.generate(backend, dbn, SAMPLES_PER_LABEL, sampleGibbsSteps, labelStrength,
                    new RandomCursor(RandomStream.of(seed).split(99)));
            metrics.put("samples_label_strength", labelStrength);
            samples.writeNpz(out.resolve("samples.npz"));
            int[] tile = Runs.tile(data.test());
            Pictures.samples(out.resolve("samples.png"), samples.images(), dbn.labels(), SAMPLES_PER_LABEL,
                    tile[0], tile[1], samples.rowLabels(SAMPLES_PER_LABEL));
            if (dbn.classifier().isPresent()) {
                double agreement = samples.agreement(new ClassifierEngine(backend, dbn.classifier().orElseThrow()));
                metrics.put("samples_label_agreement", agreement);
                samplesCaption += String.format(java.util.Locale.ROOT, "; %.0f%% of them are assigned to their "
                        + "clamped label by the fine-tuned classifier (samples_label_agreement %.2f)", 100 * agreement,
                        agreement);
                if (agreement < MIN_LABEL_AGREEMENT) {
                    TrainingWarning w = new TrainingWarning("samples", 0, TrainingWarning.Kind.LABELS_IGNORED,
                            String.format(java.util.Locale.ROOT, "only %.0f%% of the samples generated with a clamped "
                                    + "label are classified as that label: the associative memory barely uses its "
                                    + "label units", 100 * agreement));
                    err.println("dbn4j: warning: " + w);
                    @SuppressWarnings("unchecked")
                    List<String> warnings = (List<String>) metrics.get("warnings");
                    warnings.add(w.toString());
                }
            }
        }
        pictures(backend, dbn, data.test(), xt, out, history);
        Runs.writeJson(out.resolve("metrics.json"), metrics);
        HtmlReport report = Runs.report("dbn4j: DBN on " + dataName, command, metrics);
        report.picture("filters.png", "First-layer filters (recognition weights of 100 hidden units)")
                .picture("reconstructions.png", "Test cases and their reconstructions through the first layer")
                .picture("samples.png", samplesCaption)
                .picture("curves.png", "Costs per epoch of every training stage");
        report.write(out.resolve("report.html"));
    }

    /** What the data are called in the report's title. */
    private String dataName = "MNIST";

    /** The settings of the run, so that {@code --resume} continues it exactly. */
    private void saveSettings(TrainingState s, CommonOptions o, Backend backend) {
        o.saveRun(s, backend);
        RunSettings.save(s, this);
    }

    private void loadSettings(TrainingState s, CommonOptions o) {
        o.loadRun(s);
        RunSettings.load(s, this);
    }

    /** Metrics measured at the ends of phases, kept in checkpoints for the report of a resumed run. */
    private static final class PhaseMetrics implements Checkpointable {
        final Map<String, Double> values = new LinkedHashMap<>();

        @Override
        public void saveState(TrainingState state) {
            state.putValues("values", values);
        }

        @Override
        public void loadState(TrainingState state) {
            values.clear();
            values.putAll(state.getValues("values"));
        }
    }

    private static double generativeError(Backend b, Dbn dbn, Matrix xt, LabelledImages test) {
        return Evaluation.of(test.labels(), new DbnEngine(b, dbn).classify(xt), test.classes()).errorRate();
    }

    private void pictures(Backend b, Dbn dbn, LabelledImages test, Matrix xt, Path out, MetricsHistory history) {
        int[] tile = Runs.tile(test);
        if (!dbn.lower().isEmpty()) {
            DirectedLayer first = dbn.lower().get(0);
            Pictures.filters(out.resolve("filters.png"), first.recognitionWeights(), first.below(), first.above(),
                    tile[0], tile[1], Math.min(100, first.above()));
            // reconstructions through the first layer: up with recognition, down with generative weights
            int n = Math.min(20, test.count());
            Matrix in = b.create(n, first.below());
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            b.gatherRows(xt, idx, 0, in);
            Matrix h = b.create(n, first.above());
            b.gemm(false, false, 1.0, in, b.fromArray(first.below(), first.above(), first.recognitionWeights()), 0.0, h);
            b.addRowVector(h, b.fromArray(1, first.above(), first.recognitionBias()), h);
            b.sigmoid(h, h);
            Matrix r = b.create(n, first.below());
            b.gemm(false, true, 1.0, h, b.fromArray(first.below(), first.above(), first.generativeWeights()), 0.0, r);
            b.addRowVector(r, b.fromArray(1, first.below(), first.generativeBias()), r);
            b.sigmoid(r, r);
            Pictures.reconstructions(out.resolve("reconstructions.png"), b.toArray(in), b.toArray(r), n, tile[0],
                    tile[1]);
        }
        Pictures.curvePanels(out.resolve("curves.png"), "Training costs per epoch", Runs.curvePanels(history));
    }

    /**
     * The default number of training images held out for validation: one sixth of them, rounded
     * (MNIST's 10,000 of 60,000), so that any {@code --train-limit} leaves five sixths to train on.
     */
    static int defaultValidation(int trainImages) {
        return (int) Math.round(trainImages / 6.0);
    }

    static String strengthText(double k) {
        return k == Math.rint(k) ? Long.toString((long) k) : Double.toString(k);
    }

    static String joined(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : "-").append(a[i]);
        }
        return sb.toString();
    }
}
