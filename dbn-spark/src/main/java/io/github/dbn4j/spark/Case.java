package io.github.dbn4j.spark;

import java.io.Serializable;

/**
 * One training case of a distributed data set: its values and, for labelled data, its class
 * (from 0), or {@link #NO_LABEL}.
 *
 * @param values the case's values (pixels in [0, 1] for Bernoulli visible units)
 * @param label  the case's class, or {@link #NO_LABEL}
 */
public record Case(double[] values, int label) implements Serializable {

    /** The label of an unlabelled case. */
    public static final int NO_LABEL = -1;
    /** The label of a case whose label column held a value that is not a class number. */
    public static final int NOT_A_CLASS = Integer.MIN_VALUE;

    /** An unlabelled case. */
    public static Case of(double[] values) {
        return new Case(values, NO_LABEL);
    }
}
