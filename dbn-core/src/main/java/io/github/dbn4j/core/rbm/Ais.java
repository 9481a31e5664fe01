package io.github.dbn4j.core.rbm;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.RandomCursor;

/**
 * Annealed importance sampling of an RBM's partition function (Salakhutdinov and Murray, "On
 * the quantitative analysis of deep belief networks", ICML 2008), for Bernoulli visible units.
 *
 * <p>The runs anneal from a base-rate model A (visible biases {@code b_A}, no weights) to the
 * model B through {@code p*_k(v) = exp((1-beta_k) b_A.v + beta_k b.v) prod_j (1 + exp(beta_k
 * (c_j + v W_j)))}, with the hidden units summed out analytically. Each transition is one Gibbs
 * step that leaves {@code p_k} invariant. Log weights are accumulated in double precision on the
 * Java side; the per-step differences are computed on the backend as differences of softplus
 * values, so FLOAT32 backends lose little.
 */
public final class Ais {

    private Ais() {
    }

    /** {@code k} inverse temperatures evenly spaced in (0, 1], the last one 1. */
    public static double[] linearBetas(int k) {
        checkK(k);
        double[] b = new double[k];
        for (int i = 0; i < k; i++) {
            b[i] = (i + 1.0) / k;
        }
        return b;
    }

    /**
     * {@code k} inverse temperatures in the proportions of Salakhutdinov and Murray (2008): 500
     * evenly in (0, 0.5], 4,000 in (0.5, 0.9] and 10,000 in (0.9, 1] out of 14,500.
     */
    public static double[] paperBetas(int k) {
        checkK(k);
        if (k < 3) {
            return linearBetas(k);
        }
        int n1 = Math.max(1, (int) Math.round(k * 500.0 / 14500));
        int n2 = Math.max(1, (int) Math.round(k * 4000.0 / 14500));
        int n3 = k - n1 - n2;
        double[] b = new double[k];
        int i = 0;
        for (int j = 1; j <= n1; j++) {
            b[i++] = 0.5 * j / n1;
        }
        for (int j = 1; j <= n2; j++) {
            b[i++] = 0.5 + 0.4 * j / n2;
        }
        for (int j = 1; j <= n3; j++) {
            b[i++] = 0.9 + 0.1 * j / n3;
        }
        b[k - 1] = 1.0;
        return b;
    }

    /**
     * Base-rate visible biases in the manner of Salakhutdinov and Murray: the log-odds of each
     * visible unit's mean over {@code data}, smoothed as {@code p = (sum + 1) / (n + 2)} so that
     * no bias is infinite. A base rate close to the data makes AIS far more accurate than zeros.
     */
    public static double[] baseRateBiases(Backend backend, Matrix data) {
        Matrix sums = backend.create(1, data.cols());
        backend.sumColumns(data, sums);
        double[] s = backend.toArray(sums);
        double[] b = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            double p = (s[i] + 1) / (data.rows() + 2.0);
            b[i] = Math.log(p / (1 - p));
        }
        return b;
    }

    /**
     * Estimates {@code log Z} of a Bernoulli-visible RBM.
     *
     * @param runs     independent annealing runs (rows processed together)
     * @param betas    increasing inverse temperatures in (0, 1], the last one 1 (see {@link #paperBetas})
     * @param baseBias visible biases of the base-rate model, or null for zeros (the uniform distribution)
     * @param seed     seed of every random choice
     */
    public static AisResult estimate(Backend backend, Rbm rbm, int runs, double[] betas, double[] baseBias, long seed) {
        if (rbm.visibleUnits() != VisibleUnits.BERNOULLI) {
            throw new IllegalArgumentException("AIS is implemented for Bernoulli visible units; for " + rbm
                    + " use PartitionFunction.exactLogZ, which enumerates the hidden layer");
        }
        if (rbm.labels() > 0) {
            throw new IllegalArgumentException("AIS is implemented for RBMs without label units; " + rbm + " has "
                    + rbm.labels());
        }
        if (runs < 2) {
            throw new IllegalArgumentException("AIS needs at least 2 runs to estimate its error, got " + runs);
        }
        checkBetas(betas);
        int v = rbm.visible();
        int h = rbm.hidden();
        double[] bA = baseBias == null ? new double[v] : baseBias.clone();
        if (bA.length != v) {
            throw new IllegalArgumentException("baseBias has " + bA.length + " values but the RBM has " + v
                    + " visible units");
        }
        double logZA = h * Math.log(2);
        for (double b : bA) {
            logZA += Reference.softplus(b);
        }
        RbmEngine engine = new RbmEngine(backend, rbm);
        RandomCursor rng = new RandomCursor(RandomStream.of(seed).split(7));

        double[] bB = rbm.visibleBias();
        double[] delta = new double[v];
        for (int i = 0; i < v; i++) {
            delta[i] = bB[i] - bA[i];
        }
        Matrix deltaRow = backend.fromArray(1, v, delta);
        Matrix baseRow = backend.fromArray(1, v, bA);
        Matrix visRow = backend.create(1, v);
        Matrix vs = backend.create(runs, v);
        Matrix vp = backend.create(runs, v);
        Matrix x = backend.create(runs, h);
        Matrix t1 = backend.create(runs, h);
        Matrix t2 = backend.create(runs, h);
        Matrix hs = backend.create(runs, h);
        Matrix col = backend.create(runs, 1);
        Matrix lin = backend.create(runs, 1);

        // v ~ base-rate model
        backend.fill(vp, 0.0);
        backend.addRowVector(vp, baseRow, vp);
        backend.sigmoid(vp, vp);
        RbmEngine.sampleBernoulli(backend, vp, rng, vs);

        double[] logW = new double[runs];
        double previous = 0.0;
        for (int k = 0; k < betas.length; k++) {
            double beta = betas[k];
            engine.hiddenInput(vs, x);
            // log p*_k(v) - log p*_{k-1}(v) = (beta - previous) (b - b_A).v + sum_j [sp(beta x_j) - sp(previous x_j)]
            backend.scale(beta, x, t1);
            backend.softplus(t1, t1);
            backend.scale(previous, x, t2);
            backend.softplus(t2, t2);
            backend.sub(t1, t2, t2);
            backend.sumRows(t2, col);
            backend.gemm(false, true, beta - previous, vs, deltaRow, 1.0, col);
            double[] d = backend.toArray(col);
            for (int r = 0; r < runs; r++) {
                logW[r] += d[r];
            }
            previous = beta;
            if (k == betas.length - 1) {
                break;
            }
            // transition leaving p_k invariant: h ~ sigmoid(beta x); v ~ sigmoid((1-beta) b_A + beta (b + h W'))
            backend.scale(beta, x, t1);
            backend.sigmoid(t1, t1);
            RbmEngine.sampleBernoulli(backend, t1, rng, hs);
            backend.gemm(false, true, beta, hs, engine.weights, 0.0, vp);
            backend.scale(beta, engine.visibleBias, visRow);
            backend.axpy(1 - beta, baseRow, visRow);
            backend.addRowVector(vp, visRow, vp);
            backend.sigmoid(vp, vp);
            RbmEngine.sampleBernoulli(backend, vp, rng, vs);
        }
        return summarise(logW, logZA, betas.length);
    }

    static AisResult summarise(double[] logW, double logZA, int betas) {
        int m = logW.length;
        double a = Double.NEGATIVE_INFINITY;
        for (double w : logW) {
            a = Math.max(a, w);
        }
        double mean = 0;
        for (double w : logW) {
            mean += Math.exp(w - a);
        }
        mean /= m;
        double var = 0;
        for (double w : logW) {
            double d = Math.exp(w - a) - mean;
            var += d * d;
        }
        double sd = Math.sqrt(var / (m - 1));
        double se = sd / Math.sqrt(m);
        double offset = logZA + a;
        double low = mean - 3 * se > 0 ? offset + Math.log(mean - 3 * se) : Double.NEGATIVE_INFINITY;
        return new AisResult(offset + Math.log(mean), se / mean, low, offset + Math.log(mean + 3 * se), logZA, m,
                betas);
    }

    private static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("the number of inverse temperatures must be at least 1, got " + k);
        }
    }

    private static void checkBetas(double[] betas) {
        if (betas == null || betas.length == 0) {
            throw new IllegalArgumentException("betas must hold at least one inverse temperature");
        }
        double prev = 0;
        for (int i = 0; i < betas.length; i++) {
            if (!(betas[i] > prev) || betas[i] > 1) {
                throw new IllegalArgumentException("betas must increase strictly within (0, 1]: betas[" + i + "] = "
                        + betas[i] + " after " + prev);
            }
            prev = betas[i];
        }
        if (betas[betas.length - 1] != 1.0) {
            throw new IllegalArgumentException("the last inverse temperature must be 1, got " + betas[betas.length - 1]);
        }
    }

    /** Scalar helpers used on the Java side. */
    static final class Reference {
        private Reference() {
        }

        static double softplus(double x) {
            return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        }
    }
}
