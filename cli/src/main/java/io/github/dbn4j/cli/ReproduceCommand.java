package io.github.dbn4j.cli;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.cli.report.HtmlReport;
import io.github.dbn4j.cli.report.Pictures;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.data.KnownDataSet;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.io.CheckpointFiles;
import io.github.dbn4j.core.io.ModelFiles;
import io.github.dbn4j.core.io.ModelNpz;
import io.github.dbn4j.core.rbm.Rbm;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs one classic MNIST result end to end and sets our figure beside the published one. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Reproduce a classic MNIST result from its paper's recipe; --list names them. Writes "
                + "reproduction.json (the published figure and ours) beside the usual outputs.")
final class ReproduceCommand implements Callable<Integer> {

    static final String[] OUTPUTS = {"model.dbn4j", "model.npz", "metrics.json", "reproduction.json", "filters.png",
        "curves.png", "report.html"};
    static final String SETTINGS = CheckpointOptions.SETTINGS;

    @Spec
    CommandSpec spec;

    @RunSettings.Saved(key = "recipe")
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The recipe (see --list).")
    String name;

    @Option(names = "--list", description = "Name the recipes and exit.")
    boolean list;

    @RunSettings.Saved
    @Option(names = "--quick", description = "Shrink every count for a smoke run of a minute on the shipped "
            + "5,000-digit subset; its figures say nothing about the paper's.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: out/reproduce/NAME).")
    Path out;

    @Mixin
    CommonOptions common;

    @Mixin
    CheckpointOptions checkpoints;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        if (list) {
            for (Recipes.Recipe r : Recipes.all()) {
                stdout.println(r.name());
                stdout.println("    " + r.paper());
            }
            stdout.flush();
            return 0;
        }
        if (common.dataset != null || common.testData != null || common.imageShape != null) {
            throw new IllegalArgumentException("reproduce runs on MNIST, the data its paper used; --dataset,"
                    + " --test-data and --image-shape do not apply");
        }
        if (common.subset || common.trainLimit != null) {
            throw new IllegalArgumentException("reproduce runs on the data its paper used; --subset and --train-limit "
                    + "do not apply (--quick runs a smoke test on the shipped subset)");
        }
        checkpoints.check();
        checkpoints.checkResume(spec);
        TrainingState resume = null;
        if (checkpoints.resume != null) {
            resume = checkpoints.latest();
            if (!resume.hasScope(SETTINGS) || !resume.scoped(SETTINGS).has("recipe")) {
                throw new IllegalArgumentException(resume.origin() + " is not a checkpoint of reproduce; resume it "
                        + "with the command that wrote it");
            }
            String stored = resume.scoped(SETTINGS).getText("recipe");
            if (name != null && !name.equals(stored)) {
                throw new IllegalArgumentException(checkpoints.resume + " holds a run of " + stored + ", not " + name);
            }
            loadSettings(resume.scoped(SETTINGS));
            out = checkpoints.resume;
        }
        if (name == null) {
            throw new IllegalArgumentException("name a recipe (reproduce --list names them), e.g. ./dbn4j reproduce "
                    + Recipes.all().get(0).name());
        }
        Recipes.Recipe recipe = Recipes.named(name);
        if (out == null) {
            out = Path.of("out", "reproduce", name + (quick ? "-quick" : ""));
        }
        OutputDir.prepare(out, common.force || resume != null, OUTPUTS);
        if (resume == null) {
            ResumableRun.refuseUnfinished(out, common.force, checkpoints.keep);
        }
        common.subset = quick;
        long seed = common.seed;
        // the data first: a bad or too large input is refused before the backend starts
        Mnist.Dataset dataset = Runs.data(common, System.err);
        if (common.dataKnown != KnownDataSet.MNIST) {
            throw new IllegalArgumentException("reproduce runs on MNIST, the data its paper used, but " + common.data
                    + " holds other data");
        }
        Backend backend = common.backend();
        System.err.printf("dbn4j: reproducing %s%s on %s %s, %d training and %d test digits%n", name,
                quick ? " (--quick: every count shrunk, on the shipped subset)" : "", backend.name(),
                backend.precision().label(), dataset.train().count(), dataset.test().count());
        if (resume != null) {
            System.err.printf("dbn4j: resuming from %s%n", resume.origin());
        }

        CheckpointOptions.Session session = checkpoints.session(out, s -> saveSettings(s, backend), resume, System.err,
                java.util.Map.of());
        MetricsHistory history = session.history();
        ConsoleProgress progress = session.progress();
        TrainingControl control = session.control();
        CheckpointFiles store = session.store();
        Recipes.Context context = new Recipes.Context(backend, dataset, quick, seed, control,
                List.<TrainingListener>of(progress, history), history, System.err);
        long t0 = System.nanoTime();
        Optional<Recipes.Outcome> result;
        try (StopOnSignal signal = new StopOnSignal(control)) {
            result = ResumableRun.train(spec.name() + " " + name, out, store, progress, System.err,
                    () -> recipe.run(context));
        }
        if (result.isEmpty()) {
            return ResumableRun.INTERRUPTED;
        }
        progress.close();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Recipes.Outcome outcome = result.get();
        String command = Runs.commandLine(spec);

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("command", command);
        metrics.put("recipe", name);
        metrics.put("quick", quick);
        metrics.put("backend", backend.name());
        metrics.put("precision", backend.precision().label());
        metrics.put("seed", seed);
        metrics.put("wall_seconds", seconds);
        if (resume != null) {
            metrics.put("resumed_from", resume.origin());
        }
        metrics.putAll(outcome.metrics());
        int[] shape = outcome.typicalProduct();
        double gflops = GemmSpeed.gflops(backend, shape[0], shape[1], shape[2]);
        double trainSeconds = history.epochs().stream().mapToDouble(e -> e.seconds()).sum();
        double productSeconds = outcome.productFlops() / (gflops * 1e9);
        metrics.put("product_gflop", outcome.productFlops() / 1e9);
        metrics.put("gemm_gflops", gflops);
        metrics.put("gemm_shape", shape[0] + "x" + shape[1] + "x" + shape[2]);
        metrics.put("products_seconds", productSeconds);
        metrics.put("training_epochs_seconds", trainSeconds);
        metrics.put("epochs", Runs.epochs(history));
        metrics.put("warnings", Runs.warnings(history));

        Map<String, Object> reproduction = new LinkedHashMap<>();
        reproduction.put("recipe", name);
        reproduction.put("paper", recipe.paper());
        List<Map<String, Object>> figures = new ArrayList<>();
        for (Recipes.Figure f : outcome.figures()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("figure", f.name());
            row.put("unit", f.unit());
            row.put("published", f.published());
            row.put("ours", f.ours());
            row.put("target", f.target());
            if (!Double.isNaN(f.limit())) {
                row.put("met", f.met()); // a figure without a target is neither met nor missed
            }
            figures.add(row);
        }
        reproduction.put("figures", figures);
        reproduction.put("wall_seconds", seconds);
        reproduction.put("training_epochs_seconds", trainSeconds);
        reproduction.put("product_gflop", outcome.productFlops() / 1e9);
        reproduction.put("gemm_gflops", gflops);
        reproduction.put("products_seconds", productSeconds);
        if (resume == null) {
            reproduction.put("wall_over_products", seconds / productSeconds);
        } else {
            // the wall time is this session's alone; the epochs' own times span every session
            reproduction.put("epochs_over_products", trainSeconds / productSeconds);
        }
        reproduction.put("backend", backend.name());
        reproduction.put("precision", backend.precision().label());
        reproduction.put("seed", seed);
        reproduction.put("quick", quick);
        reproduction.put("command", command);
        reproduction.put("differences", recipe.differences());
        if (resume != null) {
            reproduction.put("resumed", true);
        }

        int side = dataset.test().side();
        if (outcome.model() instanceof Rbm rbm) {
            ModelFiles.write(out.resolve("model.dbn4j"), rbm);
            ModelNpz.write(out.resolve("model.npz"), rbm);
            Pictures.filters(out.resolve("filters.png"), rbm.weights(), rbm.visible(), rbm.hidden(), side, 100);
        } else {
            Dbn dbn = (Dbn) outcome.model();
            ModelFiles.write(out.resolve("model.dbn4j"), dbn);
            ModelNpz.write(out.resolve("model.npz"), dbn);
            int firstHidden = dbn.sizes()[1];
            double[] w = dbn.lower().isEmpty() ? dbn.top().weights() : dbn.lower().get(0).recognitionWeights();
            Pictures.filters(out.resolve("filters.png"), w, dbn.inputs(), firstHidden, side, Math.min(100, firstHidden));
        }
        Pictures.curvePanels(out.resolve("curves.png"), "Training costs per epoch", Runs.curvePanels(history));
        Runs.writeJson(out.resolve("metrics.json"), metrics);
        Runs.writeJson(out.resolve("reproduction.json"), reproduction);
        HtmlReport report = Runs.report("dbn4j: reproduce " + name, command, metrics);
        for (Recipes.Figure f : outcome.figures()) {
            report.metric("published: " + f.name(), f.published());
        }
        report.picture("filters.png", "Filters of the first hidden layer").picture("curves.png", "Costs per epoch");
        report.write(out.resolve("report.html"));
        if (store != null) {
            ResumableRun.deleteCheckpoints(store);
        }

        stdout.printf(Locale.ROOT, "%s reproduced in %.1f s on %s %s%s%n", name, seconds, backend.name(),
                backend.precision().label(), quick ? " (--quick: not comparable with the paper)" : "");
        for (Recipes.Figure f : outcome.figures()) {
            stdout.printf(Locale.ROOT, "  %-45s published %s  ours %s  target %s%s%n", f.name(), format(f, f.published()),
                    format(f, f.ours()), f.target(), quick || Double.isNaN(f.limit()) ? "" : f.met() ? "  (met)"
                            : "  (missed)");
        }
        String ratio = resume == null ? String.format(Locale.ROOT, "wall time %.2fx that", seconds / productSeconds)
                : String.format(Locale.ROOT, "resumed, so the wall time is this session's only; the epochs of every "
                + "session took %.0f s, %.2fx that", trainSeconds, trainSeconds / productSeconds);
        stdout.printf(Locale.ROOT, "  matrix products: %.0f GFLOP, %.0f s at the %.0f GFLOP/s of a %s product here; %s%n",
                outcome.productFlops() / 1e9, productSeconds, gflops, shape[0] + "x" + shape[1] + "x" + shape[2], ratio);
        stdout.println("wrote " + out.resolve("reproduction.json") + ", " + out.resolve("report.html")
                + " and the model, metrics and pictures beside them");
        stdout.flush();
        return 0;
    }

    private static String format(Recipes.Figure f, double v) {
        return f.unit().equals("nats") ? String.format(Locale.ROOT, "%.2f nats", v)
                : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private void saveSettings(TrainingState s, Backend backend) {
        common.saveRun(s, backend);
        RunSettings.save(s, this);
    }

    private void loadSettings(TrainingState s) {
        common.loadRun(s);
        RunSettings.load(s, this);
    }
}
