package io.github.dbn4j.core.rbm;

import io.github.dbn4j.core.internal.Parameters;
import java.util.Arrays;
import java.util.Optional;

/**
 * A trained (or hand-made) Restricted Boltzmann Machine: an immutable value that does not
 * depend on any backend. Load it on a backend with {@link RbmEngine} to compute with it.
 *
 * <p>Energy, Bernoulli visible units: {@code E(v,h) = -b.v - c.h - v'Wh}; Gaussian visible
 * units with unit variance: {@code E(v,h) = |v - b|^2 / 2 - c.h - v'Wh}.
 *
 * <p>An RBM may also have a group of {@code labels} softmax units beside its visible units (the
 * top-level associative memory of a DBN, Hinton, Osindero and Teh 2006): one-hot {@code l} with
 * weights {@code U} ({@code labels x hidden}) and biases {@code d} add {@code -d.l - l'Uh} to
 * the energy.
 */
public final class Rbm {

    private final VisibleUnits visibleUnits;
    private final int visible;
    private final int hidden;
    private final double[] weights;
    private final double[] visibleBias;
    private final double[] hiddenBias;
    private final int labels;
    private final double[] labelWeights;
    private final double[] labelBias;
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
        this(visibleUnits, visible, hidden, weights, visibleBias, hiddenBias, 0, new double[0], new double[0], config);
    }

    /**
     * An RBM with a softmax group of {@code labels} units.
     *
     * @param labelWeights U, {@code labels x hidden}, row-major (copied)
     * @param labelBias    d, length {@code labels} (copied)
     */
    public Rbm(VisibleUnits visibleUnits, int visible, int hidden, double[] weights, double[] visibleBias,
               double[] hiddenBias, int labels, double[] labelWeights, double[] labelBias, RbmConfig config) {
        if (visibleUnits == null) {
            throw new IllegalArgumentException("visibleUnits is null");
        }
        if (visible < 1 || hidden < 1) {
            throw new IllegalArgumentException("an RBM needs at least one visible and one hidden unit, got "
                    + visible + " visible and " + hidden + " hidden");
        }
        this.weights = Parameters.finiteCopy("weights", weights, (long) visible * hidden, visible + "x" + hidden);
        this.visibleBias = Parameters.finiteCopy("visibleBias", visibleBias, visible, "the number of visible units");
        this.hiddenBias = Parameters.finiteCopy("hiddenBias", hiddenBias, hidden, "the number of hidden units");
        if (labels < 0) {
            throw new IllegalArgumentException("labels must be at least 0, got " + labels);
        }
        if (labels == 1) {
            throw new IllegalArgumentException("a softmax label group needs at least 2 labels, got 1");
        }
        this.labelWeights = Parameters.finiteCopy("labelWeights", labelWeights, (long) labels * hidden,
                labels + "x" + hidden);
        this.labelBias = Parameters.finiteCopy("labelBias", labelBias, labels, "the number of labels");
        if (config != null && config.hidden() != hidden) {
            throw new IllegalArgumentException("config has " + config.hidden() + " hidden units but the model "
                    + hidden);
        }
        if (config != null && config.visibleUnits() != visibleUnits) {
            throw new IllegalArgumentException("config has " + config.visibleUnits() + " visible units but the model "
                    + visibleUnits);
        }
        this.visibleUnits = visibleUnits;
        this.visible = visible;
        this.hidden = hidden;
        this.labels = labels;
        this.config = config;
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

    /** Number of softmax label units, 0 if there are none. */
    public int labels() {
        return labels;
    }

    /** U as a new row-major {@code labels x hidden} array (empty without labels). */
    public double[] labelWeights() {
        return labelWeights.clone();
    }

    /** The label biases d (a copy; empty without labels). */
    public double[] labelBias() {
        return labelBias.clone();
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
                && Arrays.equals(r.hiddenBias, hiddenBias) && r.labels == labels
                && Arrays.equals(r.labelWeights, labelWeights) && Arrays.equals(r.labelBias, labelBias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Arrays.hashCode(hiddenBias) + 7 * Arrays.hashCode(visibleBias);
    }

    @Override
    public String toString() {
        return "Rbm[" + visibleUnits.name().toLowerCase(java.util.Locale.ROOT) + " " + visible
                + (labels > 0 ? "+" + labels + " labels" : "") + "x" + hidden + "]";
    }
}
