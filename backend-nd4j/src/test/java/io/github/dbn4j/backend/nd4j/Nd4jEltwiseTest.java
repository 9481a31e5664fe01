package io.github.dbn4j.backend.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The FLOAT32 sigmoid and tanh of large matrices, which go to oneDNN where the products do: their
 * accuracy in ulps of the correctly rounded value (the bounds are the measured maxima rounded
 * up), exact repetition, in-place use, more matrix lengths than primitives are kept, and no
 * allocation once a length's primitive exists.
 */
class Nd4jEltwiseTest {

    private static final double WORST_SIGMOID_ULPS = 5;
    private static final double WORST_TANH_ULPS = 1.5;

    private final Nd4jBackend b = new Nd4jBackend(Precision.FLOAT32);

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1 + StrictMath.exp(x));
    }

    /** A dense sweep of [lo, hi], then values near zero of every scale, both signs. */
    private static double[] inputs(int n, double lo, double hi, long seed) {
        double[] x = new double[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (i < n / 2 ? lo + (hi - lo) * i / (n / 2 - 1)
                    : Math.scalb(r.nextDouble(), -r.nextInt(60)) * (r.nextBoolean() ? 1 : -1));
        }
        return x;
    }

    private double worstUlps(double[] x, double[] got, DoubleUnaryOperator exact) {
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double e = exact.applyAsDouble(x[i]);
            worst = Math.max(worst, Math.abs(got[i] - e) / Math.ulp((float) e));
        }
        return worst;
    }

    @Test
    void largeMatricesGoToOneDnnWhereTheProductsDo() {
        assertThat(b.elementwiseImplementation()).isEqualTo(Sgemm.implementation());
        assertThat(new Nd4jBackend(Precision.FLOAT64).elementwiseImplementation()).isEqualTo("java");
    }

    @Test
    void sigmoidIsWithinAFewUlpsDownToNearItsSmallestNormalValues() {
        // from about -87 down, where the exact value nears float's smallest normal number, oneDNN gives 0
        assertThat(worstInPlace(b::sigmoid, 300, 301, -85, 90, 1, Nd4jEltwiseTest::sigmoid))
                .isLessThanOrEqualTo(WORST_SIGMOID_ULPS);
        double[] s = rowOf(b::sigmoid, -1e4, -200, 200, 1e4, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        assertThat(new double[] {s[0], s[1], s[2], s[3], s[4], s[5]}).containsExactly(0, 0, 1, 1, 0, 1);
    }

    @Test
    void tanhIsWithinAnUlpAndAHalfAndKeepsSignedZerosAndNan() {
        assertThat(worstInPlace(b::tanh, 200, 211, -12, 12, 2, StrictMath::tanh)).isLessThanOrEqualTo(WORST_TANH_ULPS);
        double[] got = rowOf(b::tanh, 0.0, -0.0, Double.NaN, 1e-30, -1e4, 1e4);
        assertThat(Double.doubleToRawLongBits(got[0])).isZero();
        assertThat(Double.doubleToRawLongBits(got[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(got[2]).isNaN();
        assertThat(got[3]).isEqualTo((float) 1e-30);
        assertThat(new double[] {got[4], got[5]}).containsExactly(-1, 1);
    }

    /** The worst error, in ulps, of {@code op} applied in place to a rows x cols sweep of [lo, hi]. */
    private double worstInPlace(BiConsumer<Matrix, Matrix> op, int rows, int cols, double lo, double hi, long seed,
                                DoubleUnaryOperator exact) {
        double[] x = inputs(rows * cols, lo, hi, seed);
        Matrix m = b.fromArray(rows, cols, x);
        op.accept(m, m);
        return worstUlps(x, b.toArray(m), exact);
    }

    /** {@code op} of a row long enough for oneDNN that starts with {@code first} (zeros after). */
    private double[] rowOf(BiConsumer<Matrix, Matrix> op, double... first) {
        double[] x = new double[Eltwise.MIN_ELEMENTS];
        System.arraycopy(first, 0, x, 0, first.length);
        Matrix out = b.create(1, x.length);
        op.accept(b.fromArray(1, x.length, x), out);
        return b.toArray(out);
    }

    private Matrix sigmoidOf(double[] x) {
        Matrix out = b.create(1, x.length);
        b.sigmoid(b.fromArray(1, x.length, x), out);
        return out;
    }

    @Test
    void resultsRepeatExactlyInPlaceOrNotAndWhenMoreLengthsAreUsedThanPrimitivesKept() {
        double[] x = inputs(5000, -20, 20, 3);
        double[] first = b.toArray(sigmoidOf(x));
        // more lengths than are kept: the first length's primitive is dropped and made again
        for (int k = 0; k <= Eltwise.CAPACITY; k++) {
            double[] y = inputs(Eltwise.MIN_ELEMENTS + 7 * k, -5, 5, 10 + k);
            Matrix m = b.fromArray(1, y.length, y);
            b.tanh(m, m);
            assertThat(worstUlps(y, b.toArray(m), StrictMath::tanh)).as("length %d", y.length)
                    .isLessThanOrEqualTo(WORST_TANH_ULPS);
        }
        assertThat(b.toArray(sigmoidOf(x))).containsExactly(first);
        Matrix m = b.fromArray(50, 100, x);
        b.sigmoid(m, m);
        assertThat(b.toArray(m)).containsExactly(first);
    }

    @Test
    void aKeptPrimitiveAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Matrix a = b.fromArray(100, 500, inputs(50_000, -8, 8, 4));
        Matrix out = b.create(100, 500);
        for (int i = 0; i < 2_000; i++) {   // warm up: primitives made, calls compiled
            b.sigmoid(a, out);
            b.tanh(a, out);
        }
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1_000; i++) {
            b.sigmoid(a, out);
            b.tanh(out, out);
        }
        long allocated = mx.getThreadAllocatedBytes(id) - before;
        assertThat(allocated).as("bytes allocated by 2,000 calls").isLessThan(1_000);
    }
}
