package io.github.dbn4j.core.rbm;

import static io.github.dbn4j.tck.NumericAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.TestBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Partition function, free energy and the CD gradient against independent brute-force sums. */
class RbmKnownAnswerTest {

    static java.util.stream.Stream<String> backends() {
        return TestBackends.float64();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void exactLogZEqualsTheSumOverAllJointStates(String name) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        // hidden enumerated (h <= v), visible enumerated (v < h), and square
        for (int[] shape : new int[][] {{6, 4}, {3, 7}, {5, 5}, {1, 1}}) {
            Rbm rbm = BruteForce.random(VisibleUnits.BERNOULLI, shape[0], shape[1], 1.5, shape[0] * 10 + shape[1]);
            assertAllClose(new double[] {PartitionFunction.exactLogZ(b, rbm)}, new double[] {BruteForce.logZ(rbm)},
                    1e-12, 1e-12, name + " log Z of " + rbm);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void exactLogZSplitsLargeLayersIntoLowAndHighPatterns(String name) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        // 14 visible < 16 hidden: 2^14 visible states, 4096 low patterns x 4 high patterns
        Rbm rbm = BruteForce.random(VisibleUnits.BERNOULLI, 14, 16, 0.3, 99);
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[1 << 14];
        for (int s = 0; s < terms.length; s++) {
            terms[s] = -freeEnergyClosedForm(rbm, BruteForce.bits(s, 14));
            max = Math.max(max, terms[s]);
        }
        double acc = 0;
        for (double t : terms) {
            acc += Math.exp(t - max);
        }
        assertAllClose(new double[] {PartitionFunction.exactLogZ(b, rbm)}, new double[] {max + Math.log(acc)},
                1e-12, 1e-12, name + " log Z, 14x16");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void gaussianLogZMatchesNumericalIntegration(String name) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        Rbm rbm = BruteForce.random(VisibleUnits.GAUSSIAN, 2, 3, 0.8, 5);
        // Z = sum_h integral exp(-|v-b|^2/2 + c.h + v'Wh) dv over a grid wide enough for the tails
        double step = 0.02;
        double z = 0;
        double[] bias = rbm.visibleBias();
        double[] c = rbm.hiddenBias();
        for (int s = 0; s < 8; s++) {
            double[] h = BruteForce.bits(s, 3);
            for (double v0 = -12; v0 <= 12; v0 += step) {
                for (double v1 = -12; v1 <= 12; v1 += step) {
                    double e = 0.5 * ((v0 - bias[0]) * (v0 - bias[0]) + (v1 - bias[1]) * (v1 - bias[1]));
                    for (int j = 0; j < 3; j++) {
                        e -= c[j] * h[j] + (v0 * rbm.weight(0, j) + v1 * rbm.weight(1, j)) * h[j];
                    }
                    z += Math.exp(-e) * step * step;
                }
            }
        }
        assertAllClose(new double[] {PartitionFunction.exactLogZ(b, rbm)}, new double[] {Math.log(z)}, 1e-6, 1e-6,
                name + " Gaussian log Z");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void freeEnergyEqualsTheSumOverHiddenStates(String name) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        Rbm rbm = BruteForce.random(VisibleUnits.BERNOULLI, 6, 5, 1.2, 17);
        double[] rows = new double[64 * 6];
        double[] expected = new double[64];
        for (int s = 0; s < 64; s++) {
            System.arraycopy(BruteForce.bits(s, 6), 0, rows, s * 6, 6);
            expected[s] = BruteForce.freeEnergy(rbm, BruteForce.bits(s, 6));
        }
        Matrix out = b.create(64, 1);
        new RbmEngine(b, rbm).freeEnergy(b.fromArray(64, 6, rows), out);
        assertAllClose(b.toArray(out), expected, 1e-12, 1e-12, name + " free energy");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void refusesToEnumerateTooManyStates(String name) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        Rbm rbm = BruteForce.random(VisibleUnits.BERNOULLI, 30, 30, 0.1, 1);
        assertThatThrownBy(() -> PartitionFunction.exactLogZ(b, rbm, 1L << 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2^30").hasMessageContaining("1048576").hasMessageContaining("AIS");
    }

    /**
     * The CD update is the gradient of {@code -mean F(v_pos) + mean F(v_neg)} with the negative
     * cases held fixed; compare it with central finite differences of brute-force free energies.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void cdStatisticsAreTheFreeEnergyDifferenceGradient(String name) {
        Backend b = TestBackends.get(name, Precision.FLOAT64);
        int nv = 4;
        int nh = 3;
        Rbm rbm = BruteForce.random(VisibleUnits.BERNOULLI, nv, nh, 0.9, 23);
        double[] pos = {1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0};
        double[] neg = {0.2, 0.9, 0.5, 0.1, 0.7, 0.3, 0.6, 0.8}; // real-valued negatives, as CD's probabilities
        RbmEngine engine = new RbmEngine(b, rbm);
        Matrix vPos = b.fromArray(3, nv, pos);
        Matrix vNeg = b.fromArray(2, nv, neg);
        Matrix phPos = b.create(3, nh);
        Matrix phNeg = b.create(2, nh);
        engine.hiddenProbabilities(vPos, phPos);
        engine.hiddenProbabilities(vNeg, phNeg);
        Matrix dW = b.create(nv, nh);
        Matrix db = b.create(1, nv);
        Matrix dc = b.create(1, nh);
        Matrix ones3 = b.create(1, 3);
        Matrix ones2 = b.create(1, 2);
        b.fill(ones3, 1.0);
        b.fill(ones2, 1.0);
        engine.cdStatistics(1.0, 1.0, 1.0, 0.0, vPos, phPos, ones3, vNeg, phNeg, ones2, dW, db, dc);

        double[] w = rbm.weights();
        double[] vb = rbm.visibleBias();
        double[] hb = rbm.hiddenBias();
        double[] gw = new double[w.length];
        double[] gb = new double[vb.length];
        double[] gc = new double[hb.length];
        double eps = 1e-5;
        for (int k = 0; k < w.length; k++) {
            gw[k] = numeric(w, k, eps, () -> objective(nv, nh, w, vb, hb, pos, neg));
        }
        for (int k = 0; k < vb.length; k++) {
            gb[k] = numeric(vb, k, eps, () -> objective(nv, nh, w, vb, hb, pos, neg));
        }
        for (int k = 0; k < hb.length; k++) {
            gc[k] = numeric(hb, k, eps, () -> objective(nv, nh, w, vb, hb, pos, neg));
        }
        assertAllClose(b.toArray(dW), gw, 1e-7, 1e-9, name + " dW");
        assertAllClose(b.toArray(db), gb, 1e-7, 1e-9, name + " db");
        assertAllClose(b.toArray(dc), gc, 1e-7, 1e-9, name + " dc");
        assertThat(java.util.Arrays.stream(gw).anyMatch(g -> Math.abs(g) > 0.01)).as("the case is not degenerate").isTrue();

        // as a step: momentum times the step before plus rate times the factor times the statistics
        double[] before = b.toArray(dW);
        double[] beforeB = b.toArray(db);
        engine.cdStatistics(0.5, 3.0, 2.0, 0.25, vPos, phPos, ones3, vNeg, phNeg, ones2, dW, db, null);
        double[] stepW = new double[gw.length];
        double[] stepB = new double[gb.length];
        for (int k = 0; k < gw.length; k++) {
            stepW[k] = 0.25 * before[k] + 0.5 * 3.0 * gw[k];
        }
        for (int k = 0; k < gb.length; k++) {
            stepB[k] = 0.25 * beforeB[k] + 0.5 * 2.0 * gb[k];
        }
        assertAllClose(b.toArray(dW), stepW, 1e-7, 1e-9, name + " dW as a step");
        assertAllClose(b.toArray(db), stepB, 1e-7, 1e-9, name + " db as a step");
        assertAllClose(b.toArray(dc), gc, 1e-7, 1e-9, name + " dc untouched without its matrix");
    }

    private static double numeric(double[] params, int k, double eps, java.util.function.DoubleSupplier f) {
        double keep = params[k];
        params[k] = keep + eps;
        double up = f.getAsDouble();
        params[k] = keep - eps;
        double down = f.getAsDouble();
        params[k] = keep;
        return (up - down) / (2 * eps);
    }

    /** -mean F(pos) + mean F(neg), the free energies summed over hidden states by brute force. */
    private static double objective(int nv, int nh, double[] w, double[] vb, double[] hb, double[] pos, double[] neg) {
        Rbm rbm = new Rbm(VisibleUnits.BERNOULLI, nv, nh, w, vb, hb, null);
        double f = 0;
        for (int i = 0; i < pos.length / nv; i++) {
            f -= BruteForce.freeEnergy(rbm, java.util.Arrays.copyOfRange(pos, i * nv, (i + 1) * nv)) / (pos.length / nv);
        }
        for (int i = 0; i < neg.length / nv; i++) {
            f += BruteForce.freeEnergy(rbm, java.util.Arrays.copyOfRange(neg, i * nv, (i + 1) * nv)) / (neg.length / nv);
        }
        return f;
    }

    /** F(v) = -b.v - sum_j log(1 + exp(c_j + v.W_j)), written out for the 14 x 16 check. */
    private static double freeEnergyClosedForm(Rbm rbm, double[] v) {
        double f = 0;
        double[] b = rbm.visibleBias();
        double[] c = rbm.hiddenBias();
        for (int i = 0; i < v.length; i++) {
            f -= b[i] * v[i];
        }
        for (int j = 0; j < rbm.hidden(); j++) {
            double x = c[j];
            for (int i = 0; i < v.length; i++) {
                x += v[i] * rbm.weight(i, j);
            }
            f -= Math.log1p(Math.exp(x));
        }
        return f;
    }
}
