package io.github.dbn4j.core.dbn;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.BatchSource;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.LearningHealth;
import io.github.dbn4j.core.ParallelSlice;
import io.github.dbn4j.core.TrainingControl;
import io.github.dbn4j.core.TrainingListener;
import io.github.dbn4j.core.TrainingLoop;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.TrainingWarning;
import io.github.dbn4j.core.internal.DataChecks;
import io.github.dbn4j.core.internal.Labels;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Back-propagation fine-tuning: mini-batch SGD with momentum (and optional L2 weight decay) on
 * the cross-entropy of the softmax output, starting from a DBN unrolled into a classifier (or
 * any classifier). With validation data, the parameters of the epoch with the lowest validation
 * error are kept and training stops after {@code patience} epochs without improvement.
 *
 * <p><b>Centered gradients</b> ({@link FineTuneConfig#centered()}, the default). A layer whose
 * inputs are all positive (sigmoid units near 1/2) has a weight gradient {@code in' delta} with a
 * large common part: a step moves every output by the learning rate times the summed squared
 * inputs, about 600 for 2,000 units, so at learning rate 0.1 the softmax layer overshoots and the
 * first epoch's cross-entropy lands far above chance. As LeCun et al. (1998, "Efficient BackProp")
 * and Schraudolph (1998) advise, each layer's gradient is taken about a moving average {@code mu}
 * of its inputs, {@code (in - mu)' delta}; the parameters stay in ordinary form (the bias takes
 * {@code -mu dW}), so the classifier computes what it always did.
 */
public final class FineTuner {

    public static final String STAGE = "fine-tune";
    public static final String TRAIN_CROSS_ENTROPY = "train_cross_entropy";
    public static final String VALIDATION_ERROR = "validation_error";
    public static final String VALIDATION_CROSS_ENTROPY = "validation_cross_entropy";
    /** How far each layer's input mean moves toward a mini-batch's mean (centered gradients). */
    static final double INPUT_MEAN_RATE = 0.05;

    private final Backend backend;

    @Inject
    public FineTuner(Backend backend) {
        this.backend = backend;
    }

    /** Unrolls {@code dbn}, fine-tunes it, and returns the DBN with the classifier attached. */
    public Dbn fineTune(Dbn dbn, int classes, FineTuneConfig config, Matrix x, int[] y, Matrix xVal, int[] yVal,
                        TrainingListener... listeners) {
        return fineTune(dbn, classes, config, x, y, xVal, yVal, TrainingControl.none(), listeners);
    }

    /** {@link #fineTune(Dbn, int, FineTuneConfig, Matrix, int[], Matrix, int[], TrainingListener...)} under a control. */
    public Dbn fineTune(Dbn dbn, int classes, FineTuneConfig config, Matrix x, int[] y, Matrix xVal, int[] yVal,
                        TrainingControl control, TrainingListener... listeners) {
        Classifier c = train(dbn.unroll(classes, config.seed()), config, x, y, xVal, yVal, control, listeners);
        return dbn.withClassifier(c);
    }

    /** Fine-tunes a classifier; {@code xVal} and {@code yVal} may be null. */
    public Classifier train(Classifier initial, FineTuneConfig config, Matrix x, int[] y, Matrix xVal, int[] yVal,
                            TrainingListener... listeners) {
        return train(initial, config, x, y, xVal, yVal, TrainingControl.none(), listeners);
    }

    /**
     * Fine-tunes a classifier under a {@link TrainingControl} (checkpoints, resume, stop
     * requests, divergence policy); when resuming, the saved state replaces {@code initial}'s
     * parameters.
     */
    public Classifier train(Classifier initial, FineTuneConfig config, Matrix x, int[] y, Matrix xVal, int[] yVal,
                            TrainingControl control, TrainingListener... listeners) {
        DataChecks.check(backend, x, initial.inputs(), DataChecks.Domain.REAL, "training features");
        Matrix oneHot = checkedLabels(y, x, initial.classes(), "training");
        Matrix valOneHot = null;
        if (xVal != null) {
            DataChecks.check(backend, xVal, initial.inputs(), DataChecks.Domain.REAL, "validation features");
            valOneHot = checkedLabels(yVal, xVal, initial.classes(), "validation");
        }
        Run run = new Run(initial, config, BatchSource.of(backend, x), BatchSource.of(backend, oneHot), xVal, yVal,
                valOneHot, LearningHealth.chanceCrossEntropy(y, initial.classes()), 0);
        TrainingLoop.run(run, List.of(listeners), control);
        return xVal != null && run.best != null ? run.best : run.engine.toClassifier();
    }

    /**
     * One slice of a data-parallel fine-tuning run ({@link ParallelSlice}): the steps of
     * {@link #train(Classifier, FineTuneConfig, Matrix, int[], Matrix, int[], TrainingListener...)
     * train} on the cases of one slice, every slice starting from {@code initial}. The shared state
     * is the parameters, their velocities and the centered input means. Slice 0 shuffles as
     * {@code train} does, so one slice averaged after every epoch is {@code train} bit for bit; a
     * driver's slice (any cases, with validation data) gives each epoch's metrics, keeps the model
     * of the lowest validation error and says when patience has run out; its health check compares
     * the cross-entropy with {@code log(classes)}, the chance of uniform classes.
     *
     * @param x      the slice's cases (inputs of the classifier)
     * @param oneHot their labels, one-hot
     * @param xVal   validation cases for a driver's slice, or null
     * @param yVal   their labels, or null
     */
    public Slice slice(Classifier initial, FineTuneConfig config, BatchSource x, BatchSource oneHot, Matrix xVal,
                       int[] yVal, int index) {
        if (index < 0) {
            throw new IllegalArgumentException(STAGE + ": slice index " + index + " is negative");
        }
        if (x.rows() != oneHot.rows() || x.cols() != initial.inputs() || oneHot.cols() != initial.classes()) {
            throw new IllegalArgumentException(STAGE + ": " + x.rows() + " cases of " + x.cols() + " values and "
                    + oneHot.rows() + " labels of " + oneHot.cols() + " classes for a classifier of "
                    + initial.inputs() + " inputs and " + initial.classes() + " classes");
        }
        Matrix valOneHot = xVal == null ? null : checkedLabels(yVal, xVal, initial.classes(), "validation");
        return new Slice(new Run(initial, config, x, oneHot, xVal, yVal, valOneHot, Math.log(initial.classes()),
                index));
    }

    /** One slice of a data-parallel fine-tuning run; see {@link #slice}. Not thread-safe. */
    public final class Slice implements ParallelSlice {
        private final Run run;

        private Slice(Run run) {
            this.run = run;
        }

        @Override
        public int batches() {
            return run.batchCount();
        }

        @Override
        public void load(TrainingState shared, TrainingState own) {
            if (shared != null) {
                run.loadShared(shared);
            }
        }

        @Override
        public double run(int epoch, int first, int count) {
            return run.runBatches(epoch, first, count);
        }

        @Override
        public double[] costs() {
            return run.costSums();
        }

        @Override
        public void saveShared(TrainingState s) {
            run.saveShared(s);
        }

        @Override
        public void saveOwn(TrainingState s) {
            s.putLong("cases", run.x.rows()); // the order of an epoch is a function of the epoch alone
        }

        /** The epoch's metrics (validation error and cross-entropy when the slice has validation data). */
        public EpochMetrics metrics(int epoch, double costPerCase, double seconds) {
            return run.metrics(epoch, costPerCase, seconds);
        }

        /** The health checks of {@code train} on the epoch's metrics. */
        public List<TrainingWarning> health(EpochMetrics metrics) {
            return run.health(metrics);
        }

        /** Writes the driver's record of validation: the best model so far, its error, the epochs since. */
        public void saveBest(TrainingState s) {
            run.saveBest(s);
        }

        /** Restores what {@link #saveBest} wrote. */
        public void loadBest(TrainingState s) {
            run.loadBest(s);
        }

        /** Whether validation has not improved for the configured patience. */
        public boolean finished() {
            return run.finished();
        }

        /** The model of the lowest validation error so far, or the current one without validation data. */
        public Classifier model() {
            return run.xVal != null && run.best != null ? run.best : run.engine.toClassifier();
        }
    }

    private final class Run extends TrainingLoop.MiniBatchStage {
        final Classifier initial;
        final FineTuneConfig config;
        final BatchSource x;
        final BatchSource oneHot;
        final Matrix xVal;
        final int[] yVal;
        final Matrix valOneHot;
        final ClassifierEngine engine;
        final int depth;
        final List<Matrix> gW = new ArrayList<>();
        final List<Matrix> gB = new ArrayList<>();
        final List<Matrix> vW = new ArrayList<>();
        final List<Matrix> vB = new ArrayList<>();
        final RandomStream shuffle;
        final double chance;
        final List<Matrix> mu = new ArrayList<>(); // 1 x inputs of each layer: the moving input means
        Matrix ones;
        Matrix xb;
        Matrix yb;
        List<Matrix> acts;
        int[] order;
        Classifier best;
        double bestError = Double.POSITIVE_INFINITY;
        int sinceBest;
        boolean patienceOut;

        /** A run; {@code index} > 0 gives slice {@code index} of a data-parallel run its own shuffling stream. */
        Run(Classifier initial, FineTuneConfig config, BatchSource x, BatchSource oneHot, Matrix xVal, int[] yVal,
            Matrix valOneHot, double chance, int index) {
            super(STAGE, config.epochs(), x.rows(), config.batchSize(), config.learningRate());
            this.chance = chance;
            this.initial = initial;
            this.config = config;
            this.x = x;
            this.oneHot = oneHot;
            this.xVal = xVal;
            this.yVal = yVal;
            this.valOneHot = valOneHot;
            this.engine = new ClassifierEngine(backend, initial);
            this.depth = engine.depth();
            for (int i = 0; i < depth; i++) {
                Matrix w = engine.weights.get(i);
                Matrix b = engine.biases.get(i);
                gW.add(backend.create(w.rows(), w.cols()));
                gB.add(backend.create(b.rows(), b.cols()));
                vW.add(backend.create(w.rows(), w.cols()));
                vB.add(backend.create(b.rows(), b.cols()));
            }
            this.shuffle = index == 0 ? RandomStream.of(config.seed()).split(1)
                    : RandomStream.of(config.seed()).split(1).split(index);
            if (config.centered()) {
                initialMeans();
            }
        }

        /** The input means of every layer over the first (at most 1,000) training cases. */
        void initialMeans() {
            int rows = Math.min(1000, x.rows());
            Matrix first = backend.create(rows, x.cols());
            int[] idx = new int[rows];
            for (int i = 0; i < rows; i++) {
                idx[i] = i;
            }
            x.fill(idx, 0, first);
            List<Matrix> a = new ArrayList<>();
            int[] sizes = initial.sizes();
            for (int i = 0; i < depth; i++) {
                a.add(backend.create(rows, sizes[i + 1]));
            }
            engine.forward(first, a);
            for (int i = 0; i < depth; i++) {
                Matrix m = backend.create(1, sizes[i]);
                backend.sumColumns(i == 0 ? first : a.get(i - 1), m);
                backend.scale(1.0 / rows, m, m);
                mu.add(m);
            }
        }

        @Override
        public void beginEpoch(int epoch) {
            order = shuffle.permutation(x.rows(), (long) epoch * x.rows());
            clearCosts();
        }

        @Override
        public String batch(int epoch, int b) {
            int start = b * config.batchSize();
            int rows = Math.min(config.batchSize(), x.rows() - start);
            if (xb == null || xb.rows() != rows) {
                xb = backend.create(rows, x.cols());
                yb = backend.create(rows, initial.classes());
                ones = backend.create(1, rows);
                backend.fill(ones, 1.0);
            }
            x.fill(order, start, xb);
            oneHot.fill(order, start, yb);
            if (acts == null || acts.get(0).rows() != rows) {
                acts = engine.activations(rows);
            }
            double cost = rows * engine.gradient(xb, yb, acts, gW, gB);
            costs[0] += cost;
            for (int i = 0; i < depth; i++) {
                Matrix w = engine.weights.get(i);
                if (config.weightDecay() > 0) {
                    backend.axpy(config.weightDecay(), w, gW.get(i));
                }
                if (config.centered()) {
                    Matrix m = mu.get(i);
                    backend.gemm(true, false, -1.0, m, gB.get(i), 1.0, gW.get(i)); // (in - mu)' delta
                    step(vW.get(i), gW.get(i), w, config.momentum(), lr);
                    step(vB.get(i), gB.get(i), engine.biases.get(i), config.momentum(), lr);
                    backend.gemm(false, false, -1.0, m, vW.get(i), 1.0, engine.biases.get(i)); // b -= mu dW
                    backend.gemm(false, false, INPUT_MEAN_RATE / rows, ones, i == 0 ? xb : acts.get(i - 1),
                            1 - INPUT_MEAN_RATE, m);
                } else {
                    step(vW.get(i), gW.get(i), w, config.momentum(), lr);
                    step(vB.get(i), gB.get(i), engine.biases.get(i), config.momentum(), lr);
                }
            }
            return Double.isFinite(cost) ? null : "the cross-entropy";
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
            return metrics(epoch, costs[0] / x.rows(), seconds);
        }

        /** The epoch's metrics for a mean cost per case; with validation data, the best model and patience. */
        EpochMetrics metrics(int epoch, double cost, double seconds) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put(TRAIN_CROSS_ENTROPY, cost);
            patienceOut = false;
            if (xVal != null) {
                Evaluation e = engine.evaluate(xVal, yVal);
                values.put(VALIDATION_ERROR, e.errorRate());
                values.put(VALIDATION_CROSS_ENTROPY, engine.crossEntropy(engine.predictProbabilities(xVal), valOneHot));
                if (e.errorRate() < bestError) {
                    bestError = e.errorRate();
                    best = engine.toClassifier();
                    sinceBest = 0;
                } else {
                    sinceBest++;
                    patienceOut = config.patience() > 0 && sinceBest >= config.patience();
                }
            }
            return new EpochMetrics(STAGE, epoch + 1, config.epochs(), cost, values, seconds);
        }

        @Override
        public boolean finished() {
            return patienceOut;
        }

        @Override
        public List<TrainingWarning> health(EpochMetrics metrics) {
            return LearningHealth.checkClassifier(STAGE, metrics.epoch(), metrics.get(TRAIN_CROSS_ENTROPY), chance);
        }

        @Override
        public void save(TrainingState s) {
            engine.save(s);
            for (int i = 0; i < depth; i++) {
                s.put("vW" + i, backend, vW.get(i)).put("vB" + i, backend, vB.get(i));
            }
            saveBest(s);
            for (int i = 0; i < mu.size(); i++) {
                s.put("mu" + i, backend, mu.get(i));
            }
            saveProgress(s);
        }

        @Override
        public void load(TrainingState s) {
            engine.load(s);
            for (int i = 0; i < depth; i++) {
                s.get("vW" + i, backend, vW.get(i));
                s.get("vB" + i, backend, vB.get(i));
            }
            for (int i = 0; i < mu.size(); i++) {
                s.get("mu" + i, backend, mu.get(i));
            }
            loadBest(s);
            loadProgress(s);
        }

        @Override
        public Classifier model() {
            return engine.toClassifier();
        }

        /** The model of the lowest validation error so far, that error, and the epochs since. */
        void saveBest(TrainingState s) {
            s.putLong("hasBest", best == null ? 0 : 1);
            if (best != null) {
                int[] sizes = best.sizes();
                for (int i = 0; i < depth; i++) {
                    s.putArray("best/W" + i, best.weights(i), sizes[i], sizes[i + 1])
                            .putArray("best/b" + i, best.biases(i), sizes[i + 1]);
                }
            }
            s.putDouble("bestError", bestError).putLong("sinceBest", sinceBest);
        }

        void loadBest(TrainingState s) {
            best = null;
            if (s.getLong("hasBest") == 1) {
                int[] sizes = initial.sizes();
                List<double[]> w = new ArrayList<>();
                List<double[]> b = new ArrayList<>();
                for (int i = 0; i < depth; i++) {
                    w.add(s.values("best/W" + i, sizes[i] * sizes[i + 1]));
                    b.add(s.values("best/b" + i, sizes[i + 1]));
                }
                best = new Classifier(sizes, w, b);
            }
            bestError = s.getDouble("bestError");
            sinceBest = s.getInt("sinceBest", 0, Integer.MAX_VALUE);
        }

        void saveShared(TrainingState s) {
            engine.save(s);
            for (int i = 0; i < depth; i++) {
                s.put("vW" + i, backend, vW.get(i)).put("vB" + i, backend, vB.get(i));
            }
            for (int i = 0; i < mu.size(); i++) {
                s.put("mu" + i, backend, mu.get(i));
            }
            s.putDouble("lr", lr);
        }

        void loadShared(TrainingState s) {
            engine.load(s);
            for (int i = 0; i < depth; i++) {
                s.get("vW" + i, backend, vW.get(i));
                s.get("vB" + i, backend, vB.get(i));
            }
            for (int i = 0; i < mu.size(); i++) {
                s.get("mu" + i, backend, mu.get(i));
            }
            lr = s.getDouble("lr");
        }
    }

    /** {@code velocity = momentum * velocity - lr * grad; param += velocity}. */
    private void step(Matrix velocity, Matrix grad, Matrix param, double momentum, double lr) {
        backend.scale(momentum, velocity, velocity);
        backend.axpy(-lr, grad, velocity);
        backend.axpy(1.0, velocity, param);
    }

    private Matrix checkedLabels(int[] y, Matrix x, int classes, String what) {
        if (y == null || y.length != x.rows()) {
            throw new IllegalArgumentException(what + " labels: need one per case (" + x.rows() + "), got "
                    + (y == null ? "none" : y.length));
        }
        return Labels.oneHot(backend, y, classes);
    }
}
