package io.github.dbn4j.spark;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.ParallelSlice;
import java.io.Serializable;
import java.util.List;

/**
 * What an executor needs to make the slice of one stage (a layer's pretraining, fine-tuning) over
 * its partition's cases; broadcast once a stage.
 */
interface SliceSpec extends Serializable {

    /** The stage's name (in checkpoints, metrics and errors). */
    String stage();

    /** The backend name of the executors (null: the usual rules). */
    String backend();

    Precision precision();

    /**
     * The slice over {@code cases}; {@code start} holds what the driver computed before the first
     * round (the RBM's column means and label frequencies), or null.
     */
    ParallelSlice slice(Backend backend, List<Case> cases, int index, double[][] start);
}
