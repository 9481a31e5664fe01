package io.github.dbn4j.core;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;

/**
 * Where a trainer's mini-batches come from: rows of a data matrix, or those rows passed up
 * through lower layers of a network, computed batch by batch so that no layer's activations
 * for the whole data set are held at once.
 */
public interface BatchSource {

    /** Number of cases. */
    int rows();

    /** Width of a case. */
    int cols();

    /** Writes cases {@code order[offset] .. order[offset + out.rows() - 1]} into the rows of {@code out}. */
    void fill(int[] order, int offset, Matrix out);

    /**
     * Writes whatever changes as cases are drawn (a random-stream position when cases are sampled)
     * so that a resumed run draws the same cases; nothing for a plain matrix.
     */
    default void saveState(TrainingState state) {
    }

    /** Restores what {@link #saveState} wrote. */
    default void loadState(TrainingState state) {
    }

    /** The rows of a matrix on a backend. */
    static BatchSource of(Backend backend, Matrix data) {
        return new BatchSource() {
            @Override
            public int rows() {
                return data.rows();
            }

            @Override
            public int cols() {
                return data.cols();
            }

            @Override
            public void fill(int[] order, int offset, Matrix out) {
                backend.gatherRows(data, order, offset, out);
            }
        };
    }
}
