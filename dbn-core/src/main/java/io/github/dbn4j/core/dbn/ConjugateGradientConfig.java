package io.github.dbn4j.core.dbn;

/**
 * Back-propagation fine-tuning by conjugate gradients, as Hinton and Salakhutdinov (2006) trained
 * their MNIST classifier: for every batch, a few line searches of {@link
 * io.github.dbn4j.core.optim.ConjugateGradient} on the cross-entropy summed over the batch, with no
 * weight decay. The batches are the rows in the order given (arrange them once with
 * {@link io.github.dbn4j.core.Batches}), the same every epoch.
 *
 * @param epochs          passes over the data, at least 0
 * @param batchSize       cases per batch, at least 1 (1,000 in the paper: ten mini-batches of 100 joined)
 * @param lineSearches    line searches per batch, at least 1 (3 in the paper)
 * @param topLayerEpochs  the first epochs train only the softmax layer, on the frozen features of the
 *                        layers below (5 in the paper); at least 0
 * @param outputWeightStd standard deviation of the softmax layer's initial weights and biases, positive
 *                        (0.1 in the paper); used when the DBN has no label units to start them from
 * @param seed            seed of the softmax layer's initial weights
 * @param stopWhenUnchanged end the run after an epoch of the whole network that leaves every parameter
 *                        bit for bit as it found it. The batches and the line searches' starting
 *                        steps are the same every epoch, so every later epoch would repeat that one
 *                        exactly: the model is the one the full count of epochs would give, sooner.
 *                        The epochs of the softmax layer alone never stop the run.
 */
public record ConjugateGradientConfig(int epochs, int batchSize, int lineSearches, int topLayerEpochs,
                                      double outputWeightStd, long seed, boolean stopWhenUnchanged) {

    public ConjugateGradientConfig {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be at least 0, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (lineSearches < 1) {
            throw new IllegalArgumentException("lineSearches must be at least 1, got " + lineSearches);
        }
        if (topLayerEpochs < 0) {
            throw new IllegalArgumentException("topLayerEpochs must be at least 0, got " + topLayerEpochs);
        }
        if (!(outputWeightStd > 0) || !Double.isFinite(outputWeightStd)) {
            throw new IllegalArgumentException("outputWeightStd must be finite and positive, got " + outputWeightStd);
        }
    }

    /**
     * The paper's settings: 200 epochs of batches of 1,000, 3 line searches, 5 epochs for the top layer
     * alone; the run ends early once an epoch changes nothing (the same model, see {@code stopWhenUnchanged}).
     */
    public static ConjugateGradientConfig paper() {
        return new ConjugateGradientConfig(200, 1000, 3, 5, 0.1, 777L, true);
    }

    public ConjugateGradientConfig withEpochs(int v) {
        return new ConjugateGradientConfig(v, batchSize, lineSearches, topLayerEpochs, outputWeightStd, seed, stopWhenUnchanged);
    }

    public ConjugateGradientConfig withBatchSize(int v) {
        return new ConjugateGradientConfig(epochs, v, lineSearches, topLayerEpochs, outputWeightStd, seed, stopWhenUnchanged);
    }

    public ConjugateGradientConfig withLineSearches(int v) {
        return new ConjugateGradientConfig(epochs, batchSize, v, topLayerEpochs, outputWeightStd, seed, stopWhenUnchanged);
    }

    public ConjugateGradientConfig withTopLayerEpochs(int v) {
        return new ConjugateGradientConfig(epochs, batchSize, lineSearches, v, outputWeightStd, seed, stopWhenUnchanged);
    }

    public ConjugateGradientConfig withOutputWeightStd(double v) {
        return new ConjugateGradientConfig(epochs, batchSize, lineSearches, topLayerEpochs, v, seed, stopWhenUnchanged);
    }

    public ConjugateGradientConfig withSeed(long v) {
        return new ConjugateGradientConfig(epochs, batchSize, lineSearches, topLayerEpochs, outputWeightStd, v, stopWhenUnchanged);
    }

    public ConjugateGradientConfig withStopWhenUnchanged(boolean v) {
        return new ConjugateGradientConfig(epochs, batchSize, lineSearches, topLayerEpochs, outputWeightStd, seed, v);
    }
}
