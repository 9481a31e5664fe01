package io.github.dbn4j.core.vae;

import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.core.TrainingState;
import io.github.dbn4j.core.internal.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Vae} loaded on a backend: the forward pass, the negative evidence lower bound (ELBO)
 * and its gradient by back-propagation written out by hand, and the log-likelihood by importance
 * sampling. Not thread-safe.
 *
 * <p>For a case {@code x}: the encoder gives {@code mu} and {@code logvar}; with
 * {@code eps ~ N(0, I)}, {@code z0 = mu + exp(logvar / 2) * eps} (the reparameterisation trick);
 * each IAF step {@code t} gives {@code z(t+1) = m + sigmoid(s) * (z(t) - m)}; the decoder gives
 * Bernoulli logits of {@code x} from the last {@code z}. The cost is
 * {@code -ELBO = -log p(x | z) + KL}, where KL is the analytic
 * {@code KL(N(mu, sigma^2) || N(0, I))} without a flow, and with one the one-sample estimate
 * {@code log q(z | x) - log p(z) = sum(z^2 - eps^2 - logvar) / 2 + sum_t sum softplus(-s_t)}
 * (the {@code log 2 pi} terms cancel).
 */
public final class VaeEngine {

    private final Backend backend;
    private final VaeArchitecture arch;
    private final List<String> names;
    private final List<Matrix> params = new ArrayList<>();
    private final List<Matrix> grads = new ArrayList<>();
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final List<Matrix> masks = new ArrayList<>(); // per IAF step: input mask, output mask
    private final Workspace work;
    private final int e;      // encoder hidden layers
    private final int d;      // decoder hidden layers
    private final int steps;  // IAF steps
    private final int latent;
    private final boolean gaussian;
    // every name and role, made once, so that no batch builds a string
    private final String[] encW;
    private final String[] encB;
    private final String[] decW;
    private final String[] decB;
    private final String[] encH;
    private final String[] decG;
    private final String[] dEnc;
    private final String[] dDec;
    private final String[] iafA;
    private final String[] iafM;
    private final String[] iafS;
    private final String[] iafSig;
    private final String[] iafDiff;
    private final String[] zName;
    private final String[][] iaf;
    private double lastReconstruction;
    private double lastKl;
    private static final int WZ = 0;
    private static final int WH = 1;
    private static final int B = 2;
    private static final int WM = 3;
    private static final int BM = 4;
    private static final int WS = 5;
    private static final int BS = 6;

    public VaeEngine(Backend backend, Vae vae) {
        this.backend = backend;
        this.arch = vae.architecture();
        this.names = vae.names();
        Map<String, int[]> shapes = arch.shapes();
        for (String name : names) {
            int[] s = shapes.get(name);
            index.put(name, params.size());
            params.add(backend.fromArray(s[0], s[1], vae.values(name)));
            grads.add(backend.create(s[0], s[1]));
        }
        for (int t = 0; t < arch.iafSteps(); t++) {
            masks.add(backend.fromArray(arch.latent(), arch.iafHidden(), arch.inputMask(t)));
            masks.add(backend.fromArray(arch.iafHidden(), arch.latent(), arch.outputMask(t)));
        }
        this.work = new Workspace(backend);
        this.e = arch.encoderHidden().size();
        this.d = arch.decoderHidden().size();
        this.steps = arch.iafSteps();
        this.latent = arch.latent();
        this.gaussian = arch.output() == VaeOutput.GAUSSIAN;
        this.encW = numbered("encoder.W", e);
        this.encB = numbered("encoder.b", e);
        this.decW = numbered("decoder.W", d);
        this.decB = numbered("decoder.b", d);
        this.encH = numbered("enc.h", e);
        this.decG = numbered("dec.g", d);
        this.dEnc = numbered("d.enc", e);
        this.dDec = numbered("d.dec", d);
        this.iafA = numbered("iaf.a", steps);
        this.iafM = numbered("iaf.m", steps);
        this.iafS = numbered("iaf.s", steps);
        this.iafSig = numbered("iaf.sig", steps);
        this.iafDiff = numbered("iaf.diff", steps);
        this.zName = numbered("z", steps + 1);
        this.iaf = new String[steps][];
        for (int t = 0; t < steps; t++) {
            String s = "iaf" + t;
            iaf[t] = new String[] {s + ".W_z", s + ".W_h", s + ".b", s + ".W_m", s + ".b_m", s + ".W_s", s + ".b_s"};
        }
    }

    private static String[] numbered(String prefix, int n) {
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = prefix + i;
        }
        return names;
    }

    /** The negative ELBO summed over a batch, split into its two terms (nats). */
    public record Loss(double reconstruction, double kl) {

        /** {@code -ELBO}, the cost that training lowers. */
        public double negativeElbo() {
            return reconstruction + kl;
        }
    }

    public Backend backend() {
        return backend;
    }

    public VaeArchitecture architecture() {
        return arch;
    }

    /** The parameter names, in the order of {@link #parameters()} and {@link #gradients()}. */
    public List<String> names() {
        return names;
    }

    /** The parameters on the backend (live: an optimiser changes them in place). */
    public List<Matrix> parameters() {
        return params;
    }

    /** The gradient of the mean negative ELBO of the last {@link #gradient} call, one per parameter. */
    public List<Matrix> gradients() {
        return grads;
    }

    /** The parameters as they stand, as an immutable VAE. */
    public Vae toVae() {
        Map<String, double[]> p = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            p.put(names.get(i), backend.toArray(params.get(i)));
        }
        return new Vae(arch, p);
    }

    private Matrix p(String name) {
        return params.get(index.get(name));
    }

    private Matrix g(String name) {
        return grads.get(index.get(name));
    }

    // ---- forward -------------------------------------------------------------------------------

    /** Runs the encoder on {@code x}: the context, {@code mu} and {@code logvar} of every row. */
    private void encode(Matrix x) {
        int n = x.rows();
        if (x.cols() != arch.inputs()) {
            throw new IllegalArgumentException("cases are " + x.shape() + " but the VAE takes " + arch.inputs()
                    + " inputs: widths must match");
        }
        Matrix in = x;
        for (int i = 0; i < e; i++) {
            Matrix h = work.get(encH[i], n, arch.encoderHidden().get(i));
            dense(in, p(encW[i]), p(encB[i]), h);
            backend.tanh(h, h);
            in = h;
        }
        dense(in, p("encoder.W_mu"), p("encoder.b_mu"), work.get("mu", n, latent));
        dense(in, p("encoder.W_logvar"), p("encoder.b_logvar"), work.get("lv", n, latent));
    }

    /** From the encoder's outputs for {@code eps.rows()} cases: {@code z0}, the flow, the decoder's logits. */
    private void sampleAndDecode(Matrix eps) {
        int n = eps.rows();
        if (eps.cols() != latent) {
            throw new IllegalArgumentException("noise is " + eps.shape() + " but the VAE has " + latent
                    + " latent units");
        }
        Matrix mu = work.get("mu", n, latent);
        Matrix sigma = work.get("sigma", n, latent);
        backend.scale(0.5, work.get("lv", n, latent), sigma);
        backend.exp(sigma, sigma);
        Matrix z = work.get("z0", n, latent);
        backend.hadamard(sigma, eps, z);
        backend.axpy(1.0, mu, z);
        Matrix ctx = context(n);
        for (int t = 0; t < steps; t++) {
            Matrix a = work.get(iafA[t], n, arch.iafHidden());
            backend.gemm(false, false, 1.0, z, p(iaf[t][WZ]), 0.0, a);
            backend.gemm(false, false, 1.0, ctx, p(iaf[t][WH]), 1.0, a);
            backend.addRowVector(a, p(iaf[t][B]), a);
            backend.tanh(a, a);
            Matrix m = work.get(iafM[t], n, latent);
            dense(a, p(iaf[t][WM]), p(iaf[t][BM]), m);
            Matrix gate = work.get(iafS[t], n, latent);
            dense(a, p(iaf[t][WS]), p(iaf[t][BS]), gate);
            Matrix sig = work.get(iafSig[t], n, latent);
            backend.sigmoid(gate, sig);
            Matrix diff = work.get(iafDiff[t], n, latent);
            backend.sub(z, m, diff);
            Matrix next = work.get(zName[t + 1], n, latent);
            backend.hadamard(sig, diff, next);
            backend.axpy(1.0, m, next);
            z = next;
        }
        decode(z, work.get("logits", n, arch.inputs()));
    }

    /** The decoder's Bernoulli logits for latent codes {@code z} into {@code logits}. */
    private void decode(Matrix z, Matrix logits) {
        int n = z.rows();
        Matrix in = z;
        for (int i = 0; i < d; i++) {
            Matrix h = work.get(decG[i], n, arch.decoderHidden().get(i));
            dense(in, p(decW[i]), p(decB[i]), h);
            backend.tanh(h, h);
            in = h;
        }
        dense(in, p("decoder.W_out"), p("decoder.b_out"), logits);
    }

    private void dense(Matrix in, Matrix w, Matrix b, Matrix out) {
        backend.gemm(false, false, 1.0, in, w, 0.0, out);
        backend.addRowVector(out, b, out);
    }

    private Matrix context(int n) {
        return work.get(encH[e - 1], n, arch.context());
    }

    private Matrix lastZ(int n) {
        return work.get(zName[steps], n, latent);
    }

    /**
     * The negative ELBO of the rows of {@code x} (values in [0, 1]) summed over them, with the
     * latent noise {@code eps} ({@code x.rows() x latent}, standard normal).
     */
    public Loss loss(Matrix x, Matrix eps) {
        checkRows(x, eps);
        encode(x);
        sampleAndDecode(eps);
        lossTerms(x, eps);
        return new Loss(lastReconstruction, lastKl);
    }

    /** The two terms of the last batch's cost into {@link #lastReconstruction} and {@link #lastKl}. */
    private void lossTerms(Matrix x, Matrix eps) {
        int n = x.rows();
        Matrix logits = work.get("logits", n, arch.inputs());
        double rec = gaussian ? gaussianCost(x) : backend.crossEntropyOfLogits(x, logits,
                work.get("probs", n, arch.inputs()));
        Matrix tmp = work.get("tmp.D", n, latent);
        Matrix lv = work.get("lv", n, latent);
        double kl;
        if (steps == 0) {
            backend.hadamard(work.get("mu", n, latent), work.get("mu", n, latent), tmp);
            double mu2 = backend.sum(tmp);
            Matrix sigma = work.get("sigma", n, latent);
            backend.hadamard(sigma, sigma, tmp);
            double var = backend.sum(tmp);
            kl = 0.5 * (mu2 + var - backend.sum(lv)) - 0.5 * n * latent;
        } else {
            rowLogRatio(eps, tmp);
            kl = backend.sum(tmp);
        }
        lastReconstruction = rec;
        lastKl = kl;
    }

    /**
     * {@code -log p(x | z)} of Gaussian outputs summed over the batch:
     * {@code sum (x - mean)^2 exp(-logvar) / 2 + n sum logvar / 2 + n inputs log(2 pi) / 2}. Leaves
     * {@code x - mean} in "g.r", {@code exp(-logvar)} spread over the rows in "g.P" and
     * {@code (x - mean)^2 exp(-logvar)} in "g.q", for the gradient and the per-row costs.
     */
    private double gaussianCost(Matrix x) {
        int n = x.rows();
        int inputs = arch.inputs();
        Matrix r = work.get("g.r", n, inputs);
        backend.sub(x, work.get("logits", n, inputs), r);
        Matrix precision = work.get("g.prec", 1, inputs);
        Matrix logvar = p("decoder.logvar_out");
        backend.scale(-1.0, logvar, precision);
        backend.exp(precision, precision);
        Matrix spread = work.get("g.P", n, inputs);
        backend.gemm(false, false, 1.0, onesColumn(n), precision, 0.0, spread); // the row on every row
        Matrix q = work.get("g.q", n, inputs);
        backend.hadamard(r, r, q);
        backend.hadamard(q, spread, q);
        return 0.5 * backend.sum(q) + 0.5 * n * backend.sum(logvar) + 0.5 * n * inputs * Math.log(2 * Math.PI);
    }

    private Matrix onesColumn(int n) {
        Matrix ones = work.get("ones.n1", n, 1);
        backend.fill(ones, 1.0);
        return ones;
    }

    /**
     * Element-wise terms of {@code log q(z | x) - log p(z)} for the last sample, into
     * {@code out} ({@code n x latent}): summed over a row they give the row's one-sample estimate.
     */
    private void rowLogRatio(Matrix eps, Matrix out) {
        int n = eps.rows();
        Matrix z = lastZ(n);
        Matrix t2 = work.get("tmp2.D", n, latent);
        backend.hadamard(z, z, out);
        backend.hadamard(eps, eps, t2);
        backend.sub(out, t2, out);
        backend.sub(out, work.get("lv", n, latent), out);
        backend.scale(0.5, out, out);
        for (int t = 0; t < steps; t++) {
            backend.scale(-1.0, work.get(iafS[t], n, latent), t2);
            backend.softplus(t2, t2);
            backend.axpy(1.0, t2, out);
        }
    }

    private void checkRows(Matrix x, Matrix eps) {
        if (eps.rows() != x.rows()) {
            throw new IllegalArgumentException("noise has " + eps.rows() + " rows for " + x.rows()
                    + " cases: one row per case");
        }
    }

    // ---- backward ------------------------------------------------------------------------------

    /**
     * The negative ELBO of a batch summed over its rows, as {@link #loss} gives it (its KL term is
     * {@link #lastKl()} after the call), and the gradient of its mean over the rows with respect to
     * every parameter into {@link #gradients()}. Allocates nothing once its buffers exist.
     */
    public double gradient(Matrix x, Matrix eps) {
        checkRows(x, eps);
        encode(x);
        sampleAndDecode(eps);
        lossTerms(x, eps);
        int n = x.rows();
        double inv = 1.0 / n;
        Matrix delta = work.get("d.logits", n, arch.inputs());
        if (gaussian) {
            // d/d mean = -(x - mean) exp(-logvar); d/d logvar = (1 - (x - mean)^2 exp(-logvar)) / 2
            backend.hadamard(work.get("g.r", n, arch.inputs()), work.get("g.P", n, arch.inputs()), delta);
            backend.scale(-inv, delta, delta);
            Matrix gv = g("decoder.logvar_out");
            backend.sumColumns(work.get("g.q", n, arch.inputs()), gv);
            backend.scale(-0.5 * inv, gv, gv);
            Matrix half = work.get("g.half", 1, arch.inputs());
            backend.fill(half, 0.5);
            backend.axpy(1.0, half, gv);
        } else {
            // d(-log p(x|z)) / d logits = sigmoid(logits) - x
            backend.sub(work.get("probs", n, arch.inputs()), x, delta);
            backend.scale(inv, delta, delta);
        }
        Matrix z = lastZ(n);
        Matrix dz = work.get("dz.a", n, latent);
        String w = "decoder.W_out";
        String b = "decoder.b_out";
        for (int i = d; i >= 0; i--) {
            Matrix in = i == 0 ? z : work.get(decG[i - 1], n, arch.decoderHidden().get(i - 1));
            backend.gemm(true, false, 1.0, in, delta, 0.0, g(w));
            backend.sumColumns(delta, g(b));
            if (i == 0) {
                backend.gemm(false, true, 1.0, delta, p(w), 0.0, dz);
            } else {
                Matrix prev = work.get(dDec[i - 1], n, arch.decoderHidden().get(i - 1));
                backend.gemm(false, true, 1.0, delta, p(w), 0.0, prev);
                backend.tanhGrad(in, prev, prev);
                delta = prev;
                w = decW[i - 1];
                b = decB[i - 1];
            }
        }
        Matrix ones = work.get("ones.D", n, latent);
        backend.fill(ones, 1.0);
        Matrix ctx = context(n);
        Matrix dc = null;
        if (steps > 0) {
            backend.axpy(inv, z, dz);                       // from log p(z) = -z^2 / 2
            dc = work.get("d.ctx", n, arch.context());
            backend.fill(dc, 0.0);
        }
        Matrix spare = work.get("dz.b", n, latent);
        for (int t = steps - 1; t >= 0; t--) {
            Matrix zPrev = work.get(zName[t], n, latent);
            Matrix sig = work.get(iafSig[t], n, latent);
            Matrix diff = work.get(iafDiff[t], n, latent);
            Matrix a = work.get(iafA[t], n, arch.iafHidden());
            Matrix dzPrev = spare;
            backend.hadamard(dz, sig, dzPrev);              // z(t+1) = sig * z(t) + ...
            Matrix dm = work.get("iaf.dm", n, latent);
            backend.sub(dz, dzPrev, dm);                    // ... + (1 - sig) * m
            Matrix ds = work.get("iaf.ds", n, latent);
            backend.hadamard(dz, diff, ds);
            backend.sigmoidGrad(sig, ds, ds);
            backend.axpy(-inv, ones, ds);                   // softplus(-s) in log q: -(1 - sig)
            backend.axpy(inv, sig, ds);
            Matrix outMask = masks.get(2 * t + 1);
            backend.gemm(true, false, 1.0, a, dm, 0.0, g(iaf[t][WM]));
            backend.hadamard(g(iaf[t][WM]), outMask, g(iaf[t][WM]));
            backend.sumColumns(dm, g(iaf[t][BM]));
            backend.gemm(true, false, 1.0, a, ds, 0.0, g(iaf[t][WS]));
            backend.hadamard(g(iaf[t][WS]), outMask, g(iaf[t][WS]));
            backend.sumColumns(ds, g(iaf[t][BS]));
            Matrix da = work.get("iaf.da", n, arch.iafHidden());
            backend.gemm(false, true, 1.0, dm, p(iaf[t][WM]), 0.0, da);
            backend.gemm(false, true, 1.0, ds, p(iaf[t][WS]), 1.0, da);
            backend.tanhGrad(a, da, da);
            backend.gemm(true, false, 1.0, zPrev, da, 0.0, g(iaf[t][WZ]));
            backend.hadamard(g(iaf[t][WZ]), masks.get(2 * t), g(iaf[t][WZ]));
            backend.gemm(true, false, 1.0, ctx, da, 0.0, g(iaf[t][WH]));
            backend.sumColumns(da, g(iaf[t][B]));
            backend.gemm(false, true, 1.0, da, p(iaf[t][WZ]), 1.0, dzPrev);
            backend.gemm(false, true, 1.0, da, p(iaf[t][WH]), 1.0, dc);
            spare = dz;
            dz = dzPrev;
        }
        // z0 = mu + exp(lv / 2) * eps
        Matrix sigma = work.get("sigma", n, latent);
        Matrix dmu = work.get("d.mu", n, latent);
        backend.copy(dz, dmu);
        Matrix dlv = work.get("d.lv", n, latent);
        backend.hadamard(dz, eps, dlv);
        backend.hadamard(dlv, sigma, dlv);
        backend.scale(0.5, dlv, dlv);
        backend.axpy(-0.5 * inv, ones, dlv);               // -logvar / 2 in log q (and in the KL)
        if (steps == 0) {                                   // the rest of the analytic KL
            backend.axpy(inv, work.get("mu", n, latent), dmu);
            Matrix var = work.get("tmp.D", n, latent);
            backend.hadamard(sigma, sigma, var);
            backend.axpy(0.5 * inv, var, dlv);
        }
        backend.gemm(true, false, 1.0, ctx, dmu, 0.0, g("encoder.W_mu"));
        backend.sumColumns(dmu, g("encoder.b_mu"));
        backend.gemm(true, false, 1.0, ctx, dlv, 0.0, g("encoder.W_logvar"));
        backend.sumColumns(dlv, g("encoder.b_logvar"));
        Matrix dh = work.get(dEnc[e - 1], n, arch.context());
        backend.gemm(false, true, 1.0, dmu, p("encoder.W_mu"), 0.0, dh);
        backend.gemm(false, true, 1.0, dlv, p("encoder.W_logvar"), 1.0, dh);
        if (dc != null) {
            backend.axpy(1.0, dc, dh);
        }
        for (int i = e - 1; i >= 0; i--) {
            backend.tanhGrad(work.get(encH[i], n, arch.encoderHidden().get(i)), dh, dh);
            Matrix in = i == 0 ? x : work.get(encH[i - 1], n, arch.encoderHidden().get(i - 1));
            backend.gemm(true, false, 1.0, in, dh, 0.0, g(encW[i]));
            backend.sumColumns(dh, g(encB[i]));
            if (i > 0) {
                Matrix prev = work.get(dEnc[i - 1], n, arch.encoderHidden().get(i - 1));
                backend.gemm(false, true, 1.0, dh, p(encW[i]), 0.0, prev);
                dh = prev;
            }
        }
        return lastReconstruction + lastKl;
    }

    /** The KL term (or its one-sample estimate) summed over the batch of the last {@link #gradient} or {@link #loss}. */
    public double lastKl() {
        return lastKl;
    }

    // ---- evaluation ----------------------------------------------------------------------------

    /**
     * The log-likelihood {@code log p(x)} of every row of {@code x} in nats, estimated by importance
     * sampling with the approximate posterior as proposal (Burda et al., 2016):
     * {@code log (1/k) sum_i p(x, z_i) / q(z_i | x)} over {@code k} samples. A lower bound in
     * expectation that tightens as {@code k} grows; {@code k = 1} gives the ELBO.
     *
     * @param stream noise for the samples; row {@code r}'s sample {@code i} uses positions from
     *               {@code offset + (r * k + i) * latent}
     * @param chunk  samples evaluated at once, at least 1
     */
    public double[] logLikelihood(Matrix x, int k, int chunk, RandomStream stream, long offset) {
        if (k < 1 || chunk < 1) {
            throw new IllegalArgumentException("importance sampling needs k >= 1 and chunk >= 1, got k = " + k
                    + ", chunk = " + chunk);
        }
        int rows = x.rows();
        int c = Math.min(chunk, k);
        double[] result = new double[rows];
        int block = Math.max(1, Math.min(rows, 100));
        int[] same = new int[c];
        double[] logW = new double[k];
        for (int start = 0; start < rows; start += block) {
            int r = Math.min(block, rows - start);
            Matrix xs = x;
            if (r != rows) {
                xs = work.get("is.x", r, arch.inputs());
                backend.gatherRows(x, work.identity(rows), start, xs);
            }
            encode(xs);
            Matrix mu = work.get("is.mu", r, latent);
            Matrix lv = work.get("is.lv", r, latent);
            Matrix ctx = work.get("is.ctx", r, arch.context());
            backend.copy(work.get("mu", r, latent), mu);
            backend.copy(work.get("lv", r, latent), lv);
            backend.copy(context(r), ctx);
            for (int row = 0; row < r; row++) {
                java.util.Arrays.fill(same, row);
                for (int i0 = 0; i0 < k; i0 += c) {
                    int n = Math.min(c, k - i0);
                    backend.gatherRows(mu, same, 0, work.get("mu", n, latent));
                    backend.gatherRows(lv, same, 0, work.get("lv", n, latent));
                    backend.gatherRows(ctx, same, 0, context(n));
                    Matrix xr = work.get("is.xr", n, arch.inputs());
                    backend.gatherRows(xs, same, 0, xr);
                    Matrix eps = work.get("is.eps", n, latent);
                    backend.fillGaussian(stream, offset + ((long) (start + row) * k + i0) * latent, eps);
                    sampleAndDecode(eps);
                    double[] w = rowLogWeights(xr, eps);
                    System.arraycopy(w, 0, logW, i0, n);
                }
                result[start + row] = logMeanExp(logW);
            }
        }
        return result;
    }

    /**
     * For tests of the flow's density: the last latent code {@code z} of every row of {@code x} for
     * the noise {@code eps} (row-major, {@code x.rows() x latent}) and, after it, each row's
     * one-sample {@code log q(z | x) - log p(z)}.
     */
    double[] posteriorSample(Matrix x, Matrix eps) {
        checkRows(x, eps);
        encode(x);
        sampleAndDecode(eps);
        int n = x.rows();
        Matrix ratio = work.get("is.ratio", n, latent);
        rowLogRatio(eps, ratio);
        Matrix sums = work.get("is.kl", n, 1);
        backend.sumRows(ratio, sums);
        double[] z = backend.toArray(lastZ(n));
        double[] r = backend.toArray(sums);
        double[] out = java.util.Arrays.copyOf(z, z.length + n);
        System.arraycopy(r, 0, out, z.length, n);
        return out;
    }

    /** {@code log p(x | z) + log p(z) - log q(z | x)} of every row of the last sample. */
    private double[] rowLogWeights(Matrix x, Matrix eps) {
        int n = x.rows();
        Matrix rec = work.get("is.rec", n, 1);
        if (gaussian) {
            gaussianCost(x);
            backend.sumRows(work.get("g.q", n, arch.inputs()), rec);
            backend.scale(0.5, rec, rec);
            Matrix constant = work.get("is.const", n, 1);
            backend.fill(constant, 0.5 * backend.sum(p("decoder.logvar_out"))
                    + 0.5 * arch.inputs() * Math.log(2 * Math.PI));
            backend.axpy(1.0, constant, rec);
        } else {
            Matrix logits = work.get("logits", n, arch.inputs());
            Matrix sp = work.get("is.sp", n, arch.inputs());
            Matrix xl = work.get("is.xl", n, arch.inputs());
            backend.softplus(logits, sp);
            backend.hadamard(x, logits, xl);
            backend.sub(sp, xl, sp);                        // -log p(x | z), element by element
            backend.sumRows(sp, rec);
        }
        Matrix ratio = work.get("is.ratio", n, latent);
        rowLogRatio(eps, ratio);
        Matrix kl = work.get("is.kl", n, 1);
        backend.sumRows(ratio, kl);
        backend.axpy(1.0, kl, rec);
        double[] w = backend.toArray(rec);
        for (int i = 0; i < n; i++) {
            w[i] = -w[i];
        }
        return w;
    }

    static double logMeanExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double s = 0;
        for (double x : v) {
            s += Math.exp(x - max);
        }
        return max + Math.log(s / v.length);
    }

    /**
     * Reconstructions: the decoder's probabilities (or Gaussian means) for the posterior mean of
     * every row of {@code x} (the flow applied to {@code z0 = mu}), {@code x.rows() x inputs}.
     */
    public Matrix reconstruct(Matrix x) {
        encode(x);
        Matrix zero = work.get("zero.eps", x.rows(), latent);
        backend.fill(zero, 0.0);
        sampleAndDecode(zero);
        Matrix out = backend.create(x.rows(), arch.inputs());
        outputs(work.get("logits", x.rows(), arch.inputs()), out);
        return out;
    }

    /** The decoder's probabilities (or Gaussian means) for codes {@code z} ({@code n x latent}), {@code n x inputs}. */
    public Matrix decodeProbabilities(Matrix z) {
        if (z.cols() != latent) {
            throw new IllegalArgumentException("codes are " + z.shape() + " but the VAE has " + latent
                    + " latent units");
        }
        Matrix out = backend.create(z.rows(), arch.inputs());
        decode(z, out);
        outputs(out, out);
        return out;
    }

    /** Bernoulli probabilities from logits, or Gaussian means as they are. */
    private void outputs(Matrix raw, Matrix out) {
        if (gaussian) {
            if (raw != out) {
                backend.copy(raw, out);
            }
        } else {
            backend.sigmoid(raw, out);
        }
    }

    /** Saves every parameter into a checkpoint's state under its name. */
    void save(TrainingState s) {
        for (int i = 0; i < names.size(); i++) {
            s.put(names.get(i), backend, params.get(i));
        }
    }

    /** Loads what {@link #save} saved. */
    void load(TrainingState s) {
        for (int i = 0; i < names.size(); i++) {
            s.get(names.get(i), backend, params.get(i));
        }
    }
}
