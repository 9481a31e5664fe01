package io.github.dbn4j.core.dbn;

/**
 * The up-down (wake-sleep) fine-tuning of Hinton, Osindero and Teh (2006).
 *
 * @param epochs       passes over the data, at least 0
 * @param batchSize    cases per update, at least 1
 * @param learningRate step size of every update, finite and positive
 * @param topGibbsSteps alternating Gibbs iterations in the top-level associative memory, at least 1
 * @param weightDecay  L2 cost on every weight, at least 0
 * @param seed         seed of every random choice
 */
public record WakeSleepConfig(int epochs, int batchSize, double learningRate, int topGibbsSteps, double weightDecay,
                              long seed) {

    public WakeSleepConfig {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be at least 0, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and positive, got " + learningRate);
        }
        if (topGibbsSteps < 1) {
            throw new IllegalArgumentException("topGibbsSteps must be at least 1, got " + topGibbsSteps);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and at least 0, got " + weightDecay);
        }
    }

    /** 10 epochs of batches of 100 at learning rate 0.01 with 3 top-level Gibbs iterations. */
    public static WakeSleepConfig defaults() {
        return new WakeSleepConfig(10, 100, 0.01, 3, 0, 54321L);
    }

    public WakeSleepConfig withEpochs(int v) {
        return new WakeSleepConfig(v, batchSize, learningRate, topGibbsSteps, weightDecay, seed);
    }

    public WakeSleepConfig withBatchSize(int v) {
        return new WakeSleepConfig(epochs, v, learningRate, topGibbsSteps, weightDecay, seed);
    }

    public WakeSleepConfig withLearningRate(double v) {
        return new WakeSleepConfig(epochs, batchSize, v, topGibbsSteps, weightDecay, seed);
    }

    public WakeSleepConfig withTopGibbsSteps(int v) {
        return new WakeSleepConfig(epochs, batchSize, learningRate, v, weightDecay, seed);
    }

    public WakeSleepConfig withWeightDecay(double v) {
        return new WakeSleepConfig(epochs, batchSize, learningRate, topGibbsSteps, v, seed);
    }

    public WakeSleepConfig withSeed(long v) {
        return new WakeSleepConfig(epochs, batchSize, learningRate, topGibbsSteps, weightDecay, v);
    }
}
