package io.github.dbn4j.cli;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.Batches;
import io.github.dbn4j.core.Checkpointable;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.MetricsHistory;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingOptions;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.data.LabelledImages;
import io.github.dbn4j.core.data.Mnist;
import io.github.dbn4j.core.dbn.ClassifierEngine;
import io.github.dbn4j.core.dbn.ConjugateGradientConfig;
import io.github.dbn4j.core.dbn.ConjugateGradientFineTuner;
import io.github.dbn4j.core.dbn.Dbn;
import io.github.dbn4j.core.dbn.DbnConfig;
import io.github.dbn4j.core.dbn.DbnEngine;
import io.github.dbn4j.core.dbn.DbnTrainer;
import io.github.dbn4j.core.dbn.Evaluation;
import io.github.dbn4j.core.dbn.WakeSleepConfig;
import io.github.dbn4j.core.dbn.WakeSleepTrainer;
import io.github.dbn4j.core.io.ModelFiles;
import io.github.dbn4j.core.rbm.Ais;
import io.github.dbn4j.core.rbm.AisResult;
import io.github.dbn4j.core.rbm.PartitionFunction;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmTrainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classic MNIST results that {@code dbn4j reproduce} runs, each written from its paper's
 * description (and the settings the authors published with their code), on the library's own
 * features: fixed and balanced batches, per-batch binarisation, annealed CD, conjugate gradients,
 * the Gibbs schedule of up-down, retraining on all the data.
 */
final class Recipes {

    private Recipes() {
    }

    /** Every recipe, in the order of {@code reproduce --list}. */
    static List<Recipe> all() {
        return List.of(new HintonSalakhutdinov2006(), new HintonOsinderoTeh2006(), new SalakhutdinovMurray2008());
    }

    static Recipe named(String name) {
        for (Recipe r : all()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        List<String> names = all().stream().map(Recipe::name).toList();
        throw new IllegalArgumentException("no recipe named '" + name + "'; the recipes are " + String.join(", ", names));
    }

    /**
     * One published figure and ours.
     *
     * @param name      what is measured, e.g. "test error"
     * @param unit      "error" (a fraction, lower is better) or "nats" (a log-probability)
     * @param published the paper's figure
     * @param ours      our figure
     * @param limit     the target: an upper bound for errors, a largest distance for nats, or NaN for none
     */
    record Figure(String name, String unit, double published, double ours, double limit) {
        boolean met() {
            if (Double.isNaN(limit)) {
                return true;
            }
            return unit.equals("nats") ? Math.abs(ours - published) <= limit : ours <= limit;
        }

        String target() {
            if (Double.isNaN(limit)) {
                return "none";
            }
            return unit.equals("nats") ? "within " + limit + " nats of the published figure"
                    : String.format(java.util.Locale.ROOT, "<= %.2f%%", 100 * limit);
        }
    }

    /** What a recipe runs on. */
    record Context(Backend backend, Mnist.Dataset data, boolean quick, long seed, TrainingControl control,
                   List<TrainingListener> listeners, MetricsHistory history, PrintStream err) {
        TrainingListener[] listenerArray() {
            return listeners.toArray(TrainingListener[]::new);
        }
    }

    /**
     * What a recipe produced: its figures, its model (an {@link Rbm} or a {@link Dbn}), further
     * metrics, and the floating-point work of the matrix products of its training with the shape
     * {@code m x k x n} of its typical product, at which the command measures the GEMM speed that
     * turns the work into a floor for the wall time.
     */
    record Outcome(List<Figure> figures, Object model, Map<String, Object> metrics, double productFlops,
                   int[] typicalProduct) {
    }

    /** The work of one pass of {@code n} cases through layers of the given widths: 2 n sum(w_i w_{i+1}). */
    static double passFlops(double n, int... widths) {
        double sum = 0;
        for (int i = 0; i + 1 < widths.length; i++) {
            sum += (double) widths[i] * widths[i + 1];
        }
        return 2 * n * sum;
    }

    /**
     * The epochs of pretraining the 784-500-500-2000 stack on {@code n} cases, the lower layers by
     * CD-1 and the top by CD-{@code topCdSteps}, with {@code labels} beside the top.
     */
    static double pretrainFlops(double n, int epochs, int labels, int topCdSteps) {
        return epochs * (cdEpochFlops(n, 784, 500, 1) + cdEpochFlops(n, 500, 500, 1, 784, 500)
                + cdEpochFlops(n, 500 + labels, 2000, topCdSteps, 784, 500, 500));
    }

    /**
     * The products of one epoch of CD-k on {@code n} cases of a {@code v x h} RBM, after the
     * {@code below} widths that pass the cases up to it: {@code p(h|v0)}, the first reconstruction,
     * two products per further Gibbs step, {@code p(h|v_k)} and the two weight statistics.
     */
    static double cdEpochFlops(double n, int v, int h, int k, int... below) {
        return (2.0 * k + 3) * passFlops(n, v, h) + (below.length > 1 ? passFlops(n, below) : 0);
    }

    /** One reproduction. */
    abstract static class Recipe {
        abstract String name();

        /** The paper and the model, one line. */
        abstract String paper();

        /** What differs from the paper, and why; one entry each. */
        abstract List<String> differences();

        abstract Outcome run(Context c);
    }

    /**
     * The model entering the current phase and the figures measured so far, kept in checkpoints so
     * that a resumed run skips the phases before it and still reports them.
     */
    static final class Phases implements Checkpointable {
        Dbn dbn;
        final Map<String, Double> figures = new LinkedHashMap<>();
        /** Whether this run pretrained (rather than resuming past pretraining); not saved. */
        boolean pretrained;

        @Override
        public void saveState(TrainingState state) {
            state.putLong("present", dbn == null ? 0 : 1);
            if (dbn != null) {
                ModelFiles.put(state.scoped("model"), dbn);
            }
            state.putValues("figures", figures);
        }

        @Override
        public void loadState(TrainingState state) {
            dbn = state.getLong("present") == 1 ? ModelFiles.getDbn(state.scoped("model")) : null;
            figures.clear();
            figures.putAll(state.getValues("figures"));
        }

        /**
         * Pretrains the 784-500-500-2000 stack (registering this object's state with the run), or,
         * when the run resumes past pretraining, returns the DBN that entered its phase.
         */
        Dbn pretrainOrResume(Context c, DbnConfig config, Matrix x, int[] y) {
            c.control().register(PHASES, this);
            String at = c.control().pendingStage();
            if (at == null || at.startsWith("layer")) {
                pretrained = true;
                return Runs.trainer(c.backend(), DbnTrainer.class).pretrain(config, x, y, c.control(), c.listenerArray());
            }
            return entering(c.control(), at);
        }

        /** The DBN a resumed run left in phase {@code stage}, or a clear error. */
        Dbn entering(TrainingControl control, String stage) {
            if (dbn == null) {
                throw control.pendingResume().problem("it is in stage '" + stage + "' but holds no model entering it");
            }
            return dbn;
        }
    }

    static final String PHASES = "phases";

    /** The error rate of a DBN's fine-tuned classifier on the test set. */
    static double classifierError(Backend b, Dbn dbn, Matrix x, int[] y) {
        return new ClassifierEngine(b, dbn.classifier().orElseThrow()).evaluate(x, y).errorRate();
    }

    /** The error rate of a DBN's generative classification (lowest free energy over the labels). */
    static double generativeError(Backend b, Dbn dbn, Matrix x, int[] y) {
        return Evaluation.of(y, new DbnEngine(b, dbn).classify(x), dbn.labels()).errorRate();
    }

    /** Hinton and Salakhutdinov (2006): the 784-500-500-2000-10 classifier, CD-1 pretraining, conjugate gradients. */
    static final class HintonSalakhutdinov2006 extends Recipe {
        @Override
        String name() {
            return "hinton-salakhutdinov-2006";
        }

        @Override
        String paper() {
            return "Hinton and Salakhutdinov (2006), Science: a 784-500-500-2000-10 classifier pretrained by CD-1 and "
                    + "fine-tuned by conjugate gradients; published test error 1.2%";
        }

        @Override
        List<String> differences() {
            return List.of("The permutation that forms the 600 fixed mini-batches, the initial weights and the CD "
                    + "samples come from dbn4j's seeded counter-based streams, not Matlab's generator.",
                    "Conjugate gradients end after an epoch of the whole network that changes no parameter: "
                    + "every later epoch would repeat it exactly, so the model is the one of 200 epochs.");
        }

        static RbmConfig layer(boolean quick, long seed) {
            return RbmConfig.defaults(500).withEpochs(quick ? 2 : 50).withBatchSize(100).withLearningRate(0.1)
                    .withMomentum(0.5, 0.9, 5).withWeightDecay(2e-4).withInitialWeightStd(0.1)
                    .withZeroInitialBiases(true).withFixedBatches(true).withCentered(false).withSeed(seed);
        }

        static ConjugateGradientConfig fineTuning(boolean quick, long seed) {
            return ConjugateGradientConfig.paper().withEpochs(quick ? 3 : 200).withTopLayerEpochs(quick ? 1 : 5)
                    .withSeed(seed + 300);
        }

        @Override
        Outcome run(Context c) {
            Backend b = c.backend();
            LabelledImages train = c.data().train().select(Batches.permutation(c.data().train().count(), c.seed()));
            Matrix x = train.toMatrix(b, LabelledImages.Pixels.SCALED, c.seed());
            int[] y = train.labels();
            Matrix xt = c.data().test().toMatrix(b, LabelledImages.Pixels.SCALED, c.seed());
            int[] yt = c.data().test().labels();
            Phases phases = new Phases();
            Dbn dbn = phases.pretrainOrResume(c, DbnConfig.of(layer(c.quick(), c.seed()), 0, 500, 500, 2000), x, null);
            phases.dbn = dbn;
            dbn = Runs.trainer(b, ConjugateGradientFineTuner.class).fineTune(dbn, 10, fineTuning(c.quick(), c.seed()), x, y, null, null,
                    c.control(), c.listenerArray());
            c.control().unregister(PHASES);
            double error = classifierError(b, dbn, xt, yt);
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("test_error_finetuned", error);
            return new Outcome(List.of(new Figure("test error", "error", 0.012, error, 0.0125)), dbn, metrics,
                    flops(c, x.rows()), new int[] {1000, 500, 2000});
        }

        /** Pretraining's CD-1 epochs and every function evaluation of the conjugate gradients. */
        static double flops(Context c, int n) {
            double work = pretrainFlops(n, layer(c.quick(), c.seed()).epochs(), 0, 1);
            ConjugateGradientConfig cg = fineTuning(c.quick(), c.seed());
            int batches = (n + cg.batchSize() - 1) / cg.batchSize();
            for (EpochMetrics m : c.history().stage(ConjugateGradientFineTuner.STAGE)) {
                double evaluations = m.get(ConjugateGradientFineTuner.EVALUATIONS) * batches;
                if (m.epoch() <= cg.topLayerEpochs()) {
                    // the features once per batch, then the softmax layer's forward and gradient per evaluation
                    work += passFlops(n, 784, 500, 500, 2000) + evaluations * 2 * passFlops(cg.batchSize(), 2000, 10);
                } else {
                    // forward, weight gradients, and the deltas passed down to every layer but the first
                    work += evaluations * (2 * passFlops(cg.batchSize(), 784, 500, 500, 2000, 10)
                            + passFlops(cg.batchSize(), 500, 500, 2000, 10));
                }
            }
            return work;
        }
    }

    /** Hinton, Osindero and Teh (2006): the generative 784-500-500-2000 DBN with 10 labels, up-down, retraining. */
    static final class HintonOsinderoTeh2006 extends Recipe {
        static final String RETRAIN = "wake-sleep-retrain";

        @Override
        String name() {
            return "hinton-osindero-teh-2006";
        }

        @Override
        String paper() {
            return "Hinton, Osindero and Teh (2006), Neural Computation: the generative 784-500-500-2000 DBN with 10 "
                    + "label units, greedy pretraining, up-down, retraining on all 60,000 digits; published test error "
                    + "1.25% (2.49% greedy only)";
        }

        @Override
        List<String> differences() {
            return List.of(
                    "The paper does not publish its learning rates, momentum or weight costs. Pretraining uses "
                            + "plain CD-1 (CD-3 for the top level) at learning rate 0.1 (the top level's label weights "
                            + "at 0.02), momentum 0.5 "
                            + "then 0.9, weight cost 2e-4 and initial weights N(0, 0.1^2), chosen on the validation "
                            + "digits' greedy error (docs/REPRODUCTION.md); up-down uses the demo's learning rate "
                            + "0.01 without momentum or weight cost (30-epoch runs at rates up to 0.1, with a weight "
                            + "cost or with 10 Gibbs iterations did no better on the validation digits).",
                    "The 10,000 validation digits are 1,000 of each class and the 44,000 training digits 4,400 of "
                            + "each, drawn with a seed; the paper does not say how it drew them.",
                    "The validation error is measured after every epoch of up-down, and retraining starts from the "
                            + "epoch that did best, as in the paper; that the paper's 59 epochs of retraining brought "
                            + "the training error on all 60,000 digits to the final one on the 44,000 is not checked.",
                    "The 600 batches of the retraining are balanced as nearly as MNIST's unequal class counts "
                            + "allow (5,421 to 6,742 digits a class).");
        }

        /** The label weights' learning rate of the top level, chosen on the validation digits. */
        static final double LABEL_LEARNING_RATE = 0.02;

        /** The Gibbs steps of the top level's contrastive divergence, chosen on the validation digits. */
        static final int TOP_CD_STEPS = 3;

        static RbmConfig layer(boolean quick, long seed) {
            return RbmConfig.defaults(500).withEpochs(quick ? 2 : 30).withBatchSize(100).withCentered(false)
                    .withInitialWeightStd(DbnConfig.INITIAL_WEIGHT_STD).withFixedBatches(true).withSeed(seed);
        }

        /**
         * Greedy pretraining: every layer by plain contrastive divergence at learning rate 0.1, the
         * lower two by CD-1, the top level by CD-{@value #TOP_CD_STEPS} with its label weights at
         * {@value #LABEL_LEARNING_RATE} (both chosen on the validation digits, docs/REPRODUCTION.md).
         */
        static DbnConfig pretraining(boolean quick, long seed) {
            DbnConfig same = DbnConfig.of(layer(quick, seed), 10, 500, 500, 2000);
            List<RbmConfig> layers = new ArrayList<>(same.layers());
            RbmConfig top = layers.get(2);
            layers.set(2, top.withLearningRates(top.learningRate(), 0, LABEL_LEARNING_RATE).withCdSteps(TOP_CD_STEPS));
            return new DbnConfig(layers, 10, false);
        }

        static WakeSleepConfig upDown(boolean quick, long seed) {
            return WakeSleepConfig.defaults().withEpochs(quick ? 3 : 300).withBatchSize(100).withLearningRate(0.01)
                    .withFixedBatches(true).withTopGibbsSchedule(quick ? 1 : 100, 3, 6, 10).withSeed(seed + 100);
        }

        static WakeSleepConfig retraining(boolean quick, long seed) {
            return WakeSleepConfig.defaults().withEpochs(quick ? 1 : 59).withBatchSize(100).withLearningRate(0.01)
                    .withFixedBatches(true).withTopGibbsSteps(10).withSeed(seed + 200);
        }

        /** The epoch (1-based) of up-down's lowest validation error in {@code history}, if it holds up-down's epochs. */
        static java.util.Optional<Integer> bestEpoch(MetricsHistory history) {
            EpochMetrics best = null;
            for (EpochMetrics m : history.epochs()) {
                if (m.stage().equals(WakeSleepTrainer.STAGE) && m.values().containsKey(WakeSleepTrainer.VALIDATION_ERROR)
                        && (best == null || m.get(WakeSleepTrainer.VALIDATION_ERROR)
                        < best.get(WakeSleepTrainer.VALIDATION_ERROR))) {
                    best = m;
                }
            }
            return java.util.Optional.ofNullable(best).map(EpochMetrics::epoch);
        }

        /** Per class, {@code validation} then {@code training} cases of a seeded shuffle: {train rows, validation rows}. */
        static int[][] split(int[] labels, int classes, int training, int validation, long seed) {
            List<List<Integer>> members = new ArrayList<>();
            for (int k = 0; k < classes; k++) {
                members.add(new ArrayList<>());
            }
            for (int i = 0; i < labels.length; i++) {
                members.get(labels[i]).add(i);
            }
            int[] train = new int[classes * training];
            int[] val = new int[classes * validation];
            RandomStream rng = RandomStream.of(seed).split(61);
            for (int k = 0; k < classes; k++) {
                List<Integer> m = members.get(k);
                if (m.size() < training + validation) {
                    throw new IllegalArgumentException("class " + k + " has " + m.size() + " training digits; the split "
                            + "needs " + (training + validation));
                }
                int[] perm = rng.split(k).permutation(m.size(), 0);
                for (int i = 0; i < validation; i++) {
                    val[k * validation + i] = m.get(perm[i]);
                }
                for (int i = 0; i < training; i++) {
                    train[k * training + i] = m.get(perm[validation + i]);
                }
            }
            return new int[][] {train, val};
        }

        /**
         * Pretraining's CD-1 epochs (labels beside the top layer's visible units), then per case of
         * up-down: six passes through the lower layers (wake, sleep, the two predictions, the two
         * weight statistics) and 3 + 2k through the top (its positive phase, k Gibbs iterations of two
         * products, the two statistics).
         */
        static double flops(Context c, int n, int all) {
            double work = pretrainFlops(n, layer(c.quick(), c.seed()).epochs(), 10, TOP_CD_STEPS);
            WakeSleepConfig ud = upDown(c.quick(), c.seed());
            for (int e = 0; e < ud.epochs(); e++) {
                work += 6 * passFlops(n, 784, 500, 500) + (3.0 + 2 * ud.topGibbsSteps(e)) * passFlops(n, 510, 2000);
            }
            WakeSleepConfig re = retraining(c.quick(), c.seed());
            work += re.epochs() * (6 * passFlops(all, 784, 500, 500)
                    + (3.0 + 2 * re.topGibbsSteps()) * passFlops(all, 510, 2000));
            return work;
        }

        @Override
        Outcome run(Context c) {
            Backend b = c.backend();
            LabelledImages all = c.data().train();
            int perClass = c.quick() ? 300 : 4400;
            int valPerClass = c.quick() ? 100 : 1000;
            int[][] rows = split(all.labels(), 10, perClass, valPerClass, c.seed());
            LabelledImages picked = all.select(rows[0]);
            LabelledImages train = picked.select(Batches.balanced(picked.labels(), 10, c.seed()));
            LabelledImages val = all.select(rows[1]);
            Matrix x = train.toMatrix(b, LabelledImages.Pixels.SCALED, c.seed());
            int[] y = train.labels();
            Matrix xv = val.toMatrix(b, LabelledImages.Pixels.SCALED, c.seed());
            Matrix xt = c.data().test().toMatrix(b, LabelledImages.Pixels.SCALED, c.seed());
            int[] yt = c.data().test().labels();
            Phases phases = new Phases();
            String at = c.control().pendingStage();
            Dbn dbn = phases.pretrainOrResume(c, pretraining(c.quick(), c.seed()), x, y);
            if (phases.pretrained) {
                phases.figures.put("greedy_test_error", generativeError(b, dbn, xt, yt));
                phases.figures.put("greedy_validation_error", generativeError(b, dbn, xv, val.labels()));
            }
            if (at == null || !at.equals(RETRAIN)) {
                phases.dbn = dbn;
                // the DBN of the epoch that did best on the validation digits, as the paper kept
                dbn = Runs.trainer(b, WakeSleepTrainer.class).train(dbn, upDown(c.quick(), c.seed()), x, y, xv,
                        val.labels(), WakeSleepTrainer.STAGE, c.control(), c.listenerArray());
                phases.figures.put("validation_error", generativeError(b, dbn, xv, val.labels()));
                bestEpoch(c.history()).ifPresent(e -> phases.figures.put("best_up_down_epoch", (double) e));
                phases.figures.put("test_error_before_retraining", generativeError(b, dbn, xt, yt));
            } else {
                dbn = phases.entering(c.control(), at);
            }
            int trainRows = x.rows();
            x = null; // the 60,000 digits replace the 44,000
            LabelledImages everything = all.select(Batches.balanced(all.labels(), 10, c.seed() + 1));
            Matrix xAll = everything.toMatrix(b, LabelledImages.Pixels.SCALED, c.seed());
            phases.dbn = dbn;
            dbn = Runs.trainer(b, WakeSleepTrainer.class).train(dbn, retraining(c.quick(), c.seed()), xAll, everything.labels(), RETRAIN,
                    c.control(), c.listenerArray());
            c.control().unregister(PHASES);
            double error = generativeError(b, dbn, xt, yt);
            Map<String, Double> f = phases.figures;
            Map<String, Object> metrics = new LinkedHashMap<>(f);
            metrics.put("test_error_generative", error);
            double work = flops(c, trainRows, xAll.rows());
            return new Outcome(List.of(
                    new Figure("test error after retraining on all 60,000", "error", 0.0125, error, 0.015),
                    new Figure("validation error before retraining", "error", 0.0139, f.get("validation_error"),
                            Double.NaN),
                    new Figure("test error, greedy pretraining only", "error", 0.0249, f.get("greedy_test_error"),
                            0.027)), dbn, metrics, work, new int[] {100, 500, 2000});
        }
    }

    /** Salakhutdinov and Murray (2008): an RBM with 500 hidden units, CD-25 from sampled negative states, AIS. */
    static final class SalakhutdinovMurray2008 extends Recipe {
        @Override
        String name() {
            return "salakhutdinov-murray-2008";
        }

        @Override
        String paper() {
            return "Salakhutdinov and Murray (2008), ICML: an RBM with 500 hidden units trained by CD-25 on MNIST "
                    + "binarised anew for every mini-batch, its log Z estimated by AIS; published test "
                    + "log-probability -86.34 nats";
        }

        @Override
        List<String> differences() {
            return List.of(
                    "Training runs CD-25 from the first epoch for " + EPOCHS + " epochs at learning rate " + RATE
                            + ", falling linearly towards zero over the run; the paper gives neither its epoch "
                            + "count nor its schedule in full. The rate was chosen on 10,000 held-out training "
                            + "digits.",
                    "The negative phase's statistics come from the last Gibbs step's sampled visible states "
                            + "(RbmConfig.sampledNegative), not from their probabilities: over 25 steps the "
                            + "probabilities' statistics grow the weights, and at the paper's rate did 30 nats "
                            + "worse on the held-out digits after 10 epochs.",
                    "The test digits are binarised once, with a seed; AIS runs in float64 whatever precision "
                            + "training used.");
        }

        static final int EPOCHS = 100;
        static final double RATE = 0.01;

        static RbmConfig config(boolean quick, long seed) {
            return RbmConfig.defaults(500).withEpochs(quick ? 20 : EPOCHS).withBatchSize(100).withLearningRate(RATE)
                    .withCdSteps(quick ? 3 : 25).withSampledNegative(true).withDecayFrom(1).withMomentum(0.5, 0.9, 5)
                    .withWeightDecay(2e-4).withCentered(false).withSeed(seed);
        }

        @Override
        Outcome run(Context c) {
            Backend b = c.backend();
            Matrix x = c.data().train().toMatrix(b, LabelledImages.Pixels.SCALED, c.seed());
            BatchSource binarised = BatchSource.binarised(b, BatchSource.of(b, x), RandomStream.of(c.seed()).split(501));
            Rbm rbm = Runs.trainer(b, RbmTrainer.class).train(config(c.quick(), c.seed()), null, binarised, null,
                    RbmTrainer.STAGE, TrainingOptions.defaults().withControl(c.control())
                            .withListeners(c.listenerArray()));
            Backend f64 = b.precision() == Precision.FLOAT64 ? b : Backends.create(b.name(), Precision.FLOAT64);
            int runs = c.quick() ? 10 : 100;
            int betas = c.quick() ? 1000 : 14500;
            long a0 = System.nanoTime();
            c.err().printf("dbn4j: AIS, %d runs of %d inverse temperatures (float64)%n", runs, betas);
            Matrix xf = c.data().train().toMatrix(f64, LabelledImages.Pixels.SCALED, c.seed());
            AisResult ais = Ais.estimate(f64, rbm, runs, Ais.paperBetas(betas), Ais.baseRateBiases(f64, xf), c.seed() + 7);
            Matrix xt = c.data().test().toMatrix(f64, LabelledImages.Pixels.STOCHASTIC, c.seed() + 1);
            double logProb = PartitionFunction.averageLogProbability(f64, rbm, xt, ais.logZ());
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("ais_logz", ais.logZ());
            metrics.put("ais_logz_stderr", ais.stdErr());
            metrics.put("ais_runs", runs);
            metrics.put("ais_betas", betas);
            metrics.put("ais_seconds", (System.nanoTime() - a0) / 1e9);
            metrics.put("test_avg_log_prob", logProb);
            metrics.put("train_avg_log_prob", PartitionFunction.averageLogProbability(f64, rbm,
                    c.data().train().toMatrix(f64, LabelledImages.Pixels.STOCHASTIC, c.seed() + 2), ais.logZ()));
            RbmConfig config = config(c.quick(), c.seed());
            double work = 0;
            for (int e = 0; e < config.epochs(); e++) {
                work += cdEpochFlops(x.rows(), 784, 500, config.cdSteps(e));
            }
            return new Outcome(List.of(new Figure("test log-probability", "nats", -86.34, logProb, 1.5)), rbm, metrics,
                    work, new int[] {100, 784, 500});
        }
    }
}
