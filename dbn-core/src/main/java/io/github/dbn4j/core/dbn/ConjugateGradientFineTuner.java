package io.github.dbn4j.core.dbn;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.LearningHealth;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingLoop;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.TrainingWarning;
import io.github.dbn4j.core.internal.DataChecks;
import io.github.dbn4j.core.internal.Labels;
import io.github.dbn4j.core.internal.Workspace;
import io.github.dbn4j.core.optim.ConjugateGradient;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tunes the unrolled network of a DBN as a classifier by conjugate gradients (see
 * {@link ConjugateGradientConfig}): for every batch of the rows in the order given, a few line
 * searches on the cross-entropy summed over the batch; during the first
 * {@link ConjugateGradientConfig#topLayerEpochs()} only the softmax layer moves, on the features
 * of the frozen layers below.
 *
 * <p>The run is a {@link TrainingLoop} stage ({@value #STAGE}): it checkpoints, resumes and
 * reports per-epoch metrics like the other trainers. There is no learning rate; a batch whose
 * cross-entropy becomes non-finite is reported as a divergence. With
 * {@link ConjugateGradientConfig#stopWhenUnchanged()} the run ends after an epoch of the whole network
 * that changed no parameter (every later epoch would repeat it exactly), with the same model.
 */
public final class ConjugateGradientFineTuner {

    public static final String STAGE = "fine-tune-cg";
    /** Mean cross-entropy per case over the epoch's batches, each after its line searches. */
    public static final String TRAIN_CROSS_ENTROPY = FineTuner.TRAIN_CROSS_ENTROPY;
    public static final String VALIDATION_ERROR = FineTuner.VALIDATION_ERROR;
    /** Function evaluations per batch, averaged over the epoch. */
    public static final String EVALUATIONS = "evaluations_per_batch";
    /**
     * 1 in the metrics of an epoch of the whole network that changed no parameter, the last one of a
     * run with {@link ConjugateGradientConfig#stopWhenUnchanged()}; absent otherwise.
     */
    public static final String UNCHANGED = "network_unchanged";

    private final Backend backend;

    @Inject
    public ConjugateGradientFineTuner(Backend backend) {
        this.backend = backend;
    }

    /** Unrolls {@code dbn}, fine-tunes it, and returns the DBN with the classifier attached. */
    public Dbn fineTune(Dbn dbn, int classes, ConjugateGradientConfig config, Matrix x, int[] y, Matrix xVal,
                        int[] yVal, TrainingControl control, TrainingListener... listeners) {
        Classifier initial = dbn.unroll(classes, config.seed(), config.outputWeightStd());
        return dbn.withClassifier(train(initial, config, x, y, xVal, yVal, control, listeners));
    }

    /**
     * Fine-tunes a classifier (at least two layers when {@code topLayerEpochs > 0});
     * {@code xVal} and {@code yVal} may be null.
     */
    public Classifier train(Classifier initial, ConjugateGradientConfig config, Matrix x, int[] y, Matrix xVal,
                            int[] yVal, TrainingControl control, TrainingListener... listeners) {
        DataChecks.check(backend, x, initial.inputs(), DataChecks.Domain.REAL, "training features");
        if (y == null || y.length != x.rows()) {
            throw new IllegalArgumentException("training labels: need one per case (" + x.rows() + "), got "
                    + (y == null ? "none" : y.length));
        }
        if (xVal != null) {
            DataChecks.check(backend, xVal, initial.inputs(), DataChecks.Domain.REAL, "validation features");
            if (yVal == null || yVal.length != xVal.rows()) {
                throw new IllegalArgumentException("validation labels: need one per case (" + xVal.rows()
                        + "), got " + (yVal == null ? "none" : yVal.length));
            }
        }
        if (config.topLayerEpochs() > 0 && initial.depth() < 2) {
            throw new IllegalArgumentException("topLayerEpochs needs layers below the softmax layer; the classifier "
                    + "has only " + initial.depth());
        }
        Run run = new Run(initial, config, x, Labels.oneHot(backend, y, initial.classes()), xVal, yVal,
                LearningHealth.chanceCrossEntropy(y, initial.classes()));
        TrainingLoop.run(run, List.of(listeners), control);
        return run.engine.toClassifier();
    }

    /**
     * The cross-entropy summed over the rows of {@code x} against one-hot {@code y}, as a function of
     * the parameters {@code [W0, b0, W1, b1, ...]} of {@code engine}: what the line searches minimise.
     * Evaluating it reads the point where it lies, without copying it into the engine, whose own
     * parameters it leaves as they are; it leaves the point's activations in the engine's buffers.
     */
    static ConjugateGradient.Objective objective(ClassifierEngine engine, Matrix x, Matrix y) {
        List<Matrix> acts = engine.activations(x.rows());
        List<Matrix> w = new ArrayList<>();
        List<Matrix> b = new ArrayList<>();
        List<Matrix> gW = new ArrayList<>();
        List<Matrix> gB = new ArrayList<>();
        for (int i = 0; i < engine.depth(); i++) {
            w.add(null);
            b.add(null);
            gW.add(null);
            gB.add(null);
        }
        return (point, gradient) -> {
            for (int i = 0; i < engine.depth(); i++) {
                w.set(i, point.get(2 * i));
                b.set(i, point.get(2 * i + 1));
                gW.set(i, gradient.get(2 * i));
                gB.set(i, gradient.get(2 * i + 1));
            }
            return engine.gradient(x, y, acts, gW, gB, w, b, true);
        };
    }

    /** The parameters of {@code engine} as the list {@code [W0, b0, W1, b1, ...]} (the engine's own matrices). */
    static List<Matrix> parameters(ClassifierEngine engine) {
        List<Matrix> p = new ArrayList<>();
        for (int i = 0; i < engine.depth(); i++) {
            p.add(engine.weights.get(i));
            p.add(engine.biases.get(i));
        }
        return p;
    }

    private final class Run extends TrainingLoop.MiniBatchStage {
        final ConjugateGradientConfig config;
        final Matrix x;
        final Matrix oneHot;
        final Matrix xVal;
        final int[] yVal;
        final double chance;
        final ClassifierEngine engine;
        final ClassifierEngine top;  // the softmax layer alone, for the first epochs (null without them)
        final int depth;
        final ConjugateGradient cg;
        final List<Matrix> point = new ArrayList<>();
        final List<Matrix> topPoint = new ArrayList<>();
        final List<Matrix> own;
        final Workspace work = new Workspace(backend);
        Matrix xb;
        Matrix yb;
        ConjugateGradient.Objective whole;     // the cross-entropy of batch xb as a function of every parameter
        ConjugateGradient.Objective softmax;   // ... and of the softmax layer's, on the features of xb
        long evaluations;
        double[][] atEpochStart;  // the parameters as this epoch found them; null when unknown (resumed mid-epoch)
        boolean unchanged;        // the last epoch of the whole network left every parameter as it found it

        Run(Classifier initial, ConjugateGradientConfig config, Matrix x, Matrix oneHot, Matrix xVal, int[] yVal,
            double chance) {
            super(STAGE, config.epochs(), x.rows(), config.batchSize(), 1);
            this.config = config;
            this.x = x;
            this.oneHot = oneHot;
            this.xVal = xVal;
            this.yVal = yVal;
            this.chance = chance;
            this.engine = new ClassifierEngine(backend, initial);
            this.depth = engine.depth();
            this.cg = new ConjugateGradient(backend);
            this.own = parameters(engine);
            for (Matrix m : own) {
                point.add(backend.create(m.rows(), m.cols()));
            }
            if (config.topLayerEpochs() > 0) {
                int[] sizes = initial.sizes();
                Classifier last = new Classifier(new int[] {sizes[depth - 1], sizes[depth]},
                        List.of(initial.weights(depth - 1)), List.of(initial.biases(depth - 1)));
                this.top = new ClassifierEngine(backend, last);
                topPoint.add(backend.create(sizes[depth - 1], sizes[depth]));
                topPoint.add(backend.create(1, sizes[depth]));
            } else {
                this.top = null;
            }
        }

        @Override
        public void beginEpoch(int epoch) {
            clearCosts();
            evaluations = 0;
            atEpochStart = config.stopWhenUnchanged() && epoch >= config.topLayerEpochs() ? parameterValues() : null;
        }

        private double[][] parameterValues() {
            double[][] values = new double[own.size()][];
            for (int i = 0; i < own.size(); i++) {
                values[i] = backend.toArray(own.get(i));
            }
            return values;
        }

        @Override
        public String batch(int epoch, int b) {
            int start = b * config.batchSize();
            int rows = Math.min(config.batchSize(), x.rows() - start);
            if (xb == null || xb.rows() != rows) {
                xb = backend.create(rows, x.cols());
                yb = backend.create(rows, engine.classes());
                whole = objective(engine, xb, yb);
                softmax = top == null ? null : objective(top, engine.activations(rows).get(depth - 2), yb);
            }
            int[] identity = work.identity(x.rows());
            backend.gatherRows(x, identity, start, xb);
            backend.gatherRows(oneHot, identity, start, yb);
            ConjugateGradient.Result r;
            if (epoch < config.topLayerEpochs()) {
                engine.forward(xb, engine.activations(rows)); // the features the softmax objective reads
                backend.copy(own.get(2 * depth - 2), topPoint.get(0));
                backend.copy(own.get(2 * depth - 1), topPoint.get(1));
                r = cg.minimize(softmax, topPoint, config.lineSearches());
                backend.copy(topPoint.get(0), own.get(2 * depth - 2));
                backend.copy(topPoint.get(1), own.get(2 * depth - 1));
            } else {
                for (int i = 0; i < own.size(); i++) {
                    backend.copy(own.get(i), point.get(i));
                }
                r = cg.minimize(whole, point, config.lineSearches());
                for (int i = 0; i < own.size(); i++) {
                    backend.copy(point.get(i), own.get(i));
                }
            }
            costs[0] += r.finalValue();
            evaluations += r.evaluations();
            return Double.isFinite(r.finalValue()) ? null : "the cross-entropy";
        }

        @Override
        public String checkEpoch() {
            for (int i = 0; i < depth; i++) {
                if (!backend.isFinite(engine.weights.get(i)) || !backend.isFinite(engine.biases.get(i))) {
                    return "a weight of layer " + (i + 1);
                }
            }
            return null;
        }

        @Override
        public EpochMetrics endEpoch(int epoch, double seconds) {
            double cost = costs[0] / x.rows();
            unchanged = atEpochStart != null && Arrays.deepEquals(atEpochStart, parameterValues());
            Map<String, Double> values = new LinkedHashMap<>();
            values.put(TRAIN_CROSS_ENTROPY, cost);
            values.put(EVALUATIONS, (double) evaluations / batches());
            if (unchanged) {
                values.put(UNCHANGED, 1.0);
            }
            if (xVal != null) {
                values.put(VALIDATION_ERROR, engine.evaluate(xVal, yVal).errorRate());
            }
            return new EpochMetrics(STAGE, epoch + 1, config.epochs(), cost, values, seconds);
        }

        @Override
        public boolean finished() {
            return unchanged;
        }

        @Override
        public List<TrainingWarning> health(EpochMetrics metrics) {
            return LearningHealth.checkClassifier(STAGE, metrics.epoch(), metrics.get(TRAIN_CROSS_ENTROPY), chance);
        }

        @Override
        public double learningRate() {
            return 1; // line searches choose their own steps; halving has nothing to act on
        }

        @Override
        public void setLearningRate(double learningRate) {
            // nothing to halve: a diverged run stops
        }

        @Override
        public void save(TrainingState s) {
            engine.save(s);
            saveProgress(s);
            s.putLong("evaluations", evaluations);
        }

        @Override
        public void load(TrainingState s) {
            engine.load(s);
            // checkpoints of earlier builds lack the learning rate: conjugate gradients' is fixed
            loadProgress(s.has("lr") ? s : s.copy().putDouble("lr", lr));
            evaluations = s.getLong("evaluations");
            atEpochStart = null; // a resumed or rolled-back epoch: where it started is not known here
        }

        @Override
        public Classifier model() {
            return engine.toClassifier();
        }
    }
}
