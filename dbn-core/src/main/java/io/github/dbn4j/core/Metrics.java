package io.github.dbn4j.core;

/** Names of the metrics reported in {@link EpochMetrics#values()} and written to metrics files. */
public final class Metrics {

    /** Mean reconstruction cost per case: cross-entropy (Bernoulli) or half squared error (Gaussian). */
    public static final String RECONSTRUCTION = "reconstruction";
    /** Mean free energy of (a fixed subset of) the training data. */
    public static final String FREE_ENERGY_TRAIN = "free_energy_train";
    /** Mean free energy of the held-out data. */
    public static final String FREE_ENERGY_HELD_OUT = "free_energy_held_out";
    /** Held-out minus training mean free energy; growing means over-fitting (Hinton's guide, section 6). */
    public static final String FREE_ENERGY_GAP = "free_energy_gap";
    /** Stochastic pseudo-log-likelihood per case of (a fixed subset of) the training data. */
    public static final String PSEUDO_LOG_LIKELIHOOD = "pseudo_log_likelihood";
    /** Momentum used in the epoch. */
    public static final String MOMENTUM = "momentum";

    private Metrics() {
    }
}
