package io.github.dbn4j.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch of one training stage measured.
 *
 * @param stage   which training stage, e.g. {@code rbm}, {@code layer1}, {@code wake-sleep}
 * @param epoch   1-based epoch number
 * @param epochs  the maximum number of epochs of the stage
 * @param cost    the stage's main cost (the one tolerance-based stopping watches)
 * @param values  every metric by name (see {@link Metrics}), in the order they were measured
 * @param seconds wall time of the epoch, monitoring included
 */
public record EpochMetrics(String stage, int epoch, int epochs, double cost, Map<String, Double> values,
                           double seconds) {

    public EpochMetrics {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A metric by name, or NaN if this epoch did not measure it. */
    public double get(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }
}
