package io.github.dbn4j.core;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;

/** Summed costs computed stably on a backend, shared by the RBM monitor and the wake-sleep trainer. */
public final class Costs {

    private Costs() {
    }

    /**
     * Cross-entropy of targets {@code t} in [0, 1] under {@code sigmoid(x)}, summed over every
     * element, from the pre-activations: {@code sum softplus(x) - t.x}, finite for any finite {@code x}.
     *
     * @param scratch a matrix of {@code x}'s shape, overwritten
     */
    public static double crossEntropyOfLogits(Backend backend, Matrix t, Matrix x, Matrix scratch) {
        backend.softplus(x, scratch);
        double sp = backend.sum(scratch);
        backend.hadamard(t, x, scratch);
        return sp - backend.sum(scratch);
    }

    /** Half the squared error {@code |t - x|^2 / 2}, summed; {@code scratch} has {@code x}'s shape and is overwritten. */
    public static double halfSquaredError(Backend backend, Matrix t, Matrix x, Matrix scratch) {
        backend.sub(t, x, scratch);
        backend.hadamard(scratch, scratch, scratch);
        return 0.5 * backend.sum(scratch);
    }
}
