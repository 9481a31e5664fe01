package io.github.dbn4j.core.internal;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;

/** Summed costs on a backend shared by the RBM monitor and the wake-sleep trainer (the cross-entropy is the SPI's own {@code crossEntropyOfLogits}). */
public final class Costs {

    private Costs() {
    }

    /** Half the squared error {@code |t - x|^2 / 2}, summed; {@code scratch} has {@code x}'s shape and is overwritten. */
    public static double halfSquaredError(Backend backend, Matrix t, Matrix x, Matrix scratch) {
        backend.sub(t, x, scratch);
        backend.hadamard(scratch, scratch, scratch);
        return 0.5 * backend.sum(scratch);
    }
}
