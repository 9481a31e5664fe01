package io.github.dbn4j.core.dbn;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.internal.Labels;
import io.github.dbn4j.core.internal.Workspace;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Classifier} loaded on a backend: forward pass, predictions, evaluation, and the
 * cross-entropy gradient that back-propagation fine-tuning follows. Not thread-safe.
 */
public final class ClassifierEngine {

    private static final int CHUNK = 1000;
    /** Added to the probability of the true class before its logarithm, so a saturated softmax gives a finite cost. */
    private static final double TINY = 1e-30;

    private final Backend backend;
    private final int[] sizes;
    final List<Matrix> weights = new ArrayList<>();
    final List<Matrix> biases = new ArrayList<>();
    private final Workspace work;
    private final String[] actRoles;
    private final String[] deltaRoles;

    public ClassifierEngine(Backend backend, Classifier c) {
        this.backend = backend;
        this.sizes = c.sizes();
        for (int i = 0; i < c.depth(); i++) {
            weights.add(backend.fromArray(sizes[i], sizes[i + 1], c.weights(i)));
            biases.add(backend.fromArray(1, sizes[i + 1], c.biases(i)));
        }
        this.work = new Workspace(backend);
        this.actRoles = new String[c.depth()];
        this.deltaRoles = new String[c.depth()];
        for (int i = 0; i < c.depth(); i++) {
            actRoles[i] = "act" + i;
            deltaRoles[i] = "delta" + i;
        }
    }

    public Backend backend() {
        return backend;
    }

    public int classes() {
        return sizes[sizes.length - 1];
    }

    public int depth() {
        return sizes.length - 1;
    }

    /** The current parameters as an immutable classifier. */
    public Classifier toClassifier() {
        List<double[]> w = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (int i = 0; i < depth(); i++) {
            w.add(backend.toArray(weights.get(i)));
            b.add(backend.toArray(biases.get(i)));
        }
        return new Classifier(sizes, w, b);
    }

    /**
     * Forward pass: {@code acts.get(i)} ({@code n x sizes[i+1]}) receives the outputs of layer
     * {@code i}; the last holds the class probabilities.
     */
    public void forward(Matrix x, List<Matrix> acts) {
        forward(x, acts, weights, biases);
    }

    /** {@link #forward(Matrix, List)} with the weights {@code w} and biases {@code b} in place of the engine's. */
    private void forward(Matrix x, List<Matrix> acts, List<Matrix> w, List<Matrix> b) {
        if (x.cols() != sizes[0]) {
            throw new IllegalArgumentException("features are " + x.shape() + " but the classifier takes " + sizes[0]
                    + " inputs: widths must match");
        }
        Matrix in = x;
        for (int i = 0; i < depth(); i++) {
            Matrix out = acts.get(i);
            backend.gemm(false, false, 1.0, in, w.get(i), 0.0, out);
            backend.addRowVector(out, b.get(i), out);
            if (i < depth() - 1) {
                backend.sigmoid(out, out);
            } else {
                backend.softmaxRows(out, out);
            }
            in = out;
        }
    }

    /** Buffers for the activations of {@code rows} cases. */
    public List<Matrix> activations(int rows) {
        List<Matrix> acts = new ArrayList<>();
        for (int i = 0; i < depth(); i++) {
            acts.add(work.get(actRoles[i], rows, sizes[i + 1]));
        }
        return acts;
    }

    /**
     * Mean cross-entropy of the rows of {@code x} against one-hot {@code y}, and its gradient
     * with respect to every weight and bias into {@code gW} and {@code gB} (shapes as the
     * parameters). {@code acts} are activation buffers for {@code x.rows()} cases.
     */
    public double gradient(Matrix x, Matrix y, List<Matrix> acts, List<Matrix> gW, List<Matrix> gB) {
        return gradient(x, y, acts, gW, gB, weights, biases, false);
    }

    /**
     * As {@link #gradient(Matrix, Matrix, List, List, List)} at the weights {@code w} and biases
     * {@code b} instead of the engine's, which it leaves as they are; with {@code summed}, the cost
     * and gradient summed over the rows rather than averaged (what conjugate gradients minimise,
     * without a pass over every parameter to scale it).
     */
    double gradient(Matrix x, Matrix y, List<Matrix> acts, List<Matrix> gW, List<Matrix> gB, List<Matrix> w,
                    List<Matrix> b, boolean summed) {
        forward(x, acts, w, b);
        int n = x.rows();
        Matrix out = acts.get(depth() - 1);
        double cost = crossEntropy(out, y);
        // delta of the softmax layer: p - y (over n unless summed), its true-class entries taken as minus the other
        // classes' probabilities, which keeps them exact where p_y rounds to 1
        Matrix delta = work.get(deltaRoles[depth() - 1], n, classes());
        Matrix q = work.get("ce.q", n, classes());      // left by crossEntropy: p (1 - y)
        Matrix others = work.get("ce.s", n, 1);         // ... and its row sums
        Matrix spread = work.get("ce.spread", n, classes());
        backend.gemm(false, false, 1.0, others, onesRow(), 0.0, spread);
        backend.hadamard(y, spread, spread);
        backend.sub(q, spread, delta);
        if (!summed) {
            backend.scale(1.0 / n, delta, delta);
        }
        for (int i = depth() - 1; i >= 0; i--) {
            Matrix in = i == 0 ? x : acts.get(i - 1);
            backend.gemm(true, false, 1.0, in, delta, 0.0, gW.get(i));
            backend.sumColumns(delta, gB.get(i));
            if (i > 0) {
                Matrix prev = work.get(deltaRoles[i - 1], n, sizes[i]);
                backend.gemm(false, true, 1.0, delta, w.get(i), 0.0, prev);
                backend.sigmoidGrad(acts.get(i - 1), prev, prev);
                delta = prev;
            }
        }
        return summed ? cost * n : cost;
    }

    /**
     * Mean of {@code -log p(true class)} over rows of one-hot {@code y}, computed as
     * {@code softplus(log s - log p_y)}, {@code s} the other classes' probabilities: the same value,
     * {@code log(1 + s / p_y)}, kept to full relative precision when {@code p_y} rounds to 1 (in
     * float32 that happens below a cross-entropy of about 6e-8, which conjugate-gradient
     * fine-tuning reaches on its batches).
     */
    double crossEntropy(Matrix probs, Matrix y) {
        int n = probs.rows();
        Matrix q = work.get("ce.q", n, classes());
        Matrix others = work.get("ce.s", n, 1);
        Matrix t = work.get("ce.t", n, classes());
        Matrix py = work.get("ce.col", n, 1);
        Matrix logOthers = work.get("ce.logs", n, 1);
        Matrix tiny = work.get("ce.tiny", n, 1);
        offTarget(probs, y, q, others);
        backend.hadamard(probs, y, t);
        backend.sumRows(t, py);
        backend.fill(tiny, TINY);
        backend.axpy(1.0, tiny, py);
        backend.log(py, py);
        backend.copy(others, logOthers);
        backend.axpy(1.0, tiny, logOthers);
        backend.log(logOthers, logOthers);
        backend.sub(logOthers, py, logOthers);
        backend.softplus(logOthers, logOthers);
        return backend.sum(logOthers) / n;
    }

    /** {@code q = p (1 - y)} (the probabilities of the classes other than the target) and its row sums {@code s}. */
    private void offTarget(Matrix p, Matrix y, Matrix q, Matrix s) {
        int n = p.rows();
        Matrix notY = work.get("ce.noty", n, classes());
        backend.fill(notY, 1.0);
        backend.sub(notY, y, notY);
        backend.hadamard(p, notY, q);
        backend.sumRows(q, s);
    }

    private Matrix onesRow() {
        Matrix ones = work.get("ce.ones", 1, classes());
        backend.fill(ones, 1.0);
        return ones;
    }

    /** Class probabilities of every row, {@code n x classes} (computed in chunks). */
    public Matrix predictProbabilities(Matrix x) {
        Matrix result = backend.create(x.rows(), classes());
        double[] all = new double[x.rows() * classes()];
        for (int start = 0; start < x.rows(); start += CHUNK) {
            int rows = Math.min(CHUNK, x.rows() - start);
            Matrix chunk = x;
            if (rows != x.rows()) {
                chunk = work.get("pred.chunk", rows, x.cols());
                backend.gatherRows(x, work.identity(x.rows()), start, chunk);
            }
            List<Matrix> acts = activations(rows);
            forward(chunk, acts);
            double[] p = backend.toArray(acts.get(depth() - 1));
            System.arraycopy(p, 0, all, start * classes(), p.length);
        }
        backend.set(result, all);
        return result;
    }

    /** The most probable class of every row. */
    public int[] predict(Matrix x) {
        return Labels.argmax(backend, predictProbabilities(x));
    }

    /** Error rate and confusion matrix on labelled rows. */
    public Evaluation evaluate(Matrix x, int[] labels) {
        if (labels.length != x.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + x.rows() + " cases");
        }
        return Evaluation.of(labels, predict(x), classes());
    }

    /** Saves the weights and biases into a checkpoint's state as {@code W0, b0, W1, b1, ...}. */
    void save(TrainingState s) {
        for (int i = 0; i < weights.size(); i++) {
            s.put("W" + i, backend, weights.get(i)).put("b" + i, backend, biases.get(i));
        }
    }

    /** Loads what {@link #save} saved into these weights and biases. */
    void load(TrainingState s) {
        for (int i = 0; i < weights.size(); i++) {
            s.get("W" + i, backend, weights.get(i));
            s.get("b" + i, backend, biases.get(i));
        }
    }
}
