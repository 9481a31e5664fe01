package io.github.dbn4j.core.rbm;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.core.TrainingState;

/**
 * The parameter update of CD and PCD, given the statistics of a mini-batch (the positive phase)
 * and of the negative phase: velocities with momentum, weight decay, the sparsity penalty, and
 * the offsets of centered training, applied to an {@link RbmEngine}'s parameters.
 *
 * <p>{@code velocity = momentum * velocity + lr * (data - model statistics - decay - sparsity);
 * parameter += velocity}. The statistics go straight into the velocities by
 * {@link RbmEngine#cdStatistics}: GEMM's beta applies the momentum, and the bias statistics are
 * column sums taken as products with a row of ones.
 */
final class RbmUpdate {

    private final Backend backend;
    private final RbmEngine engine;
    private final RbmConfig config;
    private final int labels;
    private final Matrix velW;
    private final Matrix velB;
    private final Matrix velC;
    private final Matrix q;       // running mean of hidden activations (sparsity)
    private final Matrix mu;      // 1 x visible: data means, the visible offsets of centered training
    private final Matrix lambda;  // 1 x hidden: hidden offsets of centered training
    private final Matrix muL;     // 1 x labels: label frequencies, the label offsets (null without labels)
    private final Matrix gB;      // 1 x visible: this batch's visible-bias step (centered training)
    private final Matrix gC;      // 1 x hidden: this batch's hidden-bias step
    private final Matrix gD;      // 1 x labels: this batch's label-bias step
    private final Matrix colV;    // 1 x visible scratch
    private final Matrix colH;    // 1 x hidden scratch
    private final Matrix velU;    // label block (null without labels)
    private final Matrix velD;

    RbmUpdate(Backend backend, RbmEngine engine, RbmConfig config, int visible, int hidden, int labels) {
        this.backend = backend;
        this.engine = engine;
        this.config = config;
        this.labels = labels;
        this.velW = backend.create(visible, hidden);
        this.velB = backend.create(1, visible);
        this.velC = backend.create(1, hidden);
        this.q = backend.create(1, hidden);
        this.mu = backend.create(1, visible);
        this.lambda = backend.create(1, hidden);
        this.gB = backend.create(1, visible);
        this.gC = backend.create(1, hidden);
        this.colV = backend.create(1, visible);
        this.colH = backend.create(1, hidden);
        this.velU = labels > 0 ? backend.create(labels, hidden) : null;
        this.velD = labels > 0 ? backend.create(1, labels) : null;
        this.muL = labels > 0 ? backend.create(1, labels) : null;
        this.gD = labels > 0 ? backend.create(1, labels) : null;
    }

    /** The offsets from the data's means and label frequencies (null without labels); the sparsity average at its target. */
    void start(double[] means, double[] labelFrequencies) {
        backend.set(mu, means);
        backend.fill(lambda, 0.5);
        if (labels > 0) {
            backend.set(muL, labelFrequencies);
        }
        backend.fill(q, config.sparsityTarget());
    }

    /**
     * One update.
     *
     * @param v0      the mini-batch; {@code ph0} its hidden probabilities, {@code l0} its labels
     *                (null without), {@code ones} a row of as many ones as it has rows
     * @param vNeg    the negative phase's visible states; {@code lNeg} its labels, {@code phNeg} its
     *                hidden probabilities, {@code negOnes} a row of as many ones as it has rows
     * @param epochLr this epoch's learning rate of the weights
     */
    void apply(Matrix v0, Matrix ph0, Matrix l0, Matrix ones, Matrix vNeg, Matrix lNeg, Matrix phNeg, Matrix negOnes,
               double epochLr, double momentum) {
        double pos = epochLr / v0.rows();
        double neg = epochLr / vNeg.rows();
        double fb = config.biasRateFactor();
        double fl = config.labelRateFactor();
        if (config.centered()) {
            centeredVelocities(v0, ph0, l0, ones, vNeg, lNeg, phNeg, negOnes, pos, neg, momentum);
        } else {
            engine.cdStatistics(epochLr, 1.0, fb, momentum, v0, ph0, ones, vNeg, phNeg, negOnes, velW, velB, velC);
            if (labels > 0) {
                engine.cdStatistics(epochLr, fl, fb, momentum, l0, ph0, ones, lNeg, phNeg, negOnes, velU, velD, null);
            }
        }
        if (config.weightDecay() > 0) {
            backend.axpy(-epochLr * config.weightDecay(), engine.weights, velW);
            if (labels > 0) {
                backend.axpy(-epochLr * fl * config.weightDecay(), engine.labelWeights, velU);
            }
        }
        if (config.sparsityTarget() > 0 && config.sparsityCost() > 0) {
            sparsity(v0, ph0, epochLr);
        }
        backend.axpy(1.0, velW, engine.weights);
        backend.axpy(1.0, velB, engine.visibleBias);
        backend.axpy(1.0, velC, engine.hiddenBias);
        if (labels > 0) {
            backend.axpy(1.0, velU, engine.labelWeights);
            backend.axpy(1.0, velD, engine.labelBias);
        }
        if (config.centered()) {
            // the centered parameters' step in the ordinary form: b -= dW lambda, c -= dW' mu (+ dU' muL), d -= dU lambda
            backend.gemm(false, true, -1.0, lambda, velW, 1.0, engine.visibleBias);
            backend.gemm(false, false, -1.0, mu, velW, 1.0, engine.hiddenBias);
            if (labels > 0) {
                backend.gemm(false, true, -1.0, lambda, velU, 1.0, engine.labelBias);
                backend.gemm(false, false, -1.0, muL, velU, 1.0, engine.hiddenBias);
            }
            backend.scale(1 - RbmTrainer.OFFSET_RATE, lambda, lambda);
            backend.gemm(false, false, RbmTrainer.OFFSET_RATE / v0.rows(), ones, ph0, 1.0, lambda);
        }
    }

    /**
     * The velocities of centered training: the bias steps {@code gB}, {@code gC}, {@code gD}
     * (data minus model means, times the learning rate) first, then the weight statistics
     * corrected to covariances about the offsets, {@code dW - mu' gC - gB' lambda}.
     */
    private void centeredVelocities(Matrix v0, Matrix ph0, Matrix l0, Matrix ones, Matrix vNeg, Matrix lNeg,
                                    Matrix phNeg, Matrix negOnes, double pos, double neg, double momentum) {
        backend.gemm(false, false, pos, ones, v0, 0.0, gB);
        backend.gemm(false, false, -neg, negOnes, vNeg, 1.0, gB);
        backend.gemm(false, false, pos, ones, ph0, 0.0, gC);
        backend.gemm(false, false, -neg, negOnes, phNeg, 1.0, gC);
        backend.gemm(true, false, pos, v0, ph0, momentum, velW);
        backend.gemm(true, false, -neg, vNeg, phNeg, 1.0, velW);
        backend.gemm(true, false, -1.0, mu, gC, 1.0, velW);
        backend.gemm(true, false, -1.0, gB, lambda, 1.0, velW);
        double fb = config.biasRateFactor();
        double fl = config.labelRateFactor();
        backend.scale(momentum, velB, velB);
        backend.axpy(fb, gB, velB);
        backend.scale(momentum, velC, velC);
        backend.axpy(fb, gC, velC);
        if (labels > 0) {
            backend.gemm(false, false, pos, ones, l0, 0.0, gD);
            backend.gemm(false, false, -neg, negOnes, lNeg, 1.0, gD);
            backend.gemm(true, false, pos * fl, l0, ph0, momentum, velU);
            backend.gemm(true, false, -neg * fl, lNeg, phNeg, 1.0, velU);
            backend.gemm(true, false, -fl, muL, gC, 1.0, velU);
            backend.gemm(true, false, -fl, gD, lambda, 1.0, velU);
            backend.scale(momentum, velD, velD);
            backend.axpy(fb, gD, velD);
        }
    }

    /**
     * Hinton's guide, section 11: q tracks the mean activation of each hidden unit; the
     * penalty derivative {@code q - target}, scaled by the sparsity cost, is taken off the
     * hidden bias and off the weights (times the mean visible state). In centered training
     * the weight part enters the velocity that the ordinary-form bias correction uses, so
     * the penalty acts on the centered parameters: the hidden bias also moves by the weight
     * step times {@code mu}, a weaker net push than in plain training.
     */
    private void sparsity(Matrix v0, Matrix ph0, double epochLr) {
        int rows = v0.rows();
        backend.sumColumns(ph0, colH);
        backend.scale(config.sparsityDecay(), q, q);
        backend.axpy((1 - config.sparsityDecay()) / rows, colH, q);
        backend.fill(colH, config.sparsityTarget());
        backend.sub(q, colH, colH);                  // colH = q - target
        backend.axpy(-epochLr * config.sparsityCost(), colH, velC);
        backend.sumColumns(v0, colV);                // colV = sum of v0, so alpha carries 1/rows
        backend.gemm(true, false, -epochLr * config.sparsityCost() / rows, colV, colH, 1.0, velW);
    }

    /** Its state in a checkpoint, under the names of the trainer's earlier checkpoints. */
    void save(TrainingState s) {
        s.put("velW", backend, velW).put("velB", backend, velB).put("velC", backend, velC).put("q", backend, q);
        if (config.centered()) {
            s.put("lambda", backend, lambda);
        }
        if (labels > 0) {
            s.put("velU", backend, velU).put("velD", backend, velD);
        }
    }

    void load(TrainingState s) {
        s.get("velW", backend, velW);
        s.get("velB", backend, velB);
        s.get("velC", backend, velC);
        s.get("q", backend, q);
        if (config.centered()) {
            s.get("lambda", backend, lambda);
        }
        if (labels > 0) {
            s.get("velU", backend, velU);
            s.get("velD", backend, velD);
        }
    }
}
