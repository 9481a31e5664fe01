package io.github.dbn4j.core.rbm;

import java.util.Arrays;
import java.util.Optional;

/**
 * A trained (or hand-made) Restricted Boltzmann Machine: an immutable value that does not
 * depend on any backend. Load it on a backend with {@link RbmEngine} to compute with it.
 *
 * <p>Energy, Bernoulli visible units: {@code E(v,h) = -b.v - c.h - v'Wh}; Gaussian visible
 * units with unit variance: {@code E(v,h) = |v - b|^2 / 2 - c.h - v'Wh}.
 */
public final class Rbm {

    private final VisibleUnits visibleUnits;
    private final int visible;
    private final int hidden;
    private final double[] weights;
    private final double[] visibleBias;
    private final double[] hiddenBias;
    private final RbmConfig config;

    /**
     * @param weights     W, {@code visible x hidden}, row-major (copied)
     * @param visibleBias b, length {@code visible} (copied)
     * @param hiddenBias  c, length {@code hidden} (copied)
     * @param config      the configuration that trained it, or null for a hand-made model
     * @throws IllegalArgumentException if the lengths do not fit or a value is not finite
     */
    public Rbm(VisibleUnits visibleUnits, int visible, int hidden, double[] weights, double[] visibleBias,
               double[] hiddenBias, RbmConfig config) {
        if (visibleUnits == null) {
            throw new IllegalArgumentException("visibleUnits is null");
        }
        if (visible < 1 || hidden < 1) {
            throw new IllegalArgumentException("an RBM needs at least one visible and one hidden unit, got "
                    + visible + " visible and " + hidden + " hidden");
        }
        check("weights", weights, (long) visible * hidden, visible + "x" + hidden);
        check("visibleBias", visibleBias, visible, "the number of visible units");
        check("hiddenBias", hiddenBias, hidden, "the number of hidden units");
        if (config != null && config.hidden() != hidden) {
            throw new IllegalArgumentException("config has " + config.hidden() + " hidden units but the model "
                    + hidden);
        }
        this.visibleUnits = visibleUnits;
        this.visible = visible;
        this.hidden = hidden;
        this.weights = weights.clone();
        this.visibleBias = visibleBias.clone();
        this.hiddenBias = hiddenBias.clone();
        this.config = config;
    }

    private static void check(String name, double[] a, long expected, String what) {
        if (a == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (a.length != expected) {
            throw new IllegalArgumentException(name + " has " + a.length + " values but " + what + " needs "
                    + expected);
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + a[i] + ": parameters must be finite");
            }
        }
    }

    public VisibleUnits visibleUnits() {
        return visibleUnits;
    }

    public int visible() {
        return visible;
    }

    public int hidden() {
        return hidden;
    }

    /** W as a new row-major {@code visible x hidden} array. */
    public double[] weights() {
        return weights.clone();
    }

    /** The visible biases b (a copy). */
    public double[] visibleBias() {
        return visibleBias.clone();
    }

    /** The hidden biases c (a copy). */
    public double[] hiddenBias() {
        return hiddenBias.clone();
    }

    /** W[i][j], visible unit i to hidden unit j. */
    public double weight(int i, int j) {
        return weights[i * hidden + j];
    }

    /** The configuration that trained this model, if it was trained. */
    public Optional<RbmConfig> config() {
        return Optional.ofNullable(config);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rbm r && r.visibleUnits == visibleUnits && r.visible == visible && r.hidden == hidden
                && Arrays.equals(r.weights, weights) && Arrays.equals(r.visibleBias, visibleBias)
                && Arrays.equals(r.hiddenBias, hiddenBias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Arrays.hashCode(hiddenBias) + 7 * Arrays.hashCode(visibleBias);
    }

    @Override
    public String toString() {
        return "Rbm[" + visibleUnits.name().toLowerCase(java.util.Locale.ROOT) + " " + visible + "x" + hidden + "]";
    }
}
