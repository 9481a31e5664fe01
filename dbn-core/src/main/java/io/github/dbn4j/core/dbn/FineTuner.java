package io.github.dbn4j.core.dbn;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.DataChecks;
import io.github.dbn4j.core.EpochMetrics;
import io.github.dbn4j.core.Labels;
import io.github.dbn4j.core.TrainingDivergedException;
import io.github.dbn4j.core.TrainingListener;
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
 */
public final class FineTuner {

    public static final String STAGE = "fine-tune";
    public static final String TRAIN_CROSS_ENTROPY = "train_cross_entropy";
    public static final String VALIDATION_ERROR = "validation_error";
    public static final String VALIDATION_CROSS_ENTROPY = "validation_cross_entropy";

    private final Backend backend;

    @Inject
    public FineTuner(Backend backend) {
        this.backend = backend;
    }

    /** Unrolls {@code dbn}, fine-tunes it, and returns the DBN with the classifier attached. */
    public Dbn fineTune(Dbn dbn, int classes, FineTuneConfig config, Matrix x, int[] y, Matrix xVal, int[] yVal,
                        TrainingListener... listeners) {
        Classifier c = train(dbn.unroll(classes, config.seed()), config, x, y, xVal, yVal, listeners);
        return dbn.withClassifier(c);
    }

    /** Fine-tunes a classifier; {@code xVal} and {@code yVal} may be null. */
    public Classifier train(Classifier initial, FineTuneConfig config, Matrix x, int[] y, Matrix xVal, int[] yVal,
                            TrainingListener... listeners) {
        DataChecks.check(backend, x, initial.inputs(), DataChecks.Domain.REAL, "training features");
        Matrix oneHot = checkedLabels(y, x, initial.classes(), "training");
        Matrix valOneHot = null;
        if (xVal != null) {
            DataChecks.check(backend, xVal, initial.inputs(), DataChecks.Domain.REAL, "validation features");
            valOneHot = checkedLabels(yVal, xVal, initial.classes(), "validation");
        }
        ClassifierEngine engine = new ClassifierEngine(backend, initial);
        int depth = engine.depth();
        List<Matrix> gW = new ArrayList<>();
        List<Matrix> gB = new ArrayList<>();
        List<Matrix> vW = new ArrayList<>();
        List<Matrix> vB = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            Matrix w = engine.weights.get(i);
            Matrix b = engine.biases.get(i);
            gW.add(backend.create(w.rows(), w.cols()));
            gB.add(backend.create(b.rows(), b.cols()));
            vW.add(backend.create(w.rows(), w.cols()));
            vB.add(backend.create(b.rows(), b.cols()));
        }
        RandomStream shuffle = RandomStream.of(config.seed()).split(1);
        int n = x.rows();
        int batches = (n + config.batchSize() - 1) / config.batchSize();
        Matrix xb = null;
        Matrix yb = null;
        Classifier best = initial;
        double bestError = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            long t0 = System.nanoTime();
            Classifier good = engine.toClassifier();
            int[] order = shuffle.permutation(n, (long) epoch * n);
            double costSum = 0;
            for (int b = 0; b < batches; b++) {
                int start = b * config.batchSize();
                int rows = Math.min(config.batchSize(), n - start);
                if (xb == null || xb.rows() != rows) {
                    xb = backend.create(rows, x.cols());
                    yb = backend.create(rows, initial.classes());
                }
                backend.gatherRows(x, order, start, xb);
                backend.gatherRows(oneHot, order, start, yb);
                costSum += rows * engine.gradient(xb, yb, engine.activations(rows), gW, gB);
                for (int i = 0; i < depth; i++) {
                    Matrix w = engine.weights.get(i);
                    if (config.weightDecay() > 0) {
                        backend.axpy(config.weightDecay(), w, gW.get(i));
                    }
                    step(vW.get(i), gW.get(i), w, config);
                    step(vB.get(i), gB.get(i), engine.biases.get(i), config);
                }
                for (TrainingListener l : listeners) {
                    l.onBatch(STAGE, epoch + 1, b + 1, batches);
                }
            }
            double cost = costSum / n;
            if (!Double.isFinite(cost)) {
                throw new TrainingDivergedException(STAGE, epoch + 1, batches, "the cross-entropy",
                        config.learningRate(), good);
            }
            Map<String, Double> values = new LinkedHashMap<>();
            values.put(TRAIN_CROSS_ENTROPY, cost);
            boolean stop = false;
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
                    stop = config.patience() > 0 && sinceBest >= config.patience();
                }
            }
            EpochMetrics m = new EpochMetrics(STAGE, epoch + 1, config.epochs(), cost, values,
                    (System.nanoTime() - t0) / 1e9);
            for (TrainingListener l : listeners) {
                stop |= l.onEpoch(m) == TrainingListener.Decision.STOP;
            }
            if (stop) {
                break;
            }
        }
        return xVal != null && bestError < Double.POSITIVE_INFINITY ? best : engine.toClassifier();
    }

    /** {@code velocity = momentum * velocity - lr * grad; param += velocity}. */
    private void step(Matrix velocity, Matrix grad, Matrix param, FineTuneConfig config) {
        backend.scale(config.momentum(), velocity, velocity);
        backend.axpy(-config.learningRate(), grad, velocity);
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
