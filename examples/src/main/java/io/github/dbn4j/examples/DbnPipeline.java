package io.github.dbn4j.examples;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.RandomCursor;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.dbn.ClassifierEngine;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.DbnEngine;
import io.github.dbn4j.core.dbn.DbnTrainer;
import io.github.dbn4j.core.dbn.DirectedLayer;
import io.github.dbn4j.core.dbn.Evaluation;
import io.github.dbn4j.core.dbn.FineTuneConfig;
import io.github.dbn4j.core.dbn.FineTuner;
import io.github.dbn4j.core.dbn.WakeSleepConfig;
import io.github.dbn4j.core.dbn.WakeSleepTrainer;
import io.github.dbn4j.core.io.ModelFiles;
import io.github.dbn4j.core.io.ModelNpz;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.examples.report.HtmlReport;
import io.github.dbn4j.examples.report.Pictures;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The DBN run shared by {@code train-dbn} and {@code demo}: data, training, evaluation, files. */
final class DbnPipeline {

    static final String[] OUTPUTS = {"model.dbn4j", "model.npz", "metrics.json", "filters.png",
        "reconstructions.png", "samples.png", "curves.png", "report.html"};

    int[] layers = {500, 500, 2000};
    boolean labelsInTop = true;
    int batch = 100;
    int pretrainEpochs = 10;
    double pretrainLr = 0.1;
    int wakeSleepEpochs = 5;
    double wakeSleepLr = 0.01;
    int topGibbsSteps = 3;
    int finetuneEpochs = 20;
    double finetuneLr = 0.1;
    int validation = 10000;
    int patience = 5;
    String pixels = "scaled";
    int sampleGibbsSteps = 1000;

    void run(CommonOptions o, Path out, String command, PrintWriter stdout, PrintStream err) {
        for (int l : layers) {
            if (l < 1) {
                throw new IllegalArgumentException("--layers: every layer needs at least 1 unit, got " + l);
            }
        }
        OutputDir.prepare(out, o.force, OUTPUTS);
        Backend backend = o.backend();
        Mnist.Dataset data = Runs.data(o, err);
        LabelledImages train = data.train();
        LabelledImages val = null;
        if (validation > 0 && finetuneEpochs > 0) {
            if (validation >= train.count()) {
                throw new IllegalArgumentException("--validation " + validation + " leaves no training cases out of "
                        + train.count());
            }
            LabelledImages[] split = train.split(validation, o.seed);
            train = split[0];
            val = split[1];
        }
        LabelledImages.Pixels mode = Runs.pixels(pixels);
        Matrix x = train.toMatrix(backend, mode, o.seed);
        Matrix xt = data.test().toMatrix(backend, mode, o.seed + 1);
        Matrix xv = val == null ? null : val.toMatrix(backend, mode, o.seed + 2);
        err.printf("dbn4j: %s %s, %d training, %d validation, %d test images, DBN 784-%s%s%n", backend.name(),
                backend.precision().label(), train.count(), val == null ? 0 : val.count(), data.test().count(),
                joined(layers), labelsInTop ? " with 10 labels" : "");

        MetricsHistory history = new MetricsHistory();
        ConsoleProgress progress = new ConsoleProgress(err);
        TrainingListener[] listeners = {progress, history};
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("command", command);
        metrics.put("backend", backend.name());
        metrics.put("precision", backend.precision().label());
        metrics.put("seed", o.seed);
        metrics.put("layers", "784-" + joined(layers) + (labelsInTop ? " +10 labels" : ""));
        metrics.put("train_images", train.count());
        metrics.put("validation_images", val == null ? 0 : val.count());
        metrics.put("test_images", data.test().count());

        long t0 = System.nanoTime();
        RbmConfig perLayer = RbmConfig.defaults(layers[0]).withBatchSize(batch).withEpochs(pretrainEpochs)
                .withLearningRate(pretrainLr).withSeed(o.seed);
        DbnConfig config = DbnConfig.of(perLayer, labelsInTop ? 10 : 0, layers);
        int[] labels = train.labels();
        Dbn dbn = new DbnTrainer(backend).pretrain(config, x, labelsInTop ? labels : null, listeners);
        double pretrainSeconds = (System.nanoTime() - t0) / 1e9;
        if (labelsInTop) {
            metrics.put("test_error_generative_pretrained", generativeError(backend, dbn, xt, data.test()));
        }
        if (wakeSleepEpochs > 0) {
            dbn = new WakeSleepTrainer(backend).train(dbn, WakeSleepConfig.defaults().withEpochs(wakeSleepEpochs)
                    .withBatchSize(batch).withLearningRate(wakeSleepLr).withTopGibbsSteps(topGibbsSteps)
                    .withSeed(o.seed + 100), x, labelsInTop ? labels : null, listeners);
        }
        if (labelsInTop) {
            metrics.put("test_error_generative", generativeError(backend, dbn, xt, data.test()));
        }
        Evaluation fine = null;
        if (finetuneEpochs > 0) {
            dbn = new FineTuner(backend).fineTune(dbn, 10, FineTuneConfig.defaults().withEpochs(finetuneEpochs)
                    .withBatchSize(batch).withLearningRate(finetuneLr).withPatience(patience).withSeed(o.seed + 200),
                    x, labels, xv, val == null ? null : val.labels(), listeners);
            fine = new ClassifierEngine(backend, dbn.classifier().orElseThrow()).evaluate(xt, data.test().labels());
            metrics.put("test_error_finetuned", fine.errorRate());
        }
        progress.close();
        double seconds = (System.nanoTime() - t0) / 1e9;
        metrics.put("train_seconds", seconds);
        metrics.put("pretrain_seconds", pretrainSeconds);
        if (fine != null) {
            metrics.put("confusion_finetuned", fine.confusion());
        }
        metrics.put("epochs", Runs.epochs(history));

        ModelFiles.write(out.resolve("model.dbn4j"), dbn);
        ModelNpz.write(out.resolve("model.npz"), dbn);
        pictures(backend, dbn, data.test(), xt, out, o.seed, history);
        Runs.writeJson(out.resolve("metrics.json"), metrics);
        HtmlReport report = Runs.report("dbn4j: DBN on MNIST", command, metrics);
        report.picture("filters.png", "First-layer filters (recognition weights of 100 hidden units)")
                .picture("reconstructions.png", "Test digits and their reconstructions through the first layer")
                .picture("samples.png", "Generated digits, one row per clamped label 0-9")
                .picture("curves.png", "Costs per epoch of every training stage");
        report.write(out.resolve("report.html"));

        stdout.printf("DBN 784-%s trained in %.1f s on %s %s%n", joined(layers), seconds, backend.name(),
                backend.precision().label());
        if (metrics.containsKey("test_error_generative")) {
            stdout.printf("test error, generative (free energy of the label memory): %.2f%%%n",
                    100 * (double) metrics.get("test_error_generative"));
        }
        if (fine != null) {
            stdout.printf("test error, fine-tuned by back-propagation: %.2f%% (%d of %d)%n", 100 * fine.errorRate(),
                    fine.errors(), fine.cases());
        }
        stdout.println("wrote " + out.resolve("report.html") + " and the model, metrics and pictures beside it");
        stdout.flush();
    }

    private static double generativeError(Backend b, Dbn dbn, Matrix xt, LabelledImages test) {
        return Evaluation.of(test.labels(), new DbnEngine(b, dbn).classify(xt), 10).errorRate();
    }

    private void pictures(Backend b, Dbn dbn, LabelledImages test, Matrix xt, Path out, long seed,
                          MetricsHistory history) {
        int side = test.side();
        if (!dbn.lower().isEmpty()) {
            DirectedLayer first = dbn.lower().get(0);
            Pictures.filters(out.resolve("filters.png"), first.recognitionWeights(), first.below(), first.above(), side,
                    Math.min(100, first.above()));
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
            Pictures.reconstructions(out.resolve("reconstructions.png"), b.toArray(in), b.toArray(r), n, side);
        }
        if (dbn.labels() > 0) {
            DbnEngine engine = new DbnEngine(b, dbn);
            RandomCursor rng = new RandomCursor(RandomStream.of(seed).split(99));
            double[] all = new double[10 * 10 * test.width()];
            List<String> rowLabels = new ArrayList<>();
            for (int label = 0; label < 10; label++) {
                double[] p = b.toArray(engine.generate(10, label, sampleGibbsSteps, rng).probabilities());
                System.arraycopy(p, 0, all, label * p.length, p.length);
                rowLabels.add(Integer.toString(label));
            }
            Pictures.samples(out.resolve("samples.png"), all, 10, 10, side, rowLabels);
        }
        Pictures.curvePanels(out.resolve("curves.png"), "Training costs per epoch", Runs.curvePanels(history));
    }

    static String joined(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : "-").append(a[i]);
        }
        return sb.toString();
    }
}
