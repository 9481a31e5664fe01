package io.github.dbn4j.core.dbn;

import io.github.dbn4j.core.internal.Parameters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A feed-forward classifier: sigmoid layers and a softmax output layer. Layer {@code i} maps
 * {@code sizes[i]} inputs to {@code sizes[i+1]} outputs with weights {@code sizes[i] x sizes[i+1]}
 * (row-major) and biases of length {@code sizes[i+1]}. Immutable.
 */
public final class Classifier {

    private final int[] sizes;
    private final List<double[]> weights;
    private final List<double[]> biases;

    public Classifier(int[] sizes, List<double[]> weights, List<double[]> biases) {
        if (sizes == null || sizes.length < 2) {
            throw new IllegalArgumentException("a classifier needs an input size and at least one layer");
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) {
                throw new IllegalArgumentException("layer size " + i + " is " + sizes[i] + "; sizes must be at least 1");
            }
        }
        if (sizes[sizes.length - 1] < 2) {
            throw new IllegalArgumentException("the softmax output needs at least 2 classes, got "
                    + sizes[sizes.length - 1]);
        }
        if (weights == null || biases == null) {
            throw new IllegalArgumentException("weights and biases must be given");
        }
        if (weights.size() != sizes.length - 1 || biases.size() != sizes.length - 1) {
            throw new IllegalArgumentException("sizes " + Arrays.toString(sizes) + " describe " + (sizes.length - 1)
                    + " layers, but " + weights.size() + " weight and " + biases.size() + " bias arrays were given");
        }
        this.sizes = sizes.clone();
        this.weights = new ArrayList<>();
        this.biases = new ArrayList<>();
        for (int i = 0; i < sizes.length - 1; i++) {
            this.weights.add(Parameters.finiteCopy("layer " + i + " weights", weights.get(i),
                    (long) sizes[i] * sizes[i + 1], sizes[i] + "x" + sizes[i + 1]));
            this.biases.add(Parameters.finiteCopy("layer " + i + " biases", biases.get(i), sizes[i + 1],
                    "the layer's " + sizes[i + 1] + " outputs"));
        }
    }

    /** Layer sizes, input first, classes last. */
    public int[] sizes() {
        return sizes.clone();
    }

    public int inputs() {
        return sizes[0];
    }

    public int classes() {
        return sizes[sizes.length - 1];
    }

    /** Number of weight layers. */
    public int depth() {
        return sizes.length - 1;
    }

    /** Weights of layer {@code i}, {@code sizes[i] x sizes[i+1]} row-major (a copy). */
    public double[] weights(int i) {
        return weights.get(i).clone();
    }

    /** Biases of layer {@code i} (a copy). */
    public double[] biases(int i) {
        return biases.get(i).clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Classifier c) || !Arrays.equals(c.sizes, sizes)) {
            return false;
        }
        for (int i = 0; i < depth(); i++) {
            if (!Arrays.equals(c.weights.get(i), weights.get(i)) || !Arrays.equals(c.biases.get(i), biases.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        return "Classifier" + Arrays.toString(sizes);
    }
}
