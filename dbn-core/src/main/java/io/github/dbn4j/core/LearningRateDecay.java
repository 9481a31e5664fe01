package io.github.dbn4j.core;

/**
 * The linear learning-rate decay shared by the trainers' configurations: from a first epoch on,
 * every learning rate falls by the same step an epoch towards zero, the last epoch keeping one step.
 */
public final class LearningRateDecay {

    private LearningRateDecay() {
    }

    /**
     * The share of the learning rate left in epoch {@code epoch} (0-based) of a run of {@code epochs}
     * whose rate falls linearly from epoch {@code decayFrom} (1-based): 1 before it and when
     * {@code decayFrom} is 0, then falling by {@code 1 / (epochs - decayFrom + 2)} an epoch, never below
     * that step (an epoch past the last keeps the last epoch's share).
     */
    public static double linear(int epochs, int decayFrom, int epoch) {
        if (decayFrom == 0 || epoch + 1 < decayFrom) {
            return 1;
        }
        int last = Math.max(epochs, decayFrom);
        return Math.max(last - epoch, 1) / (double) (last - decayFrom + 2);
    }
}
