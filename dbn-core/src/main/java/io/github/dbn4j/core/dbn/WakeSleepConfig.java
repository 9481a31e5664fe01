package io.github.dbn4j.core.dbn;

import io.github.dbn4j.core.AddedComponent;
import io.github.dbn4j.core.LearningRateDecay;
import java.util.List;

/**
 * The up-down (wake-sleep) fine-tuning of Hinton, Osindero and Teh (2006).
 *
 * @param epochs       passes over the data, at least 0
 * @param batchSize    cases per update, at least 1
 * @param learningRate step size of every update, finite and positive
 * @param topGibbsSteps alternating Gibbs iterations in the top-level associative memory, at least 1
 * @param weightDecay  L2 cost on every weight, at least 0
 * @param seed         seed of every random choice
 * @param fixedBatches the same mini-batches every epoch, the rows in the order given (arrange them once,
 *                     e.g. with {@link io.github.dbn4j.core.Batches#balanced}); otherwise a new permutation
 *                     each epoch
 * @param topGibbsEvery 0, or the length in epochs of each step of the Gibbs schedule: the first
 *                     {@code topGibbsEvery} epochs run {@code topGibbsSteps} iterations, the next ones
 *                     {@code laterTopGibbsSteps.get(0)}, and so on, the last value holding to the end
 * @param laterTopGibbsSteps the later values of the Gibbs schedule, each at least 1 (empty without one)
 * @param decayFrom    0, or the first epoch (1-based) from which the learning rate falls linearly towards
 *                     zero, the last epoch keeping one step of the line ({@link #decayFactor(int)})
 */
public record WakeSleepConfig(int epochs, int batchSize, double learningRate, int topGibbsSteps, double weightDecay,
                              long seed, boolean fixedBatches, @AddedComponent int topGibbsEvery,
                              @AddedComponent List<Integer> laterTopGibbsSteps, @AddedComponent int decayFrom,
                              @AddedComponent double momentum)
        implements java.io.Serializable {

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
        if (topGibbsEvery < 0) {
            throw new IllegalArgumentException("topGibbsEvery must be at least 0, got " + topGibbsEvery);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (decayFrom < 0) {
            throw new IllegalArgumentException("decayFrom must be at least 0, got " + decayFrom);
        }
        laterTopGibbsSteps = laterTopGibbsSteps == null ? List.of() : List.copyOf(laterTopGibbsSteps);
        for (int steps : laterTopGibbsSteps) {
            if (steps < 1) {
                throw new IllegalArgumentException("every step count of the Gibbs schedule must be at least 1, got "
                        + laterTopGibbsSteps);
            }
        }
    }

    /** The top-level Gibbs iterations of epoch {@code epoch} (0-based). */
    public int topGibbsSteps(int epoch) {
        if (topGibbsEvery == 0 || laterTopGibbsSteps.isEmpty() || epoch < topGibbsEvery) {
            return topGibbsSteps;
        }
        return laterTopGibbsSteps.get(Math.min(epoch / topGibbsEvery, laterTopGibbsSteps.size()) - 1);
    }

    /** 10 epochs of batches of 100 at learning rate 0.01 with 3 top-level Gibbs iterations. */
    public static WakeSleepConfig defaults() {
        return new WakeSleepConfig(10, 100, 0.01, 3, 0, 54321L, false, 0, List.of(), 0, 0);
    }

    public WakeSleepConfig withEpochs(int v) {
        return new WakeSleepConfig(v, batchSize, learningRate, topGibbsSteps, weightDecay, seed,
                fixedBatches, topGibbsEvery, laterTopGibbsSteps, decayFrom, momentum);
    }

    public WakeSleepConfig withBatchSize(int v) {
        return new WakeSleepConfig(epochs, v, learningRate, topGibbsSteps, weightDecay, seed,
                fixedBatches, topGibbsEvery, laterTopGibbsSteps, decayFrom, momentum);
    }

    public WakeSleepConfig withLearningRate(double v) {
        return new WakeSleepConfig(epochs, batchSize, v, topGibbsSteps, weightDecay, seed,
                fixedBatches, topGibbsEvery, laterTopGibbsSteps, decayFrom, momentum);
    }

    public WakeSleepConfig withTopGibbsSteps(int v) {
        return new WakeSleepConfig(epochs, batchSize, learningRate, v, weightDecay, seed,
                fixedBatches, topGibbsEvery, laterTopGibbsSteps, decayFrom, momentum);
    }

    public WakeSleepConfig withWeightDecay(double v) {
        return new WakeSleepConfig(epochs, batchSize, learningRate, topGibbsSteps, v, seed,
                fixedBatches, topGibbsEvery, laterTopGibbsSteps, decayFrom, momentum);
    }

    public WakeSleepConfig withSeed(long v) {
        return new WakeSleepConfig(epochs, batchSize, learningRate, topGibbsSteps, weightDecay, v,
                fixedBatches, topGibbsEvery, laterTopGibbsSteps, decayFrom, momentum);
    }

    /** The same mini-batches every epoch, the rows in the order given ({@code true}), or a new permutation each epoch. */
    public WakeSleepConfig withFixedBatches(boolean v) {
        return new WakeSleepConfig(epochs, batchSize, learningRate, topGibbsSteps, weightDecay, seed, v, topGibbsEvery,
                laterTopGibbsSteps, decayFrom, momentum);
    }

    /**
     * A schedule of top-level Gibbs iterations: {@code steps[0]} for the first {@code everyEpochs}
     * epochs, {@code steps[1]} for the next, and so on, the last holding to the end (3, 6, 10 every
     * 100 epochs in Hinton, Osindero and Teh 2006).
     */
    public WakeSleepConfig withTopGibbsSchedule(int everyEpochs, int... steps) {
        if (steps.length == 0) {
            throw new IllegalArgumentException("the Gibbs schedule needs at least one step count");
        }
        List<Integer> later = new java.util.ArrayList<>();
        for (int i = 1; i < steps.length; i++) {
            later.add(steps[i]);
        }
        return new WakeSleepConfig(epochs, batchSize, learningRate, steps[0], weightDecay, seed, fixedBatches,
                steps.length > 1 ? everyEpochs : 0, later, decayFrom, momentum);
    }

    /**
     * The learning rate falls linearly towards zero from epoch {@code v} (1-based) to the last, which
     * keeps one step of the line; 0 keeps it constant.
     */
    public WakeSleepConfig withDecayFrom(int v) {
        return new WakeSleepConfig(epochs, batchSize, learningRate, topGibbsSteps, weightDecay, seed, fixedBatches,
                topGibbsEvery, laterTopGibbsSteps, v, momentum);
    }

    /**
     * Momentum on every parameter of up-down: each change is the learning rate times the gradient
     * (less the weight cost) plus {@code v} times the change before it. The paper's runs used
     * momentum, though its appendix B leaves it out for simplicity; 0 gives plain steps.
     */
    public WakeSleepConfig withMomentum(double v) {
        return new WakeSleepConfig(epochs, batchSize, learningRate, topGibbsSteps, weightDecay, seed, fixedBatches,
                topGibbsEvery, laterTopGibbsSteps, decayFrom, v);
    }

    /** The share of the learning rate left in epoch {@code epoch} (0-based) by {@link #decayFrom()}. */
    public double decayFactor(int epoch) {
        return LearningRateDecay.linear(epochs, decayFrom, epoch);
    }
}
