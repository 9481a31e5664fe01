package io.github.dbn4j.core;

import java.util.Optional;

/**
 * Training stopped because {@link TrainingControl#requestStop()} was called (for example on
 * Ctrl-C or SIGTERM). The state was checkpointed first when a checkpoint store is set;
 * {@link #checkpoint()} says where.
 */
public final class TrainingInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String checkpoint;

    public TrainingInterruptedException(String stage, int epoch, int batch, String checkpoint) {
        super(stage + ": stopped on request after batch " + batch + " of epoch " + epoch
                + (checkpoint == null ? "; no checkpoint store was set, so the progress is lost"
                : "; the state was saved to " + checkpoint));
        this.checkpoint = checkpoint;
    }

    /** Where the state was saved, if it was. */
    public Optional<String> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }
}
