package io.github.dbn4j.core;

/**
 * Something whose state belongs in a checkpoint besides the trainer's own, such as a listener
 * that keeps history ({@link MetricsHistory}) or decides when to stop ({@link EarlyStopping}).
 * Register it with {@link TrainingControl#register(String, Checkpointable)}.
 */
public interface Checkpointable {

    /** Writes the complete state into {@code state}. */
    void saveState(TrainingState state);

    /** Replaces the current state by the one {@link #saveState} wrote. */
    void loadState(TrainingState state);
}
