package io.github.dbn4j.core;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.internal.Workspace;

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

    /**
     * The matrix whose rows this source gives unchanged, or null for a source that computes its
     * cases; a trainer checks the values of such a matrix as it checks data given as a matrix.
     */
    default Matrix matrix() {
        return null;
    }

    /** The rows of a matrix on a backend. */
    static BatchSource of(Backend backend, Matrix data) {
        return new BatchSource() {
            @Override
            public Matrix matrix() {
                return data;
            }

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

    /**
     * The cases of {@code source} (values in [0, 1]) binarised anew every time they are drawn:
     * {@code 1} where {@code u < x} for a fresh uniform {@code u}, as Salakhutdinov and Murray
     * (2008) binarise MNIST for every mini-batch. The uniforms come from {@code stream} at a
     * position that advances with every case drawn and is part of the saved state, so a resumed
     * run draws the same binary cases.
     */
    static BatchSource binarised(Backend backend, BatchSource source, RandomStream stream) {
        return withUniforms(backend, source, stream, (u, out) -> backend.bernoulli(out, u, out));
    }

    /**
     * The cases of {@code source}, pixel values {@code byte / 255}, dequantised anew every time they
     * are drawn: {@code (byte + u) / 256} for a fresh uniform {@code u}, the real values whose
     * density bounds the likelihood of the bytes (Theis, van den Oord and Bethge 2016). Uniforms
     * and resumption as {@link #binarised}.
     */
    static BatchSource dequantised(Backend backend, BatchSource source, RandomStream stream) {
        return withUniforms(backend, source, stream, (u, out) -> {
            backend.scale(255.0 / 256, out, out);
            backend.axpy(1.0 / 256, u, out);
        });
    }

    /** The cases of {@code source} changed by {@code change(uniforms, cases)} with uniforms from a saved position. */
    private static BatchSource withUniforms(Backend backend, BatchSource source, RandomStream stream,
                                            java.util.function.BiConsumer<Matrix, Matrix> change) {
        RandomCursor cursor = new RandomCursor(stream);
        Workspace work = new Workspace(backend);
        return new BatchSource() {
            @Override
            public int rows() {
                return source.rows();
            }

            @Override
            public int cols() {
                return source.cols();
            }

            @Override
            public void fill(int[] order, int offset, Matrix out) {
                source.fill(order, offset, out);
                Matrix u = work.get("uniforms", out.rows(), out.cols());
                backend.fillUniform(cursor.stream(), cursor.take(u.size()), u);
                change.accept(u, out);
            }

            @Override
            public void saveState(TrainingState state) {
                state.putLong("position", cursor.position());
                source.saveState(state.scoped("below"));
            }

            @Override
            public void loadState(TrainingState state) {
                cursor.seek(state.getLong("position"));
                source.loadState(state.scoped("below"));
            }
        };
    }
}
