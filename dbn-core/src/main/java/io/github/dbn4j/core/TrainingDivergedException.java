package io.github.dbn4j.core;

import java.util.Optional;

/**
 * Training produced a non-finite parameter or cost. The message names the stage, epoch and
 * batch and suggests a remedy; {@link #lastGoodModel()} holds the model as it was at the start
 * of the failing epoch, the last state known to be finite.
 */
public final class TrainingDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Object lastGoodModel;
    private final String stage;
    private final int epoch;
    private final int batch;

    public TrainingDivergedException(String stage, int epoch, int batch, String what, double learningRate,
                                     Object lastGoodModel) {
        super(stage + ": " + what + " became non-finite in epoch " + epoch + ", batch " + batch
                + " (learning rate " + learningRate + "); the model was rolled back to the start of epoch " + epoch
                + ". Try a smaller learning rate, e.g. " + learningRate / 10);
        this.stage = stage;
        this.epoch = epoch;
        this.batch = batch;
        this.lastGoodModel = lastGoodModel;
    }

    /** The model at the start of the failing epoch (an {@code Rbm}, or the stage's model type). */
    public Optional<Object> lastGoodModel() {
        return Optional.ofNullable(lastGoodModel);
    }

    public String stage() {
        return stage;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }
}
