package io.github.dbn4j.tck;

import static io.github.dbn4j.tck.NumericAssertions.assertAllClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.BackendProvider;
import io.github.dbn4j.api.Backends;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance kit: every operation of the {@link Backend} SPI against the plain-Java
 * {@link Reference}, on many shapes (1x1, 1xn, nx1, rectangular, transposed operands, in
 * place), at every precision the provider declares, on extreme inputs and on bad shapes.
 *
 * <p>A backend module's test is one short class:
 * <pre>{@code
 * class MyBackendConformanceTest extends BackendConformanceTest {
 *     protected BackendProvider provider() { return new MyBackendProvider(); }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformanceTest {

    /** For the conformance test of a backend, which extends this class. */
    protected BackendConformanceTest() {
    }

    /** Shapes every element-wise op and reduction is tried on. */
    private static final int[][] SHAPES = {{1, 1}, {1, 7}, {7, 1}, {5, 3}, {3, 5}, {17, 33}, {64, 100}};

    /** (m, k, n) of {@code op(a) * op(b)}, from degenerate to larger than a cache block. */
    private static final int[][] GEMM_SHAPES = {
        {1, 1, 1}, {1, 5, 1}, {1, 1, 6}, {4, 1, 3}, {3, 5, 4}, {7, 1, 1}, {1, 7, 5}, {17, 33, 9}, {64, 100, 48},
        {100, 78, 50}};

    /** (alpha, beta) pairs; beta == 0 also checks that old NaNs in c are ignored. */
    private static final double[][] GEMM_COEFFS = {{1, 0}, {0.5, 1}, {-2, 0.25}};

    private final Map<Precision, Backend> backends = new EnumMap<>(Precision.class);

    /** The provider under test. */
    protected abstract BackendProvider provider();

    /** The backend at a precision, built through the provider's Guice module, once per precision. */
    protected final Backend backend(Precision p) {
        return backends.computeIfAbsent(p, q -> injector(q).getInstance(Backend.class));
    }

    /** An injector with the provider's module at a precision (explicit bindings only). */
    private Injector injector(Precision p) {
        com.google.inject.Module module = provider().module(p);
        return Guice.createInjector(Stage.PRODUCTION, new AbstractModule() {
            @Override
            protected void configure() {
                binder().requireExplicitBindings();
                install(module);
            }
        });
    }

    protected Stream<Precision> precisions() {
        return provider().precisions().stream().sorted();
    }

    protected Stream<Arguments> precisionsAndShapes() {
        return precisions().flatMap(p -> Stream.of(SHAPES).map(s -> Arguments.of(p, s[0], s[1])));
    }

    protected Stream<Arguments> gemmCases() {
        List<Arguments> cases = new ArrayList<>();
        precisions().forEach(p -> {
            for (int s = 0; s < GEMM_SHAPES.length; s++) {
                for (int t = 0; t < 4; t++) {
                    double[] coeff = GEMM_COEFFS[(s + t) % GEMM_COEFFS.length];
                    cases.add(Arguments.of(p, GEMM_SHAPES[s][0], GEMM_SHAPES[s][1], GEMM_SHAPES[s][2],
                            (t & 1) != 0, (t & 2) != 0, coeff[0], coeff[1]));
                }
            }
        });
        return cases.stream();
    }

    // ---- inputs -------------------------------------------------------------------------------

    /** Seeded values in [lo, hi), rounded to the precision so the reference sees the same inputs. */
    private static double[] values(Precision p, int n, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = round(p, lo + (hi - lo) * r.nextDouble());
        }
        return v;
    }

    private static double round(Precision p, double x) {
        return p == Precision.FLOAT32 ? (float) x : x;
    }

    private static double[] map(double[] a, DoubleUnaryOperator f) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = f.applyAsDouble(a[i]);
        }
        return out;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    private void assertClose(Precision p, double[] actual, double[] expected, double scale, String what) {
        assertAllClose(actual, expected, Tolerances.opRtol(p), Tolerances.opAtol(p, scale),
                provider().name() + " " + p.label() + " " + what);
    }

    // ---- provider -----------------------------------------------------------------------------

    @Test
    void providerIsDiscoverableAndDescribesItself() {
        BackendProvider p = provider();
        assertThat(p.name()).matches("[a-z0-9][a-z0-9_-]*");
        assertThat(p.description()).isNotBlank();
        assertThat(p.precisions()).isNotEmpty();
        assertThat(p.unavailableReason()).as("unavailable on the platform the kit runs on").isEmpty();
        assertThat(Backends.providers()).extracting(BackendProvider::name).contains(p.name());
        for (Precision q : Precision.values()) {
            if (!p.precisions().contains(q)) {
                assertThatThrownBy(() -> Backends.checkPrecision(p, q))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(q.label());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void backendReportsNameAndPrecision(Precision p) {
        Backend b = backend(p);
        assertThat(b.name()).isEqualTo(provider().name());
        assertThat(b.precision()).isEqualTo(p);
    }

    // ---- threads ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void theModuleGivesEveryCallerItsOwnBackend(Precision p) {
        Injector injector = injector(p);
        assertThat(injector.getInstance(Backend.class)).as("a Backend is not thread-safe: no singleton")
                .isNotSameAs(injector.getInstance(Backend.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void aBackendBelongsToTheThreadThatFirstUsesIt(Precision p) throws Exception {
        Backend b = injector(p).getInstance(Backend.class);
        Matrix m = b.fromArray(2, 3, new double[] {1, 2, 3, 4, 5, 6});
        ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "kit-other-thread"));
        try {
            for (Runnable call : List.<Runnable>of(() -> b.create(2, 2), () -> b.fill(m, 7), () -> b.sum(m),
                    () -> b.scale(2, m, m))) {
                assertThatThrownBy(() -> run(other, call)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("'" + Thread.currentThread().getName() + "'")
                        .hasMessageContaining("'kit-other-thread'").hasMessageContaining("not thread-safe");
            }
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, b.toArray(m), "untouched by the refused calls");

            Backend fresh = injector(p).getInstance(Backend.class);
            Matrix made = CompletableFuture.supplyAsync(() -> fresh.fromArray(1, 2, new double[] {1, 2}), other)
                    .get();
            assertThat(CompletableFuture.supplyAsync(() -> fresh.sum(made), other).get()).isEqualTo(3.0);
            assertThatThrownBy(() -> fresh.sum(made)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'kit-other-thread', which used it first");
            assertThat(b.sum(made)).as("another backend of the provider may read it").isEqualTo(3.0);
        } finally {
            other.shutdownNow();
        }
    }

    /** Runs a call on an executor and rethrows what it threw. */
    private static void run(ExecutorService executor, Runnable call) throws Throwable {
        try {
            CompletableFuture.runAsync(call, executor).get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    // ---- creation and transfer ----------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("precisionsAndShapes")
    void createGivesZerosOfTheShape(Precision p, int rows, int cols) {
        Matrix m = backend(p).create(rows, cols);
        assertThat(m.rows()).isEqualTo(rows);
        assertThat(m.cols()).isEqualTo(cols);
        assertThat(m.precision()).isEqualTo(p);
        assertArrayEquals(new double[rows * cols], backend(p).toArray(m));
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("precisionsAndShapes")
    void arraysRoundTripRowMajor(Precision p, int rows, int cols) {
        Backend b = backend(p);
        double[] raw = values(Precision.FLOAT64, rows * cols, 11, -3, 3);
        Matrix m = b.fromArray(rows, cols, raw);
        assertArrayEquals(map(raw, x -> round(p, x)), b.toArray(m), "fromArray/toArray");
        double[] other = values(p, rows * cols, 12, -3, 3);
        b.set(m, other);
        assertArrayEquals(other, b.toArray(m), "set");
        Matrix copy = b.create(rows, cols);
        b.copy(m, copy);
        assertArrayEquals(other, b.toArray(copy), "copy");
        b.fill(copy, -0.25);
        assertArrayEquals(map(other, x -> -0.25), b.toArray(copy), "fill");
        assertArrayEquals(other, b.toArray(m), "copy source unchanged");
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("precisionsAndShapes")
    void setRowsWritesOnlyTheGivenRows(Precision p, int rows, int cols) {
        Backend b = backend(p);
        double[] base = values(p, rows * cols, 13, -1, 1);
        Matrix m = b.fromArray(rows, cols, base);
        int first = rows / 2;
        int count = Math.max(1, (rows - first) / 2);
        double[] block = values(p, count * cols, 14, 2, 3);
        b.setRows(m, first, block);
        double[] expected = base.clone();
        System.arraycopy(block, 0, expected, first * cols, block.length);
        assertArrayEquals(expected, b.toArray(m));
        assertThatThrownBy(() -> b.setRows(m, rows - count + 1, block))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("setRows")
                .hasMessageContaining(rows + "x" + cols);
        if (cols > 1) {
            assertThatThrownBy(() -> b.setRows(m, 0, new double[cols + 1]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole rows");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void rowMajorLayoutIsVisibleThroughGemm(Precision p) {
        Backend b = backend(p);
        Matrix a = b.fromArray(2, 3, new double[] {1, 2, 3, 4, 5, 6});
        Matrix e = b.fromArray(3, 1, new double[] {1, 0, 0});
        Matrix c = b.create(2, 1);
        b.gemm(false, false, 1, a, e, 0, c);
        assertArrayEquals(new double[] {1, 4}, b.toArray(c));
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("precisionsAndShapes")
    void gatherRowsPicksRowsInOrder(Precision p, int rows, int cols) {
        Backend b = backend(p);
        double[] src = values(p, rows * cols, 21, -1, 1);
        int[] order = new int[rows + 2];
        for (int i = 0; i < order.length; i++) {
            order[i] = (i * 7 + 3) % rows;
        }
        int outRows = Math.max(1, rows - 1);
        Matrix out = b.create(outRows, cols);
        b.gatherRows(b.fromArray(rows, cols, src), order, 2, out);
        double[] expected = new double[outRows * cols];
        for (int i = 0; i < outRows; i++) {
            System.arraycopy(src, order[2 + i] * cols, expected, i * cols, cols);
        }
        assertArrayEquals(expected, b.toArray(out));
    }

    // ---- random numbers -----------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("precisionsAndShapes")
    void randomFillsAreTheStreamsValuesBitForBit(Precision p, int rows, int cols) {
        Backend b = backend(p);
        RandomStream s = RandomStream.of(2024);
        Matrix u = b.create(rows, cols);
        b.fillUniform(s, 1000, u);
        double[] eu = new double[rows * cols];
        double[] eg = new double[rows * cols];
        for (int i = 0; i < eu.length; i++) {
            eu[i] = s.uniform(1000 + i);
            eg[i] = round(p, s.gaussian(77 + i));
        }
        assertArrayEquals(eu, b.toArray(u), "uniforms are exact in every precision");
        Matrix g = b.create(rows, cols);
        b.fillGaussian(s, 77, g);
        assertArrayEquals(eg, b.toArray(g), "gaussians");
    }

    // ---- gemm ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} m={1} k={2} n={3} transA={4} transB={5} alpha={6} beta={7}")
    @MethodSource("gemmCases")
    void gemmMatchesReference(Precision p, int m, int k, int n, boolean ta, boolean tb, double alpha, double beta) {
        Backend b = backend(p);
        int ar = ta ? k : m;
        int ac = ta ? m : k;
        int br = tb ? n : k;
        int bc = tb ? k : n;
        double[] a = values(p, ar * ac, 31 + m, -1, 1);
        double[] bb = values(p, br * bc, 32 + n, -1, 1);
        double[] c0 = beta == 0 ? map(new double[m * n], x -> Double.NaN) : values(p, m * n, 33 + k, -1, 1);
        Matrix c = b.fromArray(m, n, c0);
        b.gemm(ta, tb, alpha, b.fromArray(ar, ac, a), b.fromArray(br, bc, bb), beta, c);
        double[] expected = Reference.gemm(ta, tb, alpha, a, ar, ac, bb, br, bc, beta, c0);
        assertClose(p, b.toArray(c), expected, Math.abs(alpha) * k, "gemm");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void gemmRejectsBadShapesAndAliasing(Precision p) {
        Backend b = backend(p);
        Matrix a = b.create(3, 4);
        Matrix c = b.create(3, 2);
        assertThatThrownBy(() -> b.gemm(false, false, 1, a, b.create(5, 2), 0, c))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gemm").hasMessageContaining("3x4").hasMessageContaining("5x2");
        assertThatThrownBy(() -> b.gemm(false, false, 1, a, b.create(4, 2), 0, b.create(2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gemm").hasMessageContaining("3x2").hasMessageContaining("2x3");
        assertThatThrownBy(() -> b.gemm(true, false, 1, a, b.create(4, 2), 0, c))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transposed");
        Matrix sq = b.create(3, 3);
        assertThatThrownBy(() -> b.gemm(false, false, 1, sq, b.create(3, 3), 0, sq))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may not be the same");
    }

    // ---- element-wise -------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("precisionsAndShapes")
    void linearElementwiseOpsMatchReferenceAndWorkInPlace(Precision p, int rows, int cols) {
        Backend b = backend(p);
        int n = rows * cols;
        double[] x = values(p, n, 41, -2, 2);
        double[] y = values(p, n, 42, -2, 2);
        Matrix mx = b.fromArray(rows, cols, x);
        Matrix my = b.fromArray(rows, cols, y);

        b.axpy(-0.75, mx, my);
        double[] axpy = new double[n];
        for (int i = 0; i < n; i++) {
            axpy[i] = y[i] - 0.75 * x[i];
        }
        assertClose(p, b.toArray(my), axpy, 2, "axpy");

        Matrix out = b.create(rows, cols);
        b.scale(1.5, mx, out);
        assertClose(p, b.toArray(out), map(x, v -> 1.5 * v), 3, "scale");
        b.scale(-2, out, out);
        assertClose(p, b.toArray(out), map(x, v -> -3 * v), 6, "scale in place");

        b.set(my, y);
        b.sub(mx, my, out);
        double[] sub = new double[n];
        double[] had = new double[n];
        for (int i = 0; i < n; i++) {
            sub[i] = x[i] - y[i];
            had[i] = x[i] * y[i];
        }
        assertClose(p, b.toArray(out), sub, 4, "sub");
        b.hadamard(mx, my, out);
        assertClose(p, b.toArray(out), had, 4, "hadamard");
        b.sub(mx, my, my);
        assertClose(p, b.toArray(my), sub, 4, "sub in place (out is b)");
        b.set(my, y);
        b.hadamard(mx, mx, mx);
        assertClose(p, b.toArray(mx), map(x, v -> v * v), 4, "hadamard in place, a is b is out");
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("precisionsAndShapes")
    void addRowVectorBroadcastsOverRows(Precision p, int rows, int cols) {
        Backend b = backend(p);
        double[] a = values(p, rows * cols, 51, -2, 2);
        double[] r = values(p, cols, 52, -2, 2);
        double[] expected = new double[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                expected[i * cols + j] = a[i * cols + j] + r[j];
            }
        }
        Matrix ma = b.fromArray(rows, cols, a);
        Matrix out = b.create(rows, cols);
        b.addRowVector(ma, b.fromArray(1, cols, r), out);
        assertClose(p, b.toArray(out), expected, 4, "addRowVector");
        b.addRowVector(ma, b.fromArray(1, cols, r), ma);
        assertClose(p, b.toArray(ma), expected, 4, "addRowVector in place");
    }

    /**
     * Element-wise operations on matrices far larger than the shapes above (77,357 values, and
     * rows of 20,011 for softmax): a backend that works in blocks or stages values in chunks
     * must get every chunk, the last partial one included, and sum them in order.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void elementwiseOperationsCoverLargeMatrices(Precision p) {
        Backend b = backend(p);
        int rows = 257;
        int cols = 301;
        int n = rows * cols;
        double[] x = values(p, n, 91, -20, 20);
        double[] y = values(p, n, 92, 0, 1);
        Matrix mx = b.fromArray(rows, cols, x);
        Matrix my = b.fromArray(rows, cols, y);
        Matrix out = b.create(rows, cols);
        b.sigmoid(mx, out);
        assertClose(p, b.toArray(out), map(x, Reference::sigmoid), 1, "sigmoid, large");
        b.softplus(mx, out);
        assertClose(p, b.toArray(out), map(x, Reference::softplus), 20, "softplus, large");
        double[] expected = new double[n];
        double ce = 0;
        double magnitude = 0;
        for (int i = 0; i < n; i++) {
            expected[i] = y[i] < x[i] ? 1 : 0;
            ce += Reference.softplus(x[i]) - y[i] * x[i];
            magnitude += Reference.softplus(x[i]) + Math.abs(y[i] * x[i]);
        }
        b.bernoulli(mx, my, out);
        assertArrayEquals(expected, b.toArray(out), "bernoulli, large");
        b.sub(mx, my, out);
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            diff[i] = round(p, x[i] - y[i]);
        }
        assertClose(p, b.toArray(out), diff, 20, "sub, large");
        b.scale(-0.5, mx, out);
        assertClose(p, b.toArray(out), map(x, v -> -0.5 * v), 10, "scale, large");
        assertThat(b.crossEntropyOfLogits(my, mx)).as("crossEntropyOfLogits, large")
                .isCloseTo(ce, within(Tolerances.opRtol(p) * magnitude));
        double sum = 0;
        for (double v : y) {
            sum += v;
        }
        assertThat(b.sum(my)).as("sum, large").isCloseTo(sum, within(Tolerances.opRtol(p) * sum));
        b.fill(out, 0.25);
        assertThat(b.toArray(out)).as("fill, large").containsOnly(0.25);

        double[] wide = values(p, 3 * 20_011, 93, -5, 5);
        Matrix mw = b.fromArray(3, 20_011, wide);
        b.softmaxRows(mw, mw);
        assertClose(p, b.toArray(mw), Reference.softmaxRows(wide, 3, 20_011), 1e-4, "softmaxRows, wide rows");
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("precisionsAndShapes")
    void nonlinearFunctionsMatchReference(Precision p, int rows, int cols) {
        Backend b = backend(p);
        double[] x = values(p, rows * cols, 61, -12, 12);
        Matrix mx = b.fromArray(rows, cols, x);
        Matrix out = b.create(rows, cols);
        b.sigmoid(mx, out);
        double[] sig = map(x, Reference::sigmoid);
        assertClose(p, b.toArray(out), sig, 1, "sigmoid");
        b.softplus(mx, out);
        assertClose(p, b.toArray(out), map(x, Reference::softplus), 12, "softplus");
        Matrix pos = b.fromArray(rows, cols, map(x, v -> round(p, Math.abs(v) + 1e-3)));
        b.log(pos, out);
        assertClose(p, b.toArray(out), map(x, v -> Math.log(round(p, Math.abs(v) + 1e-3))), 3, "log");

        double[] g = values(p, rows * cols, 62, -1, 1);
        Matrix hm = b.create(rows, cols);
        b.sigmoid(mx, hm);
        double[] h = b.toArray(hm);
        double[] expected = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            expected[i] = g[i] * h[i] * (1 - h[i]);
        }
        Matrix mh = b.fromArray(rows, cols, h);
        Matrix mg = b.fromArray(rows, cols, g);
        b.sigmoidGrad(mh, mg, out);
        assertClose(p, b.toArray(out), expected, 1, "sigmoidGrad");
        b.sigmoidGrad(mh, mg, mg);
        assertClose(p, b.toArray(mg), expected, 1, "sigmoidGrad in place");

        b.tanh(mx, out);
        double[] th = map(x, Math::tanh);
        assertClose(p, b.toArray(out), th, 1, "tanh");
        double[] small = values(p, rows * cols, 65, -1e-3, 1e-3);
        Matrix ms = b.fromArray(rows, cols, small);
        b.tanh(ms, ms);
        assertAllClose(b.toArray(ms), map(small, Math::tanh), Tolerances.opRtol(p), 0,
                provider().name() + " " + p.label() + " tanh near 0 (relative)");
        double[] expected2 = new double[g.length];
        double[] t = b.toArray(out);
        for (int i = 0; i < g.length; i++) {
            expected2[i] = g[i] * (1 - t[i] * t[i]);
        }
        Matrix mt = b.fromArray(rows, cols, t);
        Matrix mg2 = b.fromArray(rows, cols, g);
        b.tanhGrad(mt, mg2, out);
        assertClose(p, b.toArray(out), expected2, 1, "tanhGrad");
        b.tanhGrad(mt, mg2, mg2);
        assertClose(p, b.toArray(mg2), expected2, 1, "tanhGrad in place");
        double[] e = map(x, Math::exp);
        b.exp(mx, out);
        assertAllClose(b.toArray(out), e, Tolerances.opRtol(p), 0, provider().name() + " " + p.label() + " exp");

        b.sigmoid(mx, mx);
        assertClose(p, b.toArray(mx), sig, 1, "sigmoid in place");
        b.exp(mt, mt);
        assertAllClose(b.toArray(mt), map(t, Math::exp), Tolerances.opRtol(p), 0,
                provider().name() + " " + p.label() + " exp in place");
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("precisionsAndShapes")
    void adamMatchesReferenceOverSeveralSteps(Precision p, int rows, int cols) {
        Backend b = backend(p);
        int n = rows * cols;
        double[] param = values(p, n, 66, -1, 1);
        double[] m = new double[n];
        double[] v = new double[n];
        Matrix mp = b.fromArray(rows, cols, param);
        Matrix mm = b.create(rows, cols);
        Matrix mv = b.create(rows, cols);
        Matrix mg = b.create(rows, cols);
        double beta1 = 0.9;
        double beta2 = 0.999;
        for (int step = 1; step <= 3; step++) {
            double[] g = values(p, n, 66 + step, -2, 2);
            g[0] = 0;                                       // a zero gradient from the start: v stays 0
            b.set(mg, g);
            double stepSize = round(p, 1e-3 * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step)));
            double eps = round(p, 1e-8 * Math.sqrt(1 - Math.pow(beta2, step)));
            b.adam(mg, mm, mv, beta1, beta2, stepSize, eps, mp);
            for (int i = 0; i < n; i++) {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                param[i] -= stepSize * m[i] / (Math.sqrt(v[i]) + eps);
            }
            assertClose(p, b.toArray(mm), m, 2, "adam m, step " + step);
            assertClose(p, b.toArray(mv), v, 4, "adam v, step " + step);
            assertClose(p, b.toArray(mp), param, 1, "adam param, step " + step);
            assertThat(b.toArray(mg)).as("adam leaves grad alone").containsExactly(g);
        }
        assertThat(b.toArray(mp)[0]).as("no step where the gradient was always 0").isEqualTo(round(p, values(p, n, 66, -1, 1)[0]));
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("precisionsAndShapes")
    void crossEntropyOfLogitsMatchesReference(Precision p, int rows, int cols) {
        Backend b = backend(p);
        double[] x = values(p, rows * cols, 63, -30, 30);
        double[] t = values(p, rows * cols, 64, 0, 1);
        for (int i = 0; i < t.length; i += 3) {
            t[i] = t[i] < 0.5 ? 0 : 1;                  // binary targets too, as in binarised data
        }
        double expected = 0;
        double magnitude = 0;
        for (int i = 0; i < x.length; i++) {
            double sp = Reference.softplus(x[i]);
            expected += sp - t[i] * x[i];
            magnitude += sp + Math.abs(t[i] * x[i]);
        }
        Matrix mt = b.fromArray(rows, cols, t);
        Matrix mx = b.fromArray(rows, cols, x);
        double actual = b.crossEntropyOfLogits(mt, mx);
        assertThat(actual).as("%s %s crossEntropyOfLogits", provider().name(), p.label())
                .isCloseTo(expected, within(Tolerances.opRtol(p) * magnitude));
        assertThat(b.toArray(mx)).as("x is left as it was").containsExactly(x);

        // with the probabilities: the same sum, and sigmoid(x) into another matrix or into x itself
        Matrix probs = b.create(rows, cols);
        assertThat(b.crossEntropyOfLogits(mt, mx, probs)).as("with sigmoidOut").isEqualTo(actual);
        double[] sig = map(x, Reference::sigmoid);
        assertClose(p, b.toArray(probs), sig, 1, "crossEntropyOfLogits sigmoidOut");
        assertThat(b.crossEntropyOfLogits(mt, mx, mx)).as("sigmoidOut = x").isEqualTo(actual);
        assertThat(b.toArray(mx)).as("x now holds sigmoid(x)").containsExactly(b.toArray(probs));
        assertThatThrownBy(() -> b.crossEntropyOfLogits(mt, probs, b.create(cols + 1, rows)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigmoidOut");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void crossEntropyOfLogitsIsExactAtSaturation(Precision p) {
        Backend b = backend(p);
        // saturated logits: softplus(x) - t x is 0 when the target agrees and |x| when it does not
        double[] x = {1e4, 1e4, -1e4, -1e4, 200, -200};
        double[] t = {1, 0, 0, 1, 1, 0};
        double ce = b.crossEntropyOfLogits(b.fromArray(2, 3, t), b.fromArray(2, 3, x));
        assertThat(ce).isCloseTo(2e4, within(1e-9 * 2e4));
        assertThatThrownBy(() -> b.crossEntropyOfLogits(b.create(2, 3), b.create(3, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("crossEntropyOfLogits");
    }

    /** Probabilities far in the tails keep their relative accuracy: not rounded to zero by {@code 1/2 + tanh/2}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void sigmoidKeepsRelativeAccuracyInTheTail(Precision p) {
        Backend b = backend(p);
        double[] x = {-20, -40, -60, -80, -16.5, -9.25};
        Matrix out = b.create(1, x.length);
        b.sigmoid(b.fromArray(1, x.length, x), out);
        double[] s = b.toArray(out);
        double rtol = p == Precision.FLOAT64 ? 1e-13 : 1e-6;
        for (int i = 0; i < x.length; i++) {
            double expected = Reference.sigmoid(x[i]);
            assertThat(Math.abs(s[i] - expected) / expected).as("%s %s sigmoid(%s) = %s, expected %s",
                    provider().name(), p.label(), x[i], s[i], expected).isLessThanOrEqualTo(rtol);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void sigmoidAndSoftplusStayFiniteAndCorrectAtExtremes(Precision p) {
        Backend b = backend(p);
        double[] x = {-1000, -100, -30, -1e-8, 0, 1e-8, 30, 100, 1000, -3e4, 3e4};
        Matrix mx = b.fromArray(1, x.length, x);
        Matrix out = b.create(1, x.length);
        b.sigmoid(mx, out);
        double[] s = b.toArray(out);
        assertThat(java.util.Arrays.stream(s).allMatch(Double::isFinite)).as("all finite: %s", java.util.Arrays.toString(s)).isTrue();
        assertClose(p, s, map(x, v -> round(p, Reference.sigmoid(v))), 1, "sigmoid at extremes");
        b.softplus(mx, out);
        double[] sp = b.toArray(out);
        assertThat(java.util.Arrays.stream(sp).allMatch(Double::isFinite)).as("all finite: %s", java.util.Arrays.toString(sp)).isTrue();
        assertClose(p, sp, map(x, v -> round(p, Reference.softplus(v))), 1, "softplus at extremes");
        assertThat(sp[8]).isEqualTo(1000.0);
        assertThat(sp[0]).isBetween(0.0, 1e-30);
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("precisionsAndShapes")
    void softmaxRowsMatchesReference(Precision p, int rows, int cols) {
        Backend b = backend(p);
        double[] x = values(p, rows * cols, 71, -8, 8);
        Matrix out = b.create(rows, cols);
        Matrix mx = b.fromArray(rows, cols, x);
        b.softmaxRows(mx, out);
        double[] expected = Reference.softmaxRows(x, rows, cols);
        assertClose(p, b.toArray(out), expected, 1, "softmaxRows");
        b.softmaxRows(mx, mx);
        assertClose(p, b.toArray(mx), expected, 1, "softmaxRows in place");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void softmaxOfHugeLogitsIsFiniteAndNormalised(Precision p) {
        Backend b = backend(p);
        double[] x = {1e4, 1e4 - 1, -1e4, 30000, 29999, 29998, -1e30, 0, 1e30};
        Matrix out = b.create(3, 3);
        b.softmaxRows(b.fromArray(3, 3, x), out);
        double[] s = b.toArray(out);
        assertThat(java.util.Arrays.stream(s).allMatch(Double::isFinite)).as("all finite: %s", java.util.Arrays.toString(s)).isTrue();
        assertClose(p, s, Reference.softmaxRows(x, 3, 3), 1, "softmax of huge logits");
    }

    // ---- sampling -----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("precisionsAndShapes")
    void bernoulliIsUBelowP(Precision p, int rows, int cols) {
        Backend b = backend(p);
        int n = rows * cols;
        double[] probs = values(p, n, 81, 0, 1);
        double[] u = new double[n];
        RandomStream s = RandomStream.of(5);
        for (int i = 0; i < n; i++) {
            u[i] = s.uniform(i);
        }
        // boundary cases: u == p must give 0, p == 1 always 1, p == 0 always 0, and what the
        // comparison gives for NaN (0), for p = +inf (1) and for -0 < 0 (0)
        probs[0] = u[0];
        if (n > 2) {
            probs[1] = 1;
            probs[2] = 0;
            u[2] = 0;
        }
        if (n > 6) {
            probs[3] = Double.NaN;
            probs[4] = Double.POSITIVE_INFINITY;
            u[5] = -0.0;
            probs[5] = 0;
            u[6] = Double.NaN;
        }
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            expected[i] = u[i] < probs[i] ? 1 : 0;
        }
        Matrix mp = b.fromArray(rows, cols, probs);
        Matrix out = b.create(rows, cols);
        Matrix mu = b.fromArray(rows, cols, u);
        b.bernoulli(mp, mu, out);
        assertArrayEquals(expected, b.toArray(out), "bernoulli");
        b.bernoulli(mp, mu, mp);
        assertArrayEquals(expected, b.toArray(mp), "bernoulli in place");
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("precisionsAndShapes")
    void categoricalDrawsOneHotRows(Precision p, int rows, int cols) {
        Backend b = backend(p);
        double[] logits = values(p, rows * cols, 91, -3, 3);
        Matrix probs = b.create(rows, cols);
        b.softmaxRows(b.fromArray(rows, cols, logits), probs);
        double[] pr = b.toArray(probs);
        double[] u = new double[rows];
        RandomStream s = RandomStream.of(9);
        for (int i = 0; i < rows; i++) {
            u[i] = s.uniform(i);
        }
        u[0] = 0x1.fffffep-1; // 1 - 2^-24: may exceed the float cumulative sum; falls back to the last p > 0
        Matrix out = b.create(rows, cols);
        b.categorical(probs, b.fromArray(rows, 1, u), out);
        double[] got = b.toArray(out);
        assertArrayEquals(Reference.categorical(pr, u, rows, cols, p == Precision.FLOAT32), got, "categorical");
        assertThat(Reference.sumRows(got, rows, cols)).containsOnly(1.0);
    }

    // ---- reductions ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("precisionsAndShapes")
    void reductionsMatchReference(Precision p, int rows, int cols) {
        Backend b = backend(p);
        double[] x = values(p, rows * cols, 101, -1, 1);
        Matrix mx = b.fromArray(rows, cols, x);
        Matrix cs = b.create(1, cols);
        b.sumColumns(mx, cs);
        assertClose(p, b.toArray(cs), Reference.sumColumns(x, rows, cols), rows, "sumColumns");
        Matrix rs = b.create(rows, 1);
        b.sumRows(mx, rs);
        assertClose(p, b.toArray(rs), Reference.sumRows(x, rows, cols), cols, "sumRows");
        double total = 0;
        for (double v : x) {
            total += v;
        }
        assertClose(p, new double[] {b.sum(mx)}, new double[] {total}, x.length, "sum");
        double[] y = values(p, rows * cols, 103, -1, 1);
        double inner = 0;
        for (int i = 0; i < x.length; i++) {
            inner += x[i] * y[i];
        }
        assertClose(p, new double[] {b.dot(mx, b.fromArray(rows, cols, y))}, new double[] {inner}, x.length, "dot");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void dotOfLongVectorsIsAccurateAndSpotsNonFiniteElements(Precision p) {
        Backend b = backend(p);
        int n = 100_003; // longer than any staging piece, and not a multiple of a lane count
        double[] x = values(p, n, 105, -1, 1);
        double[] y = values(p, n, 107, -1, 1);
        double inner = 0;
        for (int i = 0; i < n; i++) {
            inner += x[i] * y[i];
        }
        Matrix mx = b.fromArray(1, n, x);
        Matrix my = b.fromArray(1, n, y);
        assertClose(p, new double[] {b.dot(mx, my)}, new double[] {inner}, n, "dot");
        assertThat(b.dot(mx, mx)).as("a vector with itself").isPositive();
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            double[] v = x.clone();
            v[n - 2] = bad;
            double[] zero = y.clone();
            zero[n - 2] = 0; // inf times 0 is not a number either
            assertThat(Double.isFinite(b.dot(b.fromArray(1, n, v), my))).as("with %s", bad).isFalse();
            assertThat(Double.isFinite(b.dot(b.fromArray(1, n, zero), b.fromArray(1, n, v))))
                    .as("with %s against 0", bad).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void isFiniteSpotsNanAndInfinities(Precision p) {
        Backend b = backend(p);
        Matrix m = b.fromArray(3, 4, values(p, 12, 111, -1e30, 1e30));
        assertThat(b.isFinite(m)).isTrue();
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            double[] v = b.toArray(m);
            v[7] = bad;
            assertThat(b.isFinite(b.fromArray(3, 4, v))).as("with %s", bad).isFalse();
        }
    }

    // ---- bad arguments ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void shapeMismatchesNameTheOpAndBothShapes(Precision p) {
        Backend b = backend(p);
        Matrix a = b.create(3, 4);
        Matrix w = b.create(4, 3);
        Matrix r = b.create(1, 3);
        List<Runnable> calls = List.of(
                () -> b.copy(a, w), () -> b.axpy(1, a, w), () -> b.scale(2, a, w), () -> b.sub(a, w, a),
                () -> b.hadamard(a, a, w), () -> b.sigmoid(a, w), () -> b.softplus(a, w), () -> b.log(a, w),
                () -> b.softmaxRows(a, w), () -> b.sigmoidGrad(a, w, a), () -> b.bernoulli(a, w, a),
                () -> b.addRowVector(a, r, a), () -> b.sumColumns(a, r), () -> b.sumRows(a, r),
                () -> b.gatherRows(a, new int[] {0, 1, 2, 3}, 0, w), () -> b.crossEntropyOfLogits(a, w),
                () -> b.exp(a, w), () -> b.tanh(a, w), () -> b.tanhGrad(a, w, a),
                () -> b.adam(a, b.create(3, 4), w, 0.9, 0.999, 1e-3, 1e-8, b.create(3, 4)), () -> b.dot(a, w));
        List<String> ops = List.of("copy", "axpy", "scale", "sub", "hadamard", "sigmoid", "softplus", "log",
                "softmaxRows", "sigmoidGrad", "bernoulli", "addRowVector", "sumColumns", "sumRows", "gatherRows",
                "crossEntropyOfLogits", "exp", "tanh", "tanhGrad", "adam", "dot");
        for (int i = 0; i < calls.size(); i++) {
            Runnable call = calls.get(i);
            assertThatThrownBy(call::run).as(ops.get(i)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(ops.get(i)).hasMessageContaining("3x4");
        }
        assertThatThrownBy(() -> b.categorical(a, b.create(4, 1), a))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("categorical")
                .hasMessageContaining("3x1").hasMessageContaining("4x1");
        Matrix same = b.create(3, 4);
        assertThatThrownBy(() -> b.adam(a, same, same, 0.9, 0.999, 1e-3, 1e-8, b.create(3, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("adam")
                .hasMessageContaining("may not be the same matrix");
        assertThatThrownBy(() -> b.create(0, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x3");
        assertThatThrownBy(() -> b.fromArray(2, 2, new double[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 values").hasMessageContaining("2x2");
        assertThatThrownBy(() -> b.gatherRows(a, new int[] {0, 9, 1}, 0, b.create(3, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precisions")
    void matricesOfAnotherPrecisionOrBackendAreRejected(Precision p) {
        Backend b = backend(p);
        Matrix stranger = new Matrix() {
            @Override
            public int rows() {
                return 2;
            }

            @Override
            public int cols() {
                return 2;
            }

            @Override
            public Precision precision() {
                return p;
            }
        };
        assertThatThrownBy(() -> b.sigmoid(stranger, b.create(2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigmoid")
                .hasMessageContaining(provider().name());
        for (Precision q : provider().precisions()) {
            if (q != p) {
                Matrix other = backend(q).create(2, 2);
                assertThatThrownBy(() -> b.sigmoid(other, b.create(2, 2)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(q.name());
            }
        }
    }
}
