package io.github.dbn4j.core.rbm;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.core.RandomCursor;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.internal.Costs;
import io.github.dbn4j.core.internal.Workspace;

/**
 * An RBM's parameters loaded on a {@link Backend}, with the conditional distributions, sampling,
 * Gibbs chains and free energy computed there. Rows of every argument matrix are cases.
 *
 * <p>The trainer in this package updates the parameters in place; everyone else sees them
 * read-only and takes an immutable {@link Rbm} with {@link #toRbm}. Not thread-safe.
 */
public final class RbmEngine {

    private static final int CHUNK = 1000;

    private final Backend backend;
    private final VisibleUnits units;
    final Matrix weights;      // visible x hidden
    final Matrix visibleBias;  // 1 x visible
    final Matrix hiddenBias;   // 1 x hidden
    final Matrix labelWeights; // labels x hidden, or null
    final Matrix labelBias;    // 1 x labels, or null
    final Workspace work;

    private RbmEngine(Backend backend, VisibleUnits units, int visible, int hidden, int labels) {
        this.backend = backend;
        this.units = units;
        this.weights = backend.create(visible, hidden);
        this.visibleBias = backend.create(1, visible);
        this.hiddenBias = backend.create(1, hidden);
        this.labelWeights = labels > 0 ? backend.create(labels, hidden) : null;
        this.labelBias = labels > 0 ? backend.create(1, labels) : null;
        this.work = new Workspace(backend);
    }

    /** Loads a model on a backend. */
    public RbmEngine(Backend backend, Rbm rbm) {
        this(backend, rbm.visibleUnits(), rbm.visible(), rbm.hidden(), rbm.labels());
        backend.set(weights, rbm.weights());
        backend.set(visibleBias, rbm.visibleBias());
        backend.set(hiddenBias, rbm.hiddenBias());
        if (rbm.labels() > 0) {
            backend.set(labelWeights, rbm.labelWeights());
            backend.set(labelBias, rbm.labelBias());
        }
    }

    /** A model of zeros, to be initialised by a trainer. */
    static RbmEngine zeros(Backend backend, VisibleUnits units, int visible, int hidden, int labels) {
        return new RbmEngine(backend, units, visible, hidden, labels);
    }

    public Backend backend() {
        return backend;
    }

    public VisibleUnits visibleUnits() {
        return units;
    }

    public int visible() {
        return weights.rows();
    }

    public int hidden() {
        return weights.cols();
    }

    /** The live W ({@code visible x hidden}): changing it changes this engine's model. */
    public Matrix weightMatrix() {
        return weights;
    }

    /** The live visible biases ({@code 1 x visible}). */
    public Matrix visibleBiasMatrix() {
        return visibleBias;
    }

    /** The live hidden biases ({@code 1 x hidden}). */
    public Matrix hiddenBiasMatrix() {
        return hiddenBias;
    }

    /** The live label weights U ({@code labels x hidden}), or null without labels. */
    public Matrix labelWeightMatrix() {
        return labelWeights;
    }

    /** The live label biases ({@code 1 x labels}), or null without labels. */
    public Matrix labelBiasMatrix() {
        return labelBias;
    }

    /** Number of softmax label units, 0 if none. */
    public int labels() {
        return labelWeights == null ? 0 : labelWeights.rows();
    }

    /** The current parameters as an immutable model. */
    public Rbm toRbm(RbmConfig config) {
        if (labels() == 0) {
            return new Rbm(units, visible(), hidden(), backend.toArray(weights), backend.toArray(visibleBias),
                    backend.toArray(hiddenBias), config);
        }
        return new Rbm(units, visible(), hidden(), backend.toArray(weights), backend.toArray(visibleBias),
                backend.toArray(hiddenBias), labels(), backend.toArray(labelWeights), backend.toArray(labelBias),
                config);
    }

    /** Whether every parameter is finite. */
    public boolean isFinite() {
        return backend.isFinite(weights) && backend.isFinite(visibleBias) && backend.isFinite(hiddenBias)
                && (labels() == 0 || backend.isFinite(labelWeights) && backend.isFinite(labelBias));
    }

    // ---- conditionals ---------------------------------------------------------------------------

    /** {@code out = v W + c}, the total input of the hidden units (an RBM without labels). */
    public void hiddenInput(Matrix v, Matrix out) {
        hiddenInput(v, null, out);
    }

    /**
     * {@code out = v W + l U + c}; {@code l} ({@code n x labels}) must be given exactly when the
     * RBM has labels.
     */
    public void hiddenInput(Matrix v, Matrix l, Matrix out) {
        hiddenInput(v, l, 1.0, out);
    }

    /**
     * {@code out = v W + s l U + c}: the labels counted {@code s} times, as if the label group were
     * replicated (generation with a stronger label; {@code s = 1} is the model itself).
     */
    public void hiddenInput(Matrix v, Matrix l, double s, Matrix out) {
        checkWidth("v", v, visible());
        if ((l == null) != (labels() == 0)) {
            throw new IllegalArgumentException(l == null
                    ? "this RBM has " + labels() + " label units: give the label matrix too"
                    : "this RBM has no label units, but a label matrix " + l.shape() + " was given");
        }
        backend.gemm(false, false, 1.0, v, weights, 0.0, out);
        if (l != null) {
            checkWidth("labels", l, labels());
            backend.gemm(false, false, s, l, labelWeights, 1.0, out);
        }
        backend.addRowVector(out, hiddenBias, out);
    }

    /** {@code out = p(h = 1 | v) = sigmoid(v W + c)} (an RBM without labels). */
    public void hiddenProbabilities(Matrix v, Matrix out) {
        hiddenProbabilities(v, null, out);
    }

    /** {@code out = p(h = 1 | v, l) = sigmoid(v W + l U + c)}. */
    public void hiddenProbabilities(Matrix v, Matrix l, Matrix out) {
        hiddenProbabilities(v, l, 1.0, out);
    }

    /** {@code out = sigmoid(v W + s l U + c)}, the labels counted {@code s} times (see {@link #hiddenInput(Matrix, Matrix, double, Matrix)}). */
    public void hiddenProbabilities(Matrix v, Matrix l, double s, Matrix out) {
        hiddenInput(v, l, s, out);
        backend.sigmoid(out, out);
    }

    /** {@code out = p(l | h) = softmax(h U' + d)}, row-wise, for an RBM with labels. */
    public void labelProbabilities(Matrix h, Matrix out) {
        if (labels() == 0) {
            throw new IllegalStateException("this RBM has no label units");
        }
        backend.gemm(false, true, 1.0, h, labelWeights, 0.0, out);
        backend.addRowVector(out, labelBias, out);
        backend.softmaxRows(out, out);
    }

    /** One-hot label samples from row-wise label probabilities; {@code out} may be {@code probs}. */
    public void sampleLabels(Matrix probs, RandomCursor rng, Matrix out) {
        Matrix u = work.get("labels.u", probs.rows(), 1);
        backend.fillUniform(rng.stream(), rng.take(probs.rows()), u);
        backend.categorical(probs, u, out);
    }

    /** {@code out = h W' + b}, the total input of the visible units (their mean if Gaussian). */
    public void visibleInput(Matrix h, Matrix out) {
        checkWidth("h", h, hidden());
        backend.gemm(false, true, 1.0, h, weights, 0.0, out);
        backend.addRowVector(out, visibleBias, out);
    }

    /** {@code out = E[v | h]}: {@code sigmoid(h W' + b)} for Bernoulli units, {@code h W' + b} for Gaussian. */
    public void visibleMeans(Matrix h, Matrix out) {
        visibleInput(h, out);
        if (units == VisibleUnits.BERNOULLI) {
            backend.sigmoid(out, out);
        }
    }

    /** Bernoulli samples of the hidden units: {@code out = u < probs}. {@code out} may not be {@code probs}. */
    public void sampleHidden(Matrix probs, RandomCursor rng, Matrix out) {
        sampleBernoulli(backend, probs, rng, out);
    }

    /**
     * Samples of the visible units given their means: Bernoulli {@code u < mean}, or Gaussian
     * {@code mean + N(0, 1)}. {@code out} must not be {@code means}.
     */
    public void sampleVisible(Matrix means, RandomCursor rng, Matrix out) {
        if (units == VisibleUnits.BERNOULLI) {
            sampleBernoulli(backend, means, rng, out);
        } else {
            if (out == means) {
                throw new IllegalArgumentException("sampleVisible: out may not be the means matrix for Gaussian units");
            }
            backend.fillGaussian(rng.stream(), rng.take(out.size()), out);
            backend.axpy(1.0, means, out);
        }
    }

    /** {@code out = u < probs}, the uniforms drawn from the cursor into {@code out} first; {@code out} may not be {@code probs}. */
    static void sampleBernoulli(Backend backend, Matrix probs, RandomCursor rng, Matrix out) {
        if (out == probs) {
            throw new IllegalArgumentException("sampleBernoulli: out may not be the probabilities matrix "
                    + "(the uniforms are drawn into out)");
        }
        backend.fillUniform(rng.stream(), rng.take(out.size()), out);
        backend.bernoulli(probs, out, out);
    }

    // ---- Gibbs chains -------------------------------------------------------------------------

    /**
     * Runs {@code steps} full Gibbs steps {@code v -> h -> v} from the rows of {@code v}.
     * Writes the last visible means into {@code means} and the last visible samples into
     * {@code samples} (both {@code v.rows() x visible}; either may be null).
     */
    public void gibbs(Matrix v, int steps, RandomCursor rng, Matrix means, Matrix samples) {
        if (steps < 1) {
            throw new IllegalArgumentException("gibbs: steps must be at least 1, got " + steps);
        }
        int n = v.rows();
        Matrix hp = work.get("gibbs.hp", n, hidden());
        Matrix hs = work.get("gibbs.hs", n, hidden());
        Matrix vm = means != null ? means : work.get("gibbs.vm", n, visible());
        Matrix vs = samples != null ? samples : work.get("gibbs.vs", n, visible());
        Matrix current = v;
        for (int s = 0; s < steps; s++) {
            hiddenProbabilities(current, hp);
            sampleHidden(hp, rng, hs);
            visibleMeans(hs, vm);
            sampleVisible(vm, rng, vs);
            current = vs;
        }
    }

    /**
     * Free-running samples: {@code count} chains started from uniform random binary states (or
     * standard normal for Gaussian units) and run for {@code steps} Gibbs steps. Returns the
     * visible means of the last step (what papers picture); samples go into {@code samples} if
     * it is not null.
     */
    public Matrix sample(int count, int steps, RandomCursor rng, Matrix samples) {
        Matrix start = backend.create(count, visible());
        if (units == VisibleUnits.BERNOULLI) {
            Matrix half = backend.create(count, visible());
            backend.fill(half, 0.5);
            sampleBernoulli(backend, half, rng, start);
        } else {
            backend.fillGaussian(rng.stream(), rng.take(start.size()), start);
        }
        Matrix means = backend.create(count, visible());
        gibbs(start, steps, rng, means, samples);
        return means;
    }

    // ---- energies and costs -------------------------------------------------------------------

    /**
     * Free energy of each row, {@code F(v) = -log sum_h exp(-E(v, h))}, into the {@code n x 1}
     * matrix {@code out}: Bernoulli {@code -b.v - sum_j softplus(c_j + v W_j)}, Gaussian
     * {@code |v - b|^2 / 2 - sum_j softplus(c_j + v W_j)}.
     */
    public void freeEnergy(Matrix v, Matrix out) {
        freeEnergy(v, null, out);
    }

    /**
     * Free energy with the labels clamped, {@code F(v, l)}: the label term {@code -d.l} is added
     * and {@code l U} enters the hidden input. {@code l} is given exactly when the RBM has labels.
     */
    public void freeEnergy(Matrix v, Matrix l, Matrix out) {
        int n = v.rows();
        Matrix x = work.get("fe.x", n, hidden());
        Matrix col = work.get("fe.col", n, 1);
        hiddenInput(v, l, x);
        backend.softplus(x, x);
        backend.sumRows(x, out);
        if (units == VisibleUnits.BERNOULLI) {
            backend.gemm(false, true, 1.0, v, visibleBias, 0.0, col);
            backend.axpy(1.0, col, out);
            backend.scale(-1.0, out, out);
        } else {
            Matrix d = work.get("fe.d", n, visible());
            Matrix negBias = work.get("fe.negb", 1, visible());
            backend.scale(-1.0, visibleBias, negBias);
            backend.addRowVector(v, negBias, d);
            backend.hadamard(d, d, d);
            backend.sumRows(d, col);
            backend.scale(-1.0, out, out);
            backend.axpy(0.5, col, out);
        }
        if (l != null) {
            backend.gemm(false, true, -1.0, l, labelBias, 0.0, col);
            backend.axpy(1.0, col, out);
        }
    }

    /** Mean free energy over the rows of {@code data}, computed in chunks of 1000 rows. */
    public double meanFreeEnergy(Matrix data) {
        checkWidth("data", data, visible());
        if (labels() > 0) {
            throw new IllegalStateException("this RBM has label units: use freeEnergy(v, l, out)");
        }
        double total = 0;
        for (int start = 0; start < data.rows(); start += CHUNK) {
            int rows = Math.min(CHUNK, data.rows() - start);
            Matrix chunk = chunk(data, start, rows, "fe.chunk");
            Matrix f = work.get("fe.out", rows, 1);
            freeEnergy(chunk, f);
            total += backend.sum(f);
        }
        return total / data.rows();
    }

    /**
     * Reconstruction cost of {@code v} given the visible input {@code x = h W' + b} of its
     * reconstruction, summed over rows: cross-entropy {@code sum softplus(x) - v.x} for Bernoulli
     * units, squared error {@code |v - x|^2 / 2} for Gaussian units.
     */
    public double reconstructionCost(Matrix v, Matrix x) {
        return units == VisibleUnits.BERNOULLI ? backend.crossEntropyOfLogits(v, x)
                : Costs.halfSquaredError(backend, v, x, work.get("rc.t", v.rows(), v.cols()));
    }

    /**
     * {@link #reconstructionCost}, and the reconstruction's means {@code E[v | h]} from the same
     * input {@code x} into {@code means}: for Bernoulli units both come from one pass over the
     * exponentials ({@link io.github.dbn4j.api.Backend#crossEntropyOfLogits(Matrix, Matrix, Matrix)}).
     */
    public double reconstructionCost(Matrix v, Matrix x, Matrix means) {
        if (units == VisibleUnits.BERNOULLI) {
            return backend.crossEntropyOfLogits(v, x, means);
        }
        double cost = reconstructionCost(v, x);
        backend.copy(x, means);
        return cost;
    }

    /**
     * Mean reconstruction cost over {@code data} after one deterministic up-down pass
     * ({@code v -> p(h|v) -> input of v}), in chunks of 1000 rows.
     */
    public double meanFieldReconstructionCost(Matrix data) {
        checkWidth("data", data, visible());
        double total = 0;
        for (int start = 0; start < data.rows(); start += CHUNK) {
            int rows = Math.min(CHUNK, data.rows() - start);
            Matrix chunk = chunk(data, start, rows, "mf.chunk");
            Matrix h = work.get("mf.h", rows, hidden());
            Matrix x = work.get("mf.x", rows, visible());
            hiddenProbabilities(chunk, h);
            visibleInput(h, x);
            total += reconstructionCost(chunk, x);
        }
        return total / data.rows();
    }

    /**
     * Stochastic pseudo-log-likelihood of binary data, as scikit-learn estimates it: for each row
     * one visible unit {@code i} drawn uniformly, {@code V * log sigmoid(F(v with i flipped) - F(v))}.
     * Averaged over rows. Not defined for Gaussian units.
     */
    public double pseudoLogLikelihood(Matrix data, RandomCursor rng) {
        if (units != VisibleUnits.BERNOULLI) {
            throw new IllegalStateException("pseudo-log-likelihood is defined for Bernoulli visible units only");
        }
        checkWidth("data", data, visible());
        double total = 0;
        for (int start = 0; start < data.rows(); start += CHUNK) {
            int rows = Math.min(CHUNK, data.rows() - start);
            Matrix v = chunk(data, start, rows, "pl.chunk");
            Matrix uniformProbs = work.get("pl.p", rows, visible());
            Matrix u = work.get("pl.u", rows, 1);
            Matrix mask = work.get("pl.mask", rows, visible());
            Matrix flipped = work.get("pl.flip", rows, visible());
            backend.fill(uniformProbs, 1.0 / visible());
            backend.fillUniform(rng.stream(), rng.take(rows), u);
            backend.categorical(uniformProbs, u, mask);
            // flipped = v + mask * (1 - 2 v)
            backend.fill(flipped, 1.0);
            backend.axpy(-2.0, v, flipped);
            backend.hadamard(flipped, mask, flipped);
            backend.axpy(1.0, v, flipped);
            Matrix f = work.get("pl.f", rows, 1);
            Matrix ff = work.get("pl.ff", rows, 1);
            freeEnergy(v, f);
            freeEnergy(flipped, ff);
            // log sigmoid(ff - f) = -softplus(f - ff)
            backend.sub(f, ff, f);
            backend.softplus(f, f);
            total -= backend.sum(f);
        }
        return visible() * total / data.rows();
    }

    /**
     * The CD statistics, the one way dbn4j computes them (plain CD and PCD in {@link RbmTrainer}, the
     * top level of up-down, and the CD benchmark call this; centered training corrects them to
     * covariances about its offsets instead), folded into a step: with {@code pos = rate / vPos.rows()} and
     * {@code neg = rate / vNeg.rows()},
     * <pre>
     *   dW = momentum dW + weightFactor (pos vPos' phPos - neg vNeg' phNeg)
     *   db = momentum db + biasFactor (pos colsum(vPos) - neg colsum(vNeg))
     *   dc = momentum dc + biasFactor (pos colsum(phPos) - neg colsum(phNeg))
     * </pre>
     * the gradient of the mean log-likelihood with the model's expectation replaced by the negative
     * phase, scaled by the rate. The column sums are products with a row of ones, so each term is
     * one matrix product. {@code momentum = 1} adds the step to the parameters themselves;
     * {@code rate = 1, momentum = 0} gives the bare statistics.
     *
     * <p>The same call gives the label block: {@code vPos}, {@code vNeg} the label states, {@code dW}
     * the label weights' step, {@code db} the label biases', and {@code dc} null.
     *
     * @param onesPos a 1 x {@code vPos.rows()} row of ones; {@code onesNeg} one of {@code vNeg.rows()}
     */
    public void cdStatistics(double rate, double weightFactor, double biasFactor, double momentum,
                             Matrix vPos, Matrix phPos, Matrix onesPos, Matrix vNeg, Matrix phNeg, Matrix onesNeg,
                             Matrix dW, Matrix db, Matrix dc) {
        double pos = rate / vPos.rows();
        double neg = rate / vNeg.rows();
        backend.gemm(true, false, pos * weightFactor, vPos, phPos, momentum, dW);
        backend.gemm(true, false, -neg * weightFactor, vNeg, phNeg, 1.0, dW);
        backend.gemm(false, false, pos * biasFactor, onesPos, vPos, momentum, db);
        backend.gemm(false, false, -neg * biasFactor, onesNeg, vNeg, 1.0, db);
        if (dc != null) {
            backend.gemm(false, false, pos * biasFactor, onesPos, phPos, momentum, dc);
            backend.gemm(false, false, -neg * biasFactor, onesNeg, phNeg, 1.0, dc);
        }
    }

    /**
     * Saves the parameters into a checkpoint's state: {@code W}, {@code vbias}, {@code hbias}, and
     * {@code U}, {@code lbias} with label units. Every trainer of an RBM, or of a DBN's top level,
     * saves them this way.
     */
    public void save(TrainingState s) {
        s.put("W", backend, weights).put("vbias", backend, visibleBias).put("hbias", backend, hiddenBias);
        if (labelWeights != null) {
            s.put("U", backend, labelWeights).put("lbias", backend, labelBias);
        }
    }

    /** Loads what {@link #save} saved into these parameters (of the same shapes). */
    public void load(TrainingState s) {
        s.get("W", backend, weights);
        s.get("vbias", backend, visibleBias);
        s.get("hbias", backend, hiddenBias);
        if (labelWeights != null) {
            s.get("U", backend, labelWeights);
            s.get("lbias", backend, labelBias);
        }
    }

    /** Rows {@code start .. start+rows} of {@code data} (the matrix itself when it is all of it). */
    private Matrix chunk(Matrix data, int start, int rows, String role) {
        if (start == 0 && rows == data.rows()) {
            return data;
        }
        Matrix out = work.get(role, rows, data.cols());
        backend.gatherRows(data, work.identity(data.rows()), start, out);
        return out;
    }

    void checkWidth(String name, Matrix m, int expected) {
        if (m.cols() != expected) {
            String side = expected == visible() && !name.equals("h") ? "visible" : "hidden";
            throw new IllegalArgumentException(name + " is " + m.shape() + " but the RBM has " + expected + " "
                    + side + " units: widths must match");
        }
    }
}
