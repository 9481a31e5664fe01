package io.github.dbn4j.core;

import java.util.Optional;

/**
 * Where a {@link TrainingControl} keeps its checkpoints. Implementations write each checkpoint
 * atomically (a crash leaves the previous one intact) and keep a bounded number of them;
 * {@code io.github.dbn4j.core.io.CheckpointFiles} keeps them as files in a directory.
 */
public interface CheckpointStore {

    /**
     * Writes a checkpoint, then removes the oldest beyond the number kept.
     *
     * @return where it was written, for messages
     * @throws java.io.UncheckedIOException if it cannot be written; the previous checkpoints are kept
     */
    String write(TrainingState state);

    /** The newest checkpoint that reads back intact, or empty when there is none. */
    Optional<TrainingState> latest();
}
