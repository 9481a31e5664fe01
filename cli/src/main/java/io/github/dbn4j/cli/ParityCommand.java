package io.github.dbn4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.BackendProvider;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.dbn.Classifier;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.DbnTrainer;
import io.github.dbn4j.core.dbn.DirectedLayer;
import io.github.dbn4j.core.dbn.FineTuneConfig;
import io.github.dbn4j.core.dbn.FineTuner;
import io.github.dbn4j.core.dbn.WakeSleepConfig;
import io.github.dbn4j.core.dbn.WakeSleepTrainer;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmTrainer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the same seeded short trainings on every backend found on the class path and reports,
 * per pair of backends and precision, the largest relative disagreement of the parameters: the
 * check a backend author runs with their jar on the class path.
 */
@Command(name = "parity", mixinStandardHelpOptions = true,
        description = {"Run seeded short trainings (RBM CD-2 and PCD, DBN pretraining, wake-sleep, fine-tuning) on "
                + "every backend on the class path and report the largest relative disagreement of parameters per "
                + "backend pair and precision.", "Exit code 1 if a pair exceeds the tolerance."})
final class ParityCommand implements Callable<Integer> {

    /** Tolerances of the relative disagreement, {@code max |a - b| / max |b|} per parameter array. */
    static final double TOLERANCE_F64 = 1e-9;
    static final double TOLERANCE_F32 = 1e-3;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "One JSON object per line per backend pair and task.")
    boolean json;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        Runs.quietLearningChecks(); // tiny one-epoch runs: the checks would report them, rightly and uselessly
        PrintWriter out = spec.commandLine().getOut();
        LabelledImages digits = Mnist.subset().train().head(200);
        boolean ok = true;
        if (!json) {
            out.printf("%-9s %-9s %-8s %-14s %14s %10s  %s%n", "backend", "vs", "prec", "task", "max rel diff",
                    "tolerance", "verdict");
        }
        for (Precision p : Precision.values()) {
            List<String> names = new ArrayList<>();
            for (BackendProvider provider : Backends.providers()) {
                if (provider.precisions().contains(p) && provider.unavailableReason().isEmpty()) {
                    names.add(provider.name());
                }
            }
            if (names.size() < 2) {
                continue;
            }
            Map<String, Map<String, List<double[]>>> results = new LinkedHashMap<>();
            for (String name : names) {
                results.put(name, run(Backends.create(name, p), digits));
            }
            String ref = names.get(names.size() - 1); // the lowest-ranked, plainest backend is the reference
            double tol = p == Precision.FLOAT64 ? TOLERANCE_F64 : TOLERANCE_F32;
            for (String name : names) {
                if (name.equals(ref)) {
                    continue;
                }
                for (String task : results.get(ref).keySet()) {
                    double d = disagreement(results.get(name).get(task), results.get(ref).get(task));
                    boolean pass = d <= tol;
                    ok &= pass;
                    if (json) {
                        ObjectNode row = new ObjectMapper().createObjectNode();
                        row.put("backend", name).put("reference", ref).put("precision", p.label()).put("task", task)
                                .put("max_relative_difference", d).put("tolerance", tol).put("pass", pass);
                        out.println(row);
                    } else {
                        out.printf(Locale.ROOT, "%-9s %-9s %-8s %-14s %14.3e %10.0e  %s%n", name, ref, p.label(), task,
                                d, tol, pass ? "ok" : "DISAGREE");
                    }
                }
            }
        }
        out.flush();
        return ok ? 0 : 1;
    }

    /** Parameters after each short training, by task. */
    private Map<String, List<double[]>> run(Backend b, LabelledImages digits) {
        Matrix x = digits.toMatrix(b, LabelledImages.Pixels.THRESHOLD, seed);
        int[] y = digits.labels();
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        RbmConfig rbm = RbmConfig.defaults(50).withBatchSize(50).withEpochs(2).withSeed(seed).withMomentum(0.5, 0.9, 1);
        TrainingOptions plain = TrainingOptions.defaults();
        out.put("rbm-cd2", params(Runs.trainer(b, RbmTrainer.class).train(rbm.withCdSteps(2), x, plain)));
        out.put("rbm-pcd", params(Runs.trainer(b, RbmTrainer.class).train(rbm.withPersistentChains(25), x, plain)));
        DbnConfig config = DbnConfig.of(rbm.withEpochs(1), 10, 40, 40, 60);
        Dbn dbn = Runs.trainer(b, DbnTrainer.class).pretrain(config, x, y);
        out.put("dbn-pretrain", params(dbn));
        dbn = Runs.trainer(b, WakeSleepTrainer.class).train(dbn, WakeSleepConfig.defaults().withEpochs(1).withBatchSize(50)
                .withSeed(seed), x, y);
        out.put("dbn-wake-sleep", params(dbn));
        Dbn tuned = Runs.trainer(b, FineTuner.class).fineTune(dbn, 10, FineTuneConfig.defaults().withEpochs(1).withBatchSize(50)
                .withSeed(seed), x, y, null, null);
        Classifier c = tuned.classifier().orElseThrow();
        List<double[]> cp = new ArrayList<>();
        for (int i = 0; i < c.depth(); i++) {
            cp.add(c.weights(i));
            cp.add(c.biases(i));
        }
        out.put("dbn-fine-tune", cp);
        return out;
    }

    private static List<double[]> params(Rbm r) {
        List<double[]> l = new ArrayList<>(List.of(r.weights(), r.visibleBias(), r.hiddenBias()));
        if (r.labels() > 0) {
            l.add(r.labelWeights());
            l.add(r.labelBias());
        }
        return l;
    }

    private static List<double[]> params(Dbn d) {
        List<double[]> l = new ArrayList<>();
        for (DirectedLayer layer : d.lower()) {
            l.addAll(List.of(layer.recognitionWeights(), layer.recognitionBias(), layer.generativeWeights(),
                    layer.generativeBias()));
        }
        l.addAll(params(d.top()));
        return l;
    }

    /** The largest, over parameter arrays, of {@code max |a - b| / max |b|}. */
    static double disagreement(List<double[]> a, List<double[]> b) {
        double worst = 0;
        for (int k = 0; k < b.size(); k++) {
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < b.get(k).length; i++) {
                scale = Math.max(scale, Math.abs(b.get(k)[i]));
                diff = Math.max(diff, Math.abs(a.get(k)[i] - b.get(k)[i]));
            }
            double d = scale == 0 ? diff : diff / scale;
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }
}
