package io.github.dbn4j.core.dbn;

import io.github.dbn4j.core.internal.Parameters;

/**
 * One lower layer of a DBN after pretraining: untied recognition (upward) and generative
 * (downward) connections between {@code below} units and {@code above} units. Both weight
 * matrices are stored {@code below x above}, row-major, so that right after pretraining they are
 * equal copies of the RBM's W. Immutable.
 *
 * <p>Up: {@code p(above | below) = sigmoid(below Wrec + recognitionBias)}.
 * Down: {@code p(below | above) = sigmoid(above Wgen' + generativeBias)} (the mean, without the
 * sigmoid, for Gaussian units at the bottom).
 */
public record DirectedLayer(int below, int above, double[] recognitionWeights, double[] recognitionBias,
                            double[] generativeWeights, double[] generativeBias) {

    public DirectedLayer {
        if (below < 1 || above < 1) {
            throw new IllegalArgumentException("a layer needs at least one unit on each side, got " + below + " -> "
                    + above);
        }
        String shape = below + "x" + above;
        recognitionWeights = Parameters.finiteCopy("recognitionWeights", recognitionWeights, (long) below * above, shape);
        recognitionBias = Parameters.finiteCopy("recognitionBias", recognitionBias, above, "the upper layer");
        generativeWeights = Parameters.finiteCopy("generativeWeights", generativeWeights, (long) below * above, shape);
        generativeBias = Parameters.finiteCopy("generativeBias", generativeBias, below, "the lower layer");
    }

    @Override
    public double[] recognitionWeights() {
        return recognitionWeights.clone();
    }

    @Override
    public double[] recognitionBias() {
        return recognitionBias.clone();
    }

    @Override
    public double[] generativeWeights() {
        return generativeWeights.clone();
    }

    @Override
    public double[] generativeBias() {
        return generativeBias.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirectedLayer d && d.below == below && d.above == above
                && java.util.Arrays.equals(d.recognitionWeights, recognitionWeights)
                && java.util.Arrays.equals(d.recognitionBias, recognitionBias)
                && java.util.Arrays.equals(d.generativeWeights, generativeWeights)
                && java.util.Arrays.equals(d.generativeBias, generativeBias);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(recognitionWeights) * 31 + java.util.Arrays.hashCode(generativeWeights);
    }

    @Override
    public String toString() {
        return "DirectedLayer[" + below + " -> " + above + "]";
    }
}
