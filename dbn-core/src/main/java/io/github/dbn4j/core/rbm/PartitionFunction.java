package io.github.dbn4j.core.rbm;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;

/**
 * The exact log partition function of an RBM, by enumerating every state of its smaller layer
 * and summing the other layer out analytically (for Gaussian visible units, always the hidden
 * layer: the Gaussian integral over v is closed-form).
 *
 * <p>Enumeration splits the enumerated layer into up to 12 "low" units, whose 4096 patterns form
 * one matrix multiplied by the weights once, and the remaining "high" units, whose patterns are
 * added as a row vector: the cost is one element-wise pass per high pattern.
 */
public final class PartitionFunction {

    /** Default limit on the number of enumerated states: 2^25. */
    public static final long DEFAULT_MAX_STATES = 1L << 25;
    private static final int LOW_BITS = 12;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private PartitionFunction() {
    }

    /** {@link #exactLogZ(Backend, Rbm, long)} with at most {@link #DEFAULT_MAX_STATES} states. */
    public static double exactLogZ(Backend backend, Rbm rbm) {
        return exactLogZ(backend, rbm, DEFAULT_MAX_STATES);
    }

    /**
     * The exact {@code log Z}.
     *
     * @throws IllegalArgumentException if more than {@code maxStates} states would be enumerated
     */
    public static double exactLogZ(Backend backend, Rbm rbm, long maxStates) {
        if (rbm.labels() > 0) {
            throw new IllegalArgumentException("exact log Z is implemented for RBMs without label units; " + rbm
                    + " has " + rbm.labels());
        }
        boolean gaussian = rbm.visibleUnits() == VisibleUnits.GAUSSIAN;
        boolean enumerateHidden = gaussian || rbm.hidden() <= rbm.visible();
        int n = enumerateHidden ? rbm.hidden() : rbm.visible();
        int m = enumerateHidden ? rbm.visible() : rbm.hidden();
        if (n >= 63 || (1L << n) > maxStates) {
            throw new IllegalArgumentException("exact log Z would enumerate 2^" + n + " states of the "
                    + (enumerateHidden ? "hidden" : "visible") + " layer (" + rbm + "), more than the limit of "
                    + maxStates + "; use AIS (Ais.estimate) or raise the limit");
        }
        // W_AB: enumerated layer A (n) to summed layer B (m)
        double[] w = rbm.weights();
        double[] wab = enumerateHidden ? transpose(w, rbm.visible(), rbm.hidden()) : w;
        double[] biasA = enumerateHidden ? rbm.hiddenBias() : rbm.visibleBias();
        double[] biasB = enumerateHidden ? rbm.visibleBias() : rbm.hiddenBias();

        int lo = Math.min(n, LOW_BITS);
        int hi = n - lo;
        int loCount = 1 << lo;
        Matrix weights = backend.fromArray(n, m, wab);
        Matrix biasBRow = backend.fromArray(1, m, biasB);
        double[] loStates = new double[loCount * n];
        double[] loLinear = new double[loCount];
        for (int s = 0; s < loCount; s++) {
            for (int u = 0; u < lo; u++) {
                if ((s >>> u & 1) != 0) {
                    loStates[s * n + u] = 1;
                    loLinear[s] += biasA[u];
                }
            }
        }
        Matrix base = backend.create(loCount, m);
        backend.gemm(false, false, 1.0, backend.fromArray(loCount, n, loStates), weights, 0.0, base);

        double halfBiasNorm = 0;
        if (gaussian) {
            for (double b : biasB) {
                halfBiasNorm += 0.5 * b * b;
            }
        }
        Matrix hiState = backend.create(1, n);
        Matrix row = backend.create(1, m);
        Matrix t = backend.create(loCount, m);
        Matrix sums = backend.create(loCount, 1);
        double[] hiValues = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        double acc = 0; // sum of exp(term - max)
        for (long k = 0; k < (1L << hi); k++) {
            double hiLinear = 0;
            for (int u = 0; u < hi; u++) {
                boolean on = (k >>> u & 1) != 0;
                hiValues[lo + u] = on ? 1 : 0;
                if (on) {
                    hiLinear += biasA[lo + u];
                }
            }
            backend.set(hiState, hiValues);
            backend.copy(biasBRow, row);
            backend.gemm(false, false, 1.0, hiState, weights, 1.0, row);
            backend.addRowVector(base, row, t);
            if (gaussian) {
                backend.hadamard(t, t, t);
                backend.sumRows(t, sums);
                backend.scale(0.5, sums, sums);
            } else {
                backend.softplus(t, t);
                backend.sumRows(t, sums);
            }
            double[] s = backend.toArray(sums);
            for (int i = 0; i < loCount; i++) {
                double term = s[i] + loLinear[i] + hiLinear - halfBiasNorm;
                if (term > max) {
                    acc = acc * Math.exp(max - term) + 1;
                    max = term;
                } else {
                    acc += Math.exp(term - max);
                }
            }
        }
        double logZ = max + Math.log(acc);
        return gaussian ? logZ + 0.5 * rbm.visible() * LOG_2PI : logZ;
    }

    /**
     * Average log-probability per case, {@code -mean F(v) - log Z}, in nats, of the rows of
     * {@code data} under the model, given its {@code log Z}.
     */
    public static double averageLogProbability(Backend backend, Rbm rbm, Matrix data, double logZ) {
        return -new RbmEngine(backend, rbm).meanFreeEnergy(data) - logZ;
    }

    static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = a[i * cols + j];
            }
        }
        return t;
    }
}
