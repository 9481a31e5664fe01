package io.github.dbn4j.spark;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.ParallelSlice;
import java.io.Serializable;
import java.util.List;

/**
 * What an executor needs to make the slice of one stage (a layer's pretraining, up-down,
 * fine-tuning) over its partition's cases; broadcast once a stage.
 */
abstract class SliceSpec implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String stage;
    private final String backend;
    private final Precision precision;

    SliceSpec(String stage, String backend, Precision precision) {
        this.stage = stage;
        this.backend = backend;
        this.precision = precision;
    }

    /** The stage's name (in checkpoints, metrics and errors). */
    final String stage() {
        return stage;
    }

    /** The backend of this stage's slices, chosen on the executor by the usual rules. */
    final Backend executorBackend() {
        return ExecutorBackends.get(backend, precision);
    }

    /**
     * The slice over {@code cases}; {@code start} holds what the driver computed before the first
     * round (the RBM's column means and label frequencies), or null.
     */
    abstract ParallelSlice slice(Backend backend, List<Case> cases, int index, double[][] start);
}
