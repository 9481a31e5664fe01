package io.github.dbn4j.cli;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.dbn.Classifier;
import io.github.dbn4j.core.dbn.ClassifierEngine;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnEngine;
import io.github.dbn4j.core.dbn.Evaluation;
import io.github.dbn4j.core.io.CheckpointFiles;
import io.github.dbn4j.core.io.ModelFormat;
import io.github.dbn4j.core.rbm.Ais;
import io.github.dbn4j.core.rbm.AisResult;
import io.github.dbn4j.core.rbm.PartitionFunction;
import io.github.dbn4j.core.rbm.Rbm;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Evaluates a saved model (native or .npz) on the MNIST test set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a model file (native or .npz) on the MNIST test set, or the classifier in a"
                + " checkpoint of back-propagation or conjugate gradients (the run as it stands).",
            "DBN: test error of the fine-tuned classifier and of generative classification.",
            "RBM: log Z (exact with --exact when small enough, else AIS) and the average test log-probability."})
final class EvaluateCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "Model file (model.dbn4j or model.npz), or a checkpoint (OUT/checkpoints/checkpoint-*.dbn4j).")
    Path model;

    @Option(names = "--exact", description = "Exact log Z by enumeration (RBMs with at most 25 units on one side).")
    boolean exact;

    @Option(names = "--ais-runs", defaultValue = "100", description = "AIS runs (default: ${DEFAULT-VALUE}).")
    int aisRuns;

    @Option(names = "--ais-betas", defaultValue = "14500", description = "AIS inverse temperatures (default: ${DEFAULT-VALUE}).")
    int aisBetas;

    @Option(names = "--pixels", paramLabel = "MODE",
            description = "Pixel values of the test images (default: stochastic for RBMs, scaled for DBNs).")
    String pixels;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        Object m;
        String stage = null;
        if (CheckpointFiles.isCheckpoint(model)) {
            TrainingState state = CheckpointFiles.read(model);
            stage = state.getText(TrainingControl.STAGE);
            String at = stage;
            m = CheckpointFiles.classifier(state).orElseThrow(() -> new IllegalArgumentException(model
                    + " is a checkpoint of stage " + at + ", which holds no classifier yet; a checkpoint of"
                    + " back-propagation or conjugate gradients does"));
        } else {
            m = ModelFormat.detect(model).read(model);
        }
        // the data first: a bad or too large input is refused before the backend starts
        Mnist.Dataset data = Runs.data(common, System.err);
        Backend backend = common.backend();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", model.toString());
        out.put("backend", backend.name());
        out.put("precision", backend.precision().label());
        out.put("seed", common.seed);
        if (m instanceof Classifier classifier) {
            // the network a checkpoint is fine-tuning, as it stands
            out.put("checkpoint_stage", stage);
            check(classifier.sizes()[0], data.test());
            Matrix xt = data.test().toMatrix(backend, Runs.pixels(pixels == null ? "scaled" : pixels), common.seed + 1);
            out.put("test_error_classifier",
                    new ClassifierEngine(backend, classifier).evaluate(xt, data.test().labels()).errorRate());
        } else if (m instanceof Rbm rbm) {
            check(rbm.visible(), data.test());
            LabelledImages.Pixels mode = Runs.pixels(pixels == null ? "stochastic" : pixels);
            Matrix xt = data.test().toMatrix(backend, mode, common.seed + 1);
            double logZ;
            if (exact) {
                int side = Math.min(rbm.visible(), rbm.hidden());
                if (side > 25) {
                    throw new IllegalArgumentException("--exact would enumerate 2^" + side + " states of " + rbm
                            + " (at most 2^25 are allowed); leave out --exact to estimate log Z by AIS");
                }
                logZ = PartitionFunction.exactLogZ(backend, rbm);
                out.put("exact_logz", logZ);
            } else {
                Matrix x = data.train().toMatrix(backend, mode, common.seed);
                AisResult ais = Ais.estimate(backend, rbm, aisRuns, Ais.paperBetas(aisBetas),
                        Ais.baseRateBiases(backend, x), common.seed + 7);
                logZ = ais.logZ();
                out.put("ais_logz", ais.logZ());
                out.put("ais_logz_stderr", ais.stdErr());
                out.put("ais_runs", aisRuns);
                out.put("ais_betas", aisBetas);
            }
            out.put("test_avg_log_prob", PartitionFunction.averageLogProbability(backend, rbm, xt, logZ));
        } else {
            Dbn dbn = (Dbn) m;
            check(dbn.inputs(), data.test());
            Matrix xt = data.test().toMatrix(backend, Runs.pixels(pixels == null ? "scaled" : pixels), common.seed + 1);
            int[] y = data.test().labels();
            if (dbn.classifier().isPresent()) {
                out.put("test_error_finetuned",
                        new ClassifierEngine(backend, dbn.classifier().get()).evaluate(xt, y).errorRate());
            }
            if (dbn.labels() > 0) {
                out.put("test_error_generative",
                        Evaluation.of(y, new DbnEngine(backend, dbn).classify(xt), dbn.labels()).errorRate());
            }
        }
        if (json) {
            try {
                spec.commandLine().getOut().println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(out));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        } else {
            out.forEach((k, v) -> spec.commandLine().getOut().println(k + ": " + (v instanceof Double d
                    ? String.format(Locale.ROOT, k.contains("error") ? "%.4f (%.2f%%)" : "%.4f", d, 100 * d) : v)));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private void check(int width, LabelledImages test) {
        if (width != test.width()) {
            throw new IllegalArgumentException(model + " takes " + width + " inputs but the MNIST images have "
                    + test.width() + " pixels");
        }
    }
}
