package io.github.dbn4j.core.rbm;

/** Independent plain-Java formulas for a small RBM, written from the energy function alone. */
final class BruteForce {

    private BruteForce() {
    }

    /** E(v, h) for Bernoulli visible units. */
    static double energy(Rbm rbm, double[] v, double[] h) {
        double e = 0;
        double[] b = rbm.visibleBias();
        double[] c = rbm.hiddenBias();
        for (int i = 0; i < v.length; i++) {
            e -= b[i] * v[i];
            for (int j = 0; j < h.length; j++) {
                e -= v[i] * rbm.weight(i, j) * h[j];
            }
        }
        for (int j = 0; j < h.length; j++) {
            e -= c[j] * h[j];
        }
        return e;
    }

    /** log Z by summing exp(-E) over every joint binary state. */
    static double logZ(Rbm rbm) {
        int nv = rbm.visible();
        int nh = rbm.hidden();
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[1 << (nv + nh)];
        for (int s = 0; s < terms.length; s++) {
            terms[s] = -energy(rbm, bits(s, nv), bits(s >>> nv, nh));
            max = Math.max(max, terms[s]);
        }
        double acc = 0;
        for (double t : terms) {
            acc += Math.exp(t - max);
        }
        return max + Math.log(acc);
    }

    /** F(v) = -log sum_h exp(-E(v, h)) by summing over every hidden state. */
    static double freeEnergy(Rbm rbm, double[] v) {
        int nh = rbm.hidden();
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[1 << nh];
        for (int s = 0; s < terms.length; s++) {
            terms[s] = -energy(rbm, v, bits(s, nh));
            max = Math.max(max, terms[s]);
        }
        double acc = 0;
        for (double t : terms) {
            acc += Math.exp(t - max);
        }
        return -(max + Math.log(acc));
    }

    static double[] bits(int s, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (s >>> i) & 1;
        }
        return out;
    }

    static Rbm random(VisibleUnits units, int v, int h, double scale, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] w = new double[v * h];
        double[] b = new double[v];
        double[] c = new double[h];
        for (int i = 0; i < w.length; i++) {
            w[i] = scale * (2 * r.nextDouble() - 1);
        }
        for (int i = 0; i < v; i++) {
            b[i] = scale * (2 * r.nextDouble() - 1);
        }
        for (int j = 0; j < h; j++) {
            c[j] = scale * (2 * r.nextDouble() - 1);
        }
        return new Rbm(units, v, h, w, b, c, null);
    }
}
