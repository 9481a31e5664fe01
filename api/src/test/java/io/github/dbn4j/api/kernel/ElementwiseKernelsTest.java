package io.github.dbn4j.api.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the kernels against {@link StrictMath} references, over a dense sweep of the
 * range where the functions are not saturated plus random points far out, in ulps of the
 * correctly rounded value. The bounds are the measured maxima rounded up, so a change to a
 * polynomial or to the range reduction shows here before it shows anywhere else.
 */
class ElementwiseKernelsTest {

    private static final int N = 400_000;
    /** The measured worst error of the float tanh, rounded up. */
    private static final double WORST_TANH_ULPS = 2.5;
    private final ElementwiseKernels k = new ElementwiseKernels();

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1 + StrictMath.exp(x));
    }

    private static double softplus(double x) {
        return Math.max(x, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x)));
    }

    /** Sweep of [-90, 90], tiny values around 0, and a few far out; not a multiple of the chunk size. */
    private static double[] inputs() {
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[N + 13];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (i % 4) {
                case 0 -> -90 + 180.0 * i / x.length;
                case 1 -> (r.nextDouble() - 0.5) * 1e-3;
                case 2 -> (r.nextDouble() - 0.5) * 40;
                default -> (r.nextDouble() - 0.5) * 1400;
            };
        }
        return x;
    }

    private static double ulpsF(float actual, double exact) {
        float rounded = (float) exact;
        return Math.abs(actual - exact) / Math.ulp(rounded);
    }

    private static double ulpsD(double actual, double exact) {
        return Math.abs(actual - exact) / Math.ulp(exact);
    }

    interface FloatKernel {
        void apply(float[] x, float[] out, int n);
    }

    interface DoubleKernel {
        void apply(double[] x, double[] out, int n);
    }

    /**
     * The largest error in ulps of a kernel over {@link #inputs()}, against a reference, in float
     * ({@code [0]}) and double ({@code [1]}); results below the clamp of exp's argument (a tiny
     * normal number stands there for an underflow) are not counted.
     */
    private static double[] worstUlps(FloatKernel f, DoubleKernel d, java.util.function.DoubleUnaryOperator exact) {
        double[] x = inputs();
        float[] xf = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            xf[i] = (float) x[i];
        }
        float[] of = new float[x.length];
        double[] od = new double[x.length];
        f.apply(xf, of, x.length);
        d.apply(x, od, x.length);
        double[] worst = new double[2];
        for (int i = 0; i < x.length; i++) {
            double ef = exact.applyAsDouble(xf[i]);
            if (ef >= 0x1p-125) {
                worst[0] = Math.max(worst[0], ulpsF(of[i], ef));
            }
            double ed = exact.applyAsDouble(x[i]);
            if (ed >= 0x1p-1020) {
                worst[1] = Math.max(worst[1], ulpsD(od[i], ed));
            }
        }
        return worst;
    }

    @Test
    void sigmoidIsWithinTwoUlpsInFloatAndFourInDouble() {
        double[] worst = worstUlps(k::sigmoid, k::sigmoid, ElementwiseKernelsTest::sigmoid);
        assertThat(worst[0]).as("float").isLessThanOrEqualTo(2.5);
        assertThat(worst[1]).as("double").isLessThanOrEqualTo(4.5);
    }

    @Test
    void floatTanhIsWithinAFewUlpsEverywhereAndKeepsSignsZerosInfinitiesAndNan() {
        double[] x = inputs();
        float[] xf = new float[x.length + 6];
        for (int i = 0; i < x.length; i++) {
            xf[i] = (float) x[i];
        }
        float[] special = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e-30f};
        System.arraycopy(special, 0, xf, x.length, special.length);
        float[] out = new float[xf.length];
        k.tanh(xf, out, xf.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double exact = StrictMath.tanh(xf[i]);
            if (exact != 0) {
                worst = Math.max(worst, ulpsF(Math.abs(out[i]), Math.abs(exact)));
                assertThat(Math.signum(out[i])).isEqualTo((float) Math.signum(exact));
            }
        }
        assertThat(worst).as("float tanh, ulps").isLessThanOrEqualTo(WORST_TANH_ULPS);
        int at = x.length;
        assertThat(Float.floatToRawIntBits(out[at])).isZero();
        assertThat(out[at + 1]).isEqualTo(-0f);
        assertThat(out[at + 2]).isEqualTo(1f);
        assertThat(out[at + 3]).isEqualTo(-1f);
        assertThat(out[at + 4]).isNaN();
        assertThat(out[at + 5]).isEqualTo(1e-30f);
    }

    @Test
    void softplusIsWithinThreeUlps() {
        double[] worst = worstUlps(k::softplus, k::softplus, ElementwiseKernelsTest::softplus);
        assertThat(worst[0]).as("float").isLessThanOrEqualTo(3.5);
        assertThat(worst[1]).as("double").isLessThanOrEqualTo(3.5);
    }

    @Test
    void extremesSaturateWithoutOverflowAndNanStaysNan() {
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1000, -1000, -80, 0};
        float[] s = new float[x.length];
        float[] sp = new float[x.length];
        k.sigmoid(x, s, x.length);
        k.softplus(x, sp, x.length);
        assertThat(s[0]).isNaN();
        assertThat(sp[0]).isNaN();
        assertThat(s[1]).isEqualTo(1f);
        assertThat(s[4]).isBetween(0f, 1e-38f);
        assertThat(s[5]).isCloseTo((float) sigmoid(-80), within(2 * Math.ulp((float) sigmoid(-80))));
        assertThat(s[6]).isEqualTo(0.5f);
        assertThat(sp[1]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(sp[2]).isBetween(0f, 1e-37f);
        assertThat(sp[3]).isEqualTo(1000f);
        assertThat(sp[6]).isEqualTo((float) Math.log(2));
    }

    @Test
    void crossEntropyMatchesTheElementwiseDefinitionAndLeavesInputsAlone() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 3 * 512 + 17;
        double[] x = new double[n];
        double[] t = new double[n];
        float[] xf = new float[n];
        float[] tf = new float[n];
        double exact = 0;
        double exactF = 0;
        for (int i = 0; i < n; i++) {
            x[i] = (r.nextDouble() - 0.5) * 60;
            t[i] = i % 2 == 0 ? r.nextDouble() : (r.nextDouble() < 0.3 ? 1 : 0);
            xf[i] = (float) x[i];
            tf[i] = (float) t[i];
            exact += softplus(x[i]) - t[i] * x[i];
            exactF += softplus(xf[i]) - (double) tf[i] * xf[i];
        }
        float[] xfCopy = xf.clone();
        assertThat(k.crossEntropyOfLogits(t, x, n)).isCloseTo(exact, within(1e-14 * Math.abs(exact)));
        assertThat(k.crossEntropyOfLogits(tf, xf, n)).isCloseTo(exactF, within(1e-6 * Math.abs(exactF)));
        assertThat(xf).containsExactly(xfCopy);
    }

    @Test
    void crossEntropyFoldsItsLaneProductsBeforeTheyUnderflow() {
        // at x = 0 each element multiplies its lane by 1/2: 1,100 chunks would take a lane to
        // 2^-1100, below the smallest double, unless the lanes are folded into logs on the way
        int n = 1100 * 512 + 7;
        double[] x = new double[n];
        double[] t = new double[n];
        double[] sig = new double[n];
        // (to the rounding of a sum of a few hundred logs of about -665 each: ~1e-13 relative)
        assertThat(k.crossEntropyOfLogits(t, x, sig, n)).isCloseTo(n * Math.log(2), within(1e-13 * n));
        assertThat(sig).containsOnly(0.5);
        // and once more with saturated elements among them: the logs of the lanes stay finite
        x[3] = -1e4;
        x[600_000 % n] = 1e4;
        t[600_000 % n] = 1;
        assertThat(k.crossEntropyOfLogits(t, x, n)).isCloseTo((n - 2) * Math.log(2), within(1e-13 * n));

        // float: the float lanes fold into double ones every 16 chunks, those into logs every 960
        float[] xf = new float[n];
        float[] tf = new float[n];
        float[] sigF = new float[n];
        assertThat(k.crossEntropyOfLogits(tf, xf, sigF, n)).isCloseTo(n * Math.log(2), within(1e-13 * n));
        assertThat(sigF).containsOnly(0.5f);
    }

    @Test
    void aSumBuiltInPiecesOfWholeChunksEqualsOneCallBitForBit() {
        // what a backend that stages its values 16,384 at a time does, against one call over all
        SplittableRandom r = new SplittableRandom(9);
        int n = 78_400;
        double[] x = new double[n];
        double[] t = new double[n];
        float[] xf = new float[n];
        float[] tf = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (r.nextDouble() - 0.5) * 20;
            t[i] = r.nextDouble() < 0.2 ? 1 : 0;
            xf[i] = (float) x[i];
            tf[i] = (float) t[i];
        }
        double whole = k.crossEntropyOfLogits(t, x, n);
        double wholeF = k.crossEntropyOfLogits(tf, xf, n);
        int piece = 16_384;
        k.crossEntropyBegin();
        for (int s = 0; s < n; s += piece) {
            int len = Math.min(piece, n - s);
            k.crossEntropyAdd(java.util.Arrays.copyOfRange(t, s, s + len), java.util.Arrays.copyOfRange(x, s, s + len),
                    null, len);
        }
        assertThat(k.crossEntropyEnd()).isEqualTo(whole);
        k.crossEntropyBegin();
        for (int s = 0; s < n; s += piece) {
            int len = Math.min(piece, n - s);
            k.crossEntropyAdd(java.util.Arrays.copyOfRange(tf, s, s + len),
                    java.util.Arrays.copyOfRange(xf, s, s + len), null, len);
        }
        assertThat(k.crossEntropyEnd()).isEqualTo(wholeF);
    }

    @Test
    void aSumMixingPrecisionsStaysFiniteAndAFreshInstanceNeedsNoBegin() {
        // float pieces leave factors in the float lanes; a double piece reaching the log fold
        // must count them, or a later group of lanes underflows to 0 and the sum to +inf
        int nf = 959 * 512;
        int nd = 512;
        ElementwiseKernels fresh = new ElementwiseKernels();
        fresh.crossEntropyAdd(new float[nf], new float[nf], null, nf);
        fresh.crossEntropyAdd(new double[nd], new double[nd], null, nd);
        assertThat(fresh.crossEntropyEnd()).isCloseTo((nf + nd) * Math.log(2), within(1e-13 * (nf + nd)));
        // alternating 15 float chunks with 1 double chunk, 200 times
        for (int i = 0; i < 200; i++) {
            fresh.crossEntropyAdd(new float[15 * 512], new float[15 * 512], null, 15 * 512);
            fresh.crossEntropyAdd(new double[512], new double[512], null, 512);
        }
        assertThat(fresh.crossEntropyEnd()).isCloseTo(200 * 16 * 512 * Math.log(2), within(1e-13 * 200 * 16 * 512));
    }

    @Test
    void bernoulliIsExactlyUBelowP() {
        double[] p = {0.5, 0.25, 1, 0, 0, Double.NaN, Double.POSITIVE_INFINITY, 0, 0.75, 1e-300};
        double[] u = {0.5, 0.5, 0.999, 0, 1e-300, 0.1, 0.9, -0.0, Double.NaN, 0};
        double[] out = new double[p.length];
        float[] pf = new float[p.length];
        float[] uf = new float[p.length];
        float[] outF = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            pf[i] = (float) p[i];
            uf[i] = (float) u[i];
        }
        ElementwiseKernels.bernoulli(p, u, out, p.length);
        ElementwiseKernels.bernoulli(pf, uf, outF, p.length);
        for (int i = 0; i < p.length; i++) {
            assertThat(out[i]).as("double %d", i).isEqualTo(u[i] < p[i] ? 1.0 : 0.0);
            assertThat(outF[i]).as("float %d", i).isEqualTo(uf[i] < pf[i] ? 1f : 0f);
        }
    }

    @Test
    void softmaxRowsSumToOne() {
        double[] x = {1, 2, 3, -1000, 0, 1000};
        double[] out = new double[6];
        k.softmaxRows(x, out, 2, 3);
        assertThat(out[0] + out[1] + out[2]).isCloseTo(1.0, within(1e-15));
        assertThat(out[2]).isCloseTo(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), within(1e-15));
        assertThat(out[5]).isEqualTo(1.0);
        assertThat(out[3]).isZero();
    }
}
