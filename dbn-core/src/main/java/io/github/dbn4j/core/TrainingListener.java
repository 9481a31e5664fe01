package io.github.dbn4j.core;

/**
 * Receives progress and metrics from trainers. Called on the training thread; keep it quick.
 * Library code never prints: a listener is how a program shows progress.
 */
public interface TrainingListener {

    /** What a listener wants after an epoch. */
    enum Decision {
        CONTINUE,
        STOP
    }

    /** After each mini-batch: {@code batch} of {@code batches} (1-based) in {@code epoch} (1-based). */
    default void onBatch(String stage, int epoch, int batch, int batches) {
    }

    /** After each epoch, with its metrics; returning {@link Decision#STOP} ends the stage early. */
    default Decision onEpoch(EpochMetrics metrics) {
        return Decision.CONTINUE;
    }

    /**
     * After a diverged epoch was rolled back and its learning rate halved (with
     * {@link TrainingControl.OnDivergence#HALVE_LEARNING_RATE}); the epoch is then trained again.
     */
    default void onRollback(String stage, int epoch, int batch, String what, double learningRate) {
    }

    /**
     * When a trainer sees, after an epoch, that the model is not learning (a dead or collapsed
     * layer, a classifier at chance); training goes on. Each warning is also logged.
     */
    default void onWarning(TrainingWarning warning) {
    }
}
