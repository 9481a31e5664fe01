package io.github.dbn4j.core.dbn;

/**
 * Back-propagation fine-tuning of the unrolled network: mini-batch SGD with momentum on the
 * cross-entropy of a softmax output.
 *
 * @param epochs       maximum passes over the data, at least 0
 * @param batchSize    cases per update, at least 1
 * @param learningRate step size, finite and positive
 * @param momentum     momentum in [0, 1)
 * @param weightDecay  L2 cost on the weights (not the biases), at least 0
 * @param patience     with validation data, stop after this many epochs without a lower
 *                     validation error and keep the best epoch's parameters; 0 never stops early
 * @param seed         seed of shuffling and of the output layer's initial weights
 * @param centered     take each layer's weight gradient about a moving average of its inputs (the
 *                     centering of LeCun et al. 1998 and Schraudolph 1998), see {@link FineTuner}
 */
public record FineTuneConfig(int epochs, int batchSize, double learningRate, double momentum, double weightDecay,
                             int patience, long seed, boolean centered) implements java.io.Serializable {

    public FineTuneConfig {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be at least 0, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and positive, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and at least 0, got " + weightDecay);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be at least 0, got " + patience);
        }
    }

    /** 10 epochs, batches of 100, learning rate 0.1, momentum 0.9, no weight decay, patience 5, centered. */
    public static FineTuneConfig defaults() {
        return new FineTuneConfig(10, 100, 0.1, 0.9, 0, 5, 777L, true);
    }

    public FineTuneConfig withEpochs(int v) {
        return new FineTuneConfig(v, batchSize, learningRate, momentum, weightDecay, patience, seed, centered);
    }

    public FineTuneConfig withBatchSize(int v) {
        return new FineTuneConfig(epochs, v, learningRate, momentum, weightDecay, patience, seed, centered);
    }

    public FineTuneConfig withLearningRate(double v) {
        return new FineTuneConfig(epochs, batchSize, v, momentum, weightDecay, patience, seed, centered);
    }

    public FineTuneConfig withMomentum(double v) {
        return new FineTuneConfig(epochs, batchSize, learningRate, v, weightDecay, patience, seed, centered);
    }

    public FineTuneConfig withWeightDecay(double v) {
        return new FineTuneConfig(epochs, batchSize, learningRate, momentum, v, patience, seed, centered);
    }

    public FineTuneConfig withPatience(int v) {
        return new FineTuneConfig(epochs, batchSize, learningRate, momentum, weightDecay, v, seed, centered);
    }

    /** Centered gradients on ({@code true}, the default) or plain back-propagation ({@code false}). */
    public FineTuneConfig withCentered(boolean v) {
        return new FineTuneConfig(epochs, batchSize, learningRate, momentum, weightDecay, patience, seed, v);
    }

    public FineTuneConfig withSeed(long v) {
        return new FineTuneConfig(epochs, batchSize, learningRate, momentum, weightDecay, patience, v, centered);
    }
}
