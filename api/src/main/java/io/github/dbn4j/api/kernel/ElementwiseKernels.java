package io.github.dbn4j.api.kernel;

/**
 * The logistic functions of the SPI ({@code sigmoid}, {@code softplus}, the summed
 * cross-entropy of logits), row-wise softmax and branch-free Bernoulli sampling over Java arrays,
 * for backends that hold or stage their values on the heap.
 *
 * <p><b>Why not {@link Math#exp}:</b> a loop calling {@code Math.exp} runs one element at a
 * time, and {@code Math.log1p} is slower still; a DBN epoch evaluates a few hundred million of
 * them. These kernels instead split {@code exp} into passes that the JIT compiles to SIMD code:
 * a Cody-Waite range reduction and a polynomial (the Cephes {@code expf} / {@code exp}
 * approximations) over a small chunk, one scalar pass that builds {@code 2^k} from its exponent
 * bits, and a vectorised pass for what follows. The measured costs per element are in
 * docs/PERFORMANCE.md.
 *
 * <p><b>Accuracy</b> (measured over a dense sweep and held by the unit tests): sigmoid within
 * 2 ulps in FLOAT32 and 4 in FLOAT64, softplus within 3, relative to the true value over the
 * whole range, tails included ({@code sigmoid(-80f)} is 1.8e-35, not 0). {@code log1p(e)} for
 * {@code e = exp(-|x|)} in (0, 1] is {@code 2 atanh(e / (2 + e))} by its series, carried until
 * the next term is below the precision's rounding. The summed cross-entropy takes no logarithm
 * per element at all: it multiplies the factors whose logs it needs into lanes and takes one
 * log per lane (see {@link #crossEntropyOfLogits(double[], double[], double[], int)}).
 * Arguments of {@code exp} are clamped to the normal range ([-87, 88] in FLOAT32, [-708, 709]
 * in FLOAT64), so a value that would underflow comes out as a tiny normal number (below
 * 2e-38, or 4e-308) instead of a denormal or zero, and nothing overflows. NaN stays NaN.
 *
 * <p>Results depend only on the inputs: the same arrays give the same bits on every run and
 * JVM. An instance keeps small scratch arrays and is not thread-safe; use one per thread.
 */
public final class ElementwiseKernels {

    private static final int CHUNK = 512;

    // FLOAT32: Cephes expf
    private static final float F_LOG2E = 1.44269504088896341f;
    private static final float F_C1 = 0.693359375f;
    private static final float F_C2 = -2.12194440e-4f;
    private static final float F_MAGIC = 12582912f;           // 1.5 * 2^23: adding it rounds to an integer
    private static final float F_MIN = -87f;
    private static final float F_MAX = 88f;
    /** Float lanes are folded into double ones every this many chunks (a product stays above 2^-16). */
    private static final int F_FOLD = 16;
    /** Double lane products go into logs at least every this many chunks (a product stays above 2^-960). */
    private static final int LOG_FOLD = 960;

    // FLOAT64: Cephes exp (Pade form)
    private static final double D_LOG2E = 1.4426950408889634;
    private static final double D_C1 = 6.93145751953125E-1;
    private static final double D_C2 = 1.42860682030941723212E-6;
    private static final double D_MAGIC = 6755399441055744.0; // 1.5 * 2^52
    private static final double D_MIN = -708;
    private static final double D_MAX = 709;

    // Every chunk loop indexes its arrays by the same i, so the JIT can vectorise it even though
    // it cannot prove the arrays distinct; inputs and outputs move in and out by arraycopy.
    private final float[] fx = new float[CHUNK];
    private final float[] ft = new float[CHUNK];
    private final float[] fm = new float[CHUNK];
    private final float[] fe = new float[CHUNK];
    private final double[] dx = new double[CHUNK];
    private final double[] dt = new double[CHUNK];
    private final double[] dm = new double[CHUNK];
    private final double[] de = new double[CHUNK];
    private final float[] fProd = new float[CHUNK];
    private final float[] fLin = new float[CHUNK];
    private final double[] dProd = new double[CHUNK];
    private final double[] dLin = new double[CHUNK];
    // the state of a summed cross-entropy: see crossEntropyBegin()
    private double ceLogs;
    private int ceChunks;
    private int ceLanes;

    /** Kernels with their scratch; the cross-entropy lanes start ready for a sum. */
    public ElementwiseKernels() {
        crossEntropyBegin();
    }

    // ---- FLOAT32 -------------------------------------------------------------------------

    /**
     * {@code out[i] = u[i] < p[i] ? 1 : 0}, exactly, without a branch (a branch here is
     * mispredicted half the time with random uniforms). {@code d = u - p} is below zero exactly
     * when {@code u < p}, since a difference of two floats is zero only when they are equal; so
     * the result is d's sign bit, unless d is NaN (a NaN operand, or inf - inf) or -0, which
     * both give 0 as the comparison does. {@code out} may be {@code p} or {@code u}.
     */
    public static void bernoulli(float[] p, float[] u, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            int b = Float.floatToRawIntBits(u[i] - p[i]);
            int m = b & 0x7fffffff;
            out[i] = (b >>> 31) & ((m - 0x7f800001) >>> 31) & (-m >>> 31);
        }
    }

    /** {@code out[i] = 1 / (1 + exp(-x[i]))} for {@code i < n}; {@code out} may be {@code x}. */
    public void sigmoid(float[] x, float[] out, int n) {
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            float[] e = fe;
            System.arraycopy(x, s, e, 0, len);
            for (int i = 0; i < len; i++) {
                e[i] = Math.min(F_MAX, Math.max(F_MIN, -e[i]));
            }
            expChunk(len);
            for (int i = 0; i < len; i++) {
                e[i] = 1f / (1f + e[i]);
            }
            System.arraycopy(e, 0, out, s, len);
        }
    }

    /** {@code out[i] = log(1 + exp(x[i]))}, computed as {@code max(x, 0) + log1p(exp(-|x|))}; may alias. */
    public void softplus(float[] x, float[] out, int n) {
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            float[] v = fx;
            float[] e = fe;
            System.arraycopy(x, s, v, 0, len);
            negAbsClamped(len);
            expChunk(len);
            log1pChunk(len);
            for (int i = 0; i < len; i++) {
                e[i] = Math.max(v[i], 0f) + e[i];
            }
            System.arraycopy(e, 0, out, s, len);
        }
    }

    /**
     * {@code out[i] = tanh(x[i])} for {@code i < n}; {@code out} may be {@code x}. Where
     * {@code |x| >= 1/4}, {@code (1 - e) / (1 + e)} with {@code e = exp(-2|x|)} from the chunked exp;
     * below, where {@code 1 - e} would cancel, the series {@code x - x^3/3 + 2x^5/15 - 17x^7/315 +
     * 62x^9/2835}, whose first omitted term is below 1e-8 of the value; the sign is {@code x}'s.
     */
    public void tanh(float[] x, float[] out, int n) {
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            float[] v = fx;
            float[] e = fe;
            System.arraycopy(x, s, v, 0, len);
            for (int i = 0; i < len; i++) {
                e[i] = Math.max(F_MIN, -2f * Math.abs(v[i]));
            }
            expChunk(len);
            for (int i = 0; i < len; i++) {
                float a = Math.abs(v[i]);
                float w = a * a;
                float series = a + a * w * (-1f / 3 + w * (2f / 15 + w * (-17f / 315 + w * (62f / 2835))));
                float ratio = (1f - e[i]) / (1f + e[i]);
                e[i] = Math.copySign(a < 0.25f ? series : ratio, v[i]);
            }
            System.arraycopy(e, 0, out, s, len);
        }
    }

    /**
     * {@code sum_i softplus(x[i]) - t[i] x[i]}: the cross-entropy of targets {@code t} in [0, 1]
     * under {@code sigmoid(x)}, finite for every finite {@code x}. As in double (see
     * {@link #crossEntropyOfLogits(double[], double[], double[], int)}), without a logarithm per
     * element: elements are computed in float into 512 float lanes (products of the factors
     * {@code r max(E, 1)}, sums of the linear parts), which are folded into double lanes every
     * 16 chunks, before float rounding could add up; the double products go through
     * {@link Math#log} once per call (or per 960 chunks). Everything runs in a fixed order.
     */
    public double crossEntropyOfLogits(float[] t, float[] x, int n) {
        return crossEntropyOfLogits(t, x, null, n);
    }

    /**
     * As {@link #crossEntropyOfLogits(float[], float[], int)}, also writing {@code sigmoid(x)}
     * into {@code sigmoidOut} unless it is null, from the same {@code E = exp(-x)}:
     * {@code sigmoid(x) = r = 1 / (1 + E)}. Each chunk of the inputs is read before the chunk of
     * the output is written, so any of the arrays may be the same.
     */
    public double crossEntropyOfLogits(float[] t, float[] x, float[] sigmoidOut, int n) {
        crossEntropyBegin();
        crossEntropyAdd(t, x, sigmoidOut, n);
        return crossEntropyEnd();
    }

    /**
     * Starts a cross-entropy summed over several {@code crossEntropyAdd} calls (of either
     * precision), for callers that stage their values in pieces: the lanes carry over from call
     * to call, so the pieces cost what one call over all of them would, logs included.
     */
    public void crossEntropyBegin() {
        java.util.Arrays.fill(fProd, 1f);
        java.util.Arrays.fill(fLin, 0f);
        java.util.Arrays.fill(dProd, 1.0);
        java.util.Arrays.fill(dLin, 0.0);
        ceLogs = 0;
        ceChunks = 0;
        ceLanes = 0;
    }

    /**
     * Adds {@code sum_i softplus(x[i]) - t[i] x[i]} to the sum begun by
     * {@link #crossEntropyBegin()}, writing {@code sigmoid(x)} into {@code sigmoidOut} unless it
     * is null; as {@link #crossEntropyOfLogits(float[], float[], float[], int)} otherwise.
     */
    public void crossEntropyAdd(float[] t, float[] x, float[] sigmoidOut, int n) {
        float[] v = fx;
        float[] w = ft;
        float[] e = fe;
        float[] o = fm;
        float[] prod = fProd;
        float[] lin = fLin;
        ceLanes = Math.max(ceLanes, Math.min(n, CHUNK));
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            System.arraycopy(x, s, v, 0, len);
            System.arraycopy(t, s, w, 0, len);
            for (int i = 0; i < len; i++) {
                e[i] = Math.min(F_MAX, Math.max(F_MIN, -v[i]));
            }
            expChunk(len);
            for (int i = 0; i < len; i++) {
                float r = 1f / (1f + e[i]);
                o[i] = r;
                prod[i] *= r * Math.max(e[i], 1f);
                lin[i] += Math.max(v[i], 0f) - w[i] * v[i];
            }
            if (sigmoidOut != null) {
                System.arraycopy(o, 0, sigmoidOut, s, len);
            }
            if (++ceChunks % F_FOLD == 0) {
                foldFloatLanes();
                if (ceChunks == LOG_FOLD) {
                    foldLogs();
                }
            }
        }
    }

    /** The sum begun by {@link #crossEntropyBegin()}; the lanes are then ready for the next sum. */
    public double crossEntropyEnd() {
        foldLogs();
        double sum = 0;
        for (int i = 0; i < ceLanes; i++) {
            sum += dLin[i];
        }
        double total = sum - ceLogs;
        crossEntropyBegin();
        return total;
    }

    /** Moves the float lanes into the double ones and restarts them. */
    private void foldFloatLanes() {
        for (int i = 0; i < ceLanes; i++) {
            dProd[i] *= fProd[i];
            dLin[i] += fLin[i];
            fProd[i] = 1f;
            fLin[i] = 0f;
        }
    }

    /**
     * Row-wise softmax of a row-major {@code rows x cols} array: {@code exp(x - max)} in double,
     * normalised by the row sum; {@code out} may be {@code x}.
     */
    public void softmaxRows(float[] x, float[] out, int rows, int cols) {
        int n = rows * cols;
        for (int base = 0; base < n; base += cols) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                double e = Math.exp(x[base + j] - max);
                out[base + j] = (float) e;
                sum += e;
            }
            double inv = 1.0 / sum;
            for (int j = 0; j < cols; j++) {
                out[base + j] = (float) (out[base + j] * inv);
            }
        }
    }

    /** {@code fe = max(F_MIN, -|fx|)}: the argument of exp in softplus. */
    private void negAbsClamped(int len) {
        float[] v = fx;
        float[] e = fe;
        for (int i = 0; i < len; i++) {
            e[i] = Math.max(F_MIN, -Math.abs(v[i]));
        }
    }

    /** {@code fe[i] = exp(fe[i])} for arguments already in [F_MIN, F_MAX] (or NaN). */
    private void expChunk(int len) {
        float[] m = fm;
        float[] e = fe;
        for (int i = 0; i < len; i++) {
            float a = e[i];
            float mi = a * F_LOG2E + F_MAGIC;
            float k = mi - F_MAGIC;
            float r = a - k * F_C1 - k * F_C2;
            float z = r * r;
            float p = 1.9875691500E-4f * r + 1.3981999507E-3f;
            p = p * r + 8.3334519073E-3f;
            p = p * r + 4.1665795894E-2f;
            p = p * r + 1.6666665459E-1f;
            p = p * r + 5.0000001201E-1f;
            e[i] = p * z + r + 1f;
            m[i] = mi;
        }
        for (int i = 0; i < len; i++) {
            // the low bits of m hold k; (bits + 127) << 23 is the float 2^k
            e[i] *= Float.intBitsToFloat((Float.floatToRawIntBits(m[i]) + 127) << 23);
        }
    }

    /** {@code fe[i] = log1p(fe[i])} for values in (0, 1]: {@code 2 atanh(z)}, {@code z = e / (2 + e)} at most 1/3. */
    private void log1pChunk(int len) {
        float[] e = fe;
        for (int i = 0; i < len; i++) {
            float z = e[i] / (2f + e[i]);
            float w = z * z;
            float p = w * (2f / 15) + 2f / 13;
            p = p * w + 2f / 11;
            p = p * w + 2f / 9;
            p = p * w + 2f / 7;
            p = p * w + 2f / 5;
            p = p * w + 2f / 3;
            e[i] = z * (p * w + 2f);
        }
    }

    // ---- FLOAT64 -------------------------------------------------------------------------

    /** As {@link #bernoulli(float[], float[], float[], int)}, in double. */
    public static void bernoulli(double[] p, double[] u, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            long b = Double.doubleToRawLongBits(u[i] - p[i]);
            long m = b & 0x7fffffffffffffffL;
            out[i] = (b >>> 63) & ((m - 0x7ff0000000000001L) >>> 63) & (-m >>> 63);
        }
    }

    /** {@code out[i] = 1 / (1 + exp(-x[i]))} for {@code i < n}; {@code out} may be {@code x}. */
    public void sigmoid(double[] x, double[] out, int n) {
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            double[] e = de;
            System.arraycopy(x, s, e, 0, len);
            for (int i = 0; i < len; i++) {
                e[i] = Math.min(D_MAX, Math.max(D_MIN, -e[i]));
            }
            expChunkD(len);
            for (int i = 0; i < len; i++) {
                e[i] = 1.0 / (1.0 + e[i]);
            }
            System.arraycopy(e, 0, out, s, len);
        }
    }

    /** {@code out[i] = log(1 + exp(x[i]))}, computed as {@code max(x, 0) + log1p(exp(-|x|))}; may alias. */
    public void softplus(double[] x, double[] out, int n) {
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            double[] v = dx;
            double[] e = de;
            System.arraycopy(x, s, v, 0, len);
            negAbsClampedD(len);
            expChunkD(len);
            log1pChunkD(len);
            for (int i = 0; i < len; i++) {
                e[i] = Math.max(v[i], 0.0) + e[i];
            }
            System.arraycopy(e, 0, out, s, len);
        }
    }

    /** As {@link #crossEntropyOfLogits(float[], float[], int)}, in double throughout. */
    public double crossEntropyOfLogits(double[] t, double[] x, int n) {
        return crossEntropyOfLogits(t, x, null, n);
    }

    /**
     * As {@link #crossEntropyOfLogits(float[], float[], float[], int)}, in double throughout, but
     * without a logarithm per element. With {@code E = exp(-x)} and {@code r = 1 / (1 + E)} (the
     * sigmoid), {@code softplus(x) = max(x, 0) - log(r max(E, 1))}, and each factor
     * {@code r max(E, 1)} lies in [1/2, 1] (to an ulp). So the factors are multiplied into 512 lanes, and
     * the linear parts {@code max(x, 0) - t x} summed into 512 more, one element per lane per
     * chunk (passes the JIT vectorises); each lane's product is taken through {@link Math#log}
     * in groups, once per call (or per 960 chunks, before a product could fall below 2^-960). The result
     * carries an absolute error of about {@code n} roundings of 1 (2^-53 each) beyond the
     * ordinary rounding of the sum, which is ample for a cost summed over a mini-batch, but
     * not the relative accuracy of {@link #softplus(double[], double[], int)} for a sum made
     * only of tiny terms.
     */
    public double crossEntropyOfLogits(double[] t, double[] x, double[] sigmoidOut, int n) {
        crossEntropyBegin();
        crossEntropyAdd(t, x, sigmoidOut, n);
        return crossEntropyEnd();
    }

    /** As {@link #crossEntropyAdd(float[], float[], float[], int)}, in double throughout. */
    public void crossEntropyAdd(double[] t, double[] x, double[] sigmoidOut, int n) {
        double[] v = dx;
        double[] w = dt;
        double[] e = de;
        double[] o = dm;
        double[] prod = dProd;
        double[] lin = dLin;
        ceLanes = Math.max(ceLanes, Math.min(n, CHUNK));
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            System.arraycopy(x, s, v, 0, len);
            System.arraycopy(t, s, w, 0, len);
            for (int i = 0; i < len; i++) {
                e[i] = Math.min(D_MAX, Math.max(D_MIN, -v[i]));
            }
            expChunkD(len);
            for (int i = 0; i < len; i++) {
                double r = 1.0 / (1.0 + e[i]);
                o[i] = r;
                prod[i] *= r * Math.max(e[i], 1.0);
                lin[i] += Math.max(v[i], 0.0) - w[i] * v[i];
            }
            if (sigmoidOut != null) {
                System.arraycopy(o, 0, sigmoidOut, s, len);
            }
            if (++ceChunks % F_FOLD == 0) {
                foldFloatLanes();                    // a float piece may have left factors in the float lanes
                if (ceChunks == LOG_FOLD) {
                    foldLogs();
                }
            }
        }
    }

    /**
     * Adds the logarithms of the double lane products to the sum and restarts the lanes. Every
     * factor is at least 1/2, so after {@code c} chunks a lane is at least 2^-c, and a product
     * of {@code g} lanes with {@code g c <= 960} is still a normal double: the lanes go through
     * {@link Math#log} in such groups, so a sum over a few hundred chunks takes a few hundred
     * logs at most, not one per lane per piece.
     */
    private void foldLogs() {
        foldFloatLanes();                            // float factors pending are counted in ceChunks too
        double[] prod = dProd;
        int group = 1;
        while (group < CHUNK && 2L * group * Math.max(ceChunks, 1) <= LOG_FOLD) {
            group *= 2;
        }
        double logs = 0;
        for (int i = 0; i < ceLanes; i += group) {
            double p = 1.0;
            for (int j = i; j < Math.min(i + group, ceLanes); j++) {
                p *= prod[j];
                prod[j] = 1.0;
            }
            logs += Math.log(p);
        }
        ceLogs += logs;
        ceChunks = 0;
    }

    /** As {@link #softmaxRows(float[], float[], int, int)}, in double. */
    public void softmaxRows(double[] x, double[] out, int rows, int cols) {
        int n = rows * cols;
        for (int base = 0; base < n; base += cols) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                double e = Math.exp(x[base + j] - max);
                out[base + j] = e;
                sum += e;
            }
            double inv = 1.0 / sum;
            for (int j = 0; j < cols; j++) {
                out[base + j] *= inv;
            }
        }
    }

    /** {@code de = max(D_MIN, -|dx|)}: the argument of exp in softplus. */
    private void negAbsClampedD(int len) {
        double[] v = dx;
        double[] e = de;
        for (int i = 0; i < len; i++) {
            e[i] = Math.max(D_MIN, -Math.abs(v[i]));
        }
    }

    /** {@code de[i] = exp(de[i])} for arguments already in [D_MIN, D_MAX] (or NaN). */
    private void expChunkD(int len) {
        double[] m = dm;
        double[] e = de;
        for (int i = 0; i < len; i++) {
            double a = e[i];
            double mi = a * D_LOG2E + D_MAGIC;
            double k = mi - D_MAGIC;
            double r = a - k * D_C1 - k * D_C2;
            double rr = r * r;
            double px = r * ((1.26177193074810590878E-4 * rr + 3.02994407707441961300E-2) * rr
                    + 9.99999999999999999910E-1);
            double qx = ((3.00198505138664455042E-6 * rr + 2.52448340349684104192E-3) * rr
                    + 2.27265548208155028766E-1) * rr + 2.00000000000000000009E0;
            e[i] = 1.0 + 2.0 * px / (qx - px);
            m[i] = mi;
        }
        for (int i = 0; i < len; i++) {
            e[i] *= Double.longBitsToDouble((Double.doubleToRawLongBits(m[i]) + 1023) << 52);
        }
    }

    /** {@code de[i] = log1p(de[i])} for values in (0, 1], by the atanh series to the w^16 term. */
    private void log1pChunkD(int len) {
        double[] e = de;
        for (int i = 0; i < len; i++) {
            double z = e[i] / (2.0 + e[i]);
            double w = z * z;
            double p = w * (2.0 / 33) + 2.0 / 31;
            p = p * w + 2.0 / 29;
            p = p * w + 2.0 / 27;
            p = p * w + 2.0 / 25;
            p = p * w + 2.0 / 23;
            p = p * w + 2.0 / 21;
            p = p * w + 2.0 / 19;
            p = p * w + 2.0 / 17;
            p = p * w + 2.0 / 15;
            p = p * w + 2.0 / 13;
            p = p * w + 2.0 / 11;
            p = p * w + 2.0 / 9;
            p = p * w + 2.0 / 7;
            p = p * w + 2.0 / 5;
            p = p * w + 2.0 / 3;
            e[i] = z * (p * w + 2.0);
        }
    }
}
