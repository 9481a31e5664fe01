package io.github.dbn4j.core.dbn;

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
        recognitionWeights = checked("recognitionWeights", recognitionWeights, (long) below * above);
        recognitionBias = checked("recognitionBias", recognitionBias, above);
        generativeWeights = checked("generativeWeights", generativeWeights, (long) below * above);
        generativeBias = checked("generativeBias", generativeBias, below);
    }

    private static double[] checked(String name, double[] a, long n) {
        if (a == null || a.length != n) {
            throw new IllegalArgumentException(name + " must hold " + n + " values, got "
                    + (a == null ? "null" : a.length));
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + a[i] + ": parameters must be finite");
            }
        }
        return a.clone();
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
