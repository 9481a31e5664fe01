package io.github.dbn4j.core.rbm;

/** The kind of visible units of an RBM; hidden units are always Bernoulli. */
public enum VisibleUnits {
    /** Binary units, {@code p(v_i = 1 | h) = sigmoid(b_i + W_i h)}. */
    BERNOULLI,
    /** Real units with unit variance, {@code v_i | h ~ N(b_i + W_i h, 1)}; standardise the data first. */
    GAUSSIAN
}
