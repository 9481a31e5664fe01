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
    private final String checkpoint;

    public TrainingDivergedException(String stage, int epoch, int batch, String what, double learningRate,
                                     Object lastGoodModel) {
        this(stage, epoch, batch, what, learningRate, lastGoodModel, null, 0);
    }

    /**
     * @param checkpoint where the last good state was saved, or null
     * @param halvings   how often the learning rate was already halved in this stage
     */
    public TrainingDivergedException(String stage, int epoch, int batch, String what, double learningRate,
                                     Object lastGoodModel, String checkpoint, int halvings) {
        super(stage + ": " + what + " became non-finite in epoch " + epoch + ", batch " + batch
                + " (learning rate " + learningRate + (halvings > 0 ? ", after " + halvings + " halvings" : "")
                + "); the model was rolled back to the start of epoch " + epoch
                + (checkpoint == null ? "" : ", and that state was saved to " + checkpoint)
                + ". Try a smaller learning rate, e.g. " + learningRate / 10
                + (halvings > 0 ? "" : ", or let training roll back and halve it by itself"));
        this.stage = stage;
        this.epoch = epoch;
        this.batch = batch;
        this.lastGoodModel = lastGoodModel;
        this.checkpoint = checkpoint;
    }

    /** Where the last good state was saved, if checkpoints were on. */
    public Optional<String> checkpoint() {
        return Optional.ofNullable(checkpoint);
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
