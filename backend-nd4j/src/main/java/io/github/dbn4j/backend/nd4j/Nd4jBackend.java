package io.github.dbn4j.backend.nd4j;

import io.github.dbn4j.api.AbstractBackend;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.api.RandomStream;
import io.github.dbn4j.api.kernel.ElementwiseKernels;
import io.github.dbn4j.api.kernel.PlainKernels;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SPI on ND4J (nd4j-native): matrices are ND4J arrays in native memory, created with an
 * explicit data type, never through ND4J's global default.
 *
 * <p><b>Products, sums and axpy</b> go straight into the output through the arrays' native
 * pointers. FLOAT32: all of them through {@link Sgemm} (oneDNN's sgemm; a bias row added as the
 * rank-one product {@code ones row}, axpy as a product with {@code [alpha]}), so one library
 * and one pool of threads does every product. FLOAT64: OpenBLAS, the library nd4j-native links
 * ({@code cblas_dgemm}, {@code dgemv}, {@code dger}, {@code daxpy}). Going through
 * {@code Nd4j.gemm} adds checks to every call, and ND4J's broadcast add costs an order of
 * magnitude more than the rank-one product.
 *
 * <p><b>Threads:</b> oneDNN uses OpenMP, OpenBLAS its own threads. Keep {@code OMP_WAIT_POLICY}
 * unset (OpenMP then spins briefly after each product and sleeps after that):
 * {@code PASSIVE} makes every FLOAT32 product wait for its threads to wake, which slowed a CD-1
 * epoch by a third. No libnd4j operation runs in a training loop, so the OpenMP
 * pool of libnd4j itself stays idle.
 *
 * <p><b>Element-wise work</b> is staged through two reused heap arrays, 16,384 values at a time,
 * and done by {@link ElementwiseKernels}: the copies stay in the core's cache, and the kernels
 * then run in SIMD code. libnd4j's own transforms evaluate {@code expf} one element at a time
 * and carry a fixed overhead per op, which made everything around the products of a CD-1 epoch
 * cost more than the products themselves (docs/PERFORMANCE.md has the measurements).
 *
 * <p>Nothing here allocates per call once the staging arrays and the ones-vectors have reached
 * their sizes.
 */
public final class Nd4jBackend extends AbstractBackend<Nd4jMatrix> {

    static {
        Nd4jStartup.quiet(); // before the fields below touch ND4J
    }

    private final DataType dataType;
    private final ElementwiseKernels kernels = new ElementwiseKernels();
    /**
     * Values per staging chunk: element-wise work moves through the heap this many values at a
     * time (64 KB of floats), so the copies stay in the core's cache and the heap used does not
     * grow with the matrices.
     */
    private static final int STAGE = 16_384;
    /** Heap staging arrays: two operands per precision, one chunk each, reused. */
    private final float[][] heapF = {new float[STAGE], new float[STAGE], new float[STAGE], new float[STAGE]};
    private final double[][] heapD = {new double[STAGE], new double[STAGE], new double[STAGE], new double[STAGE]};
    /** Native ones-vectors by length, kept referenced so their memory stays alive. */
    private final Map<Integer, Nd4jMatrix> ones = new HashMap<>();
    /** FLOAT32 sigmoid and tanh of large matrices by oneDNN, or null when the products do not use it. */
    private final Eltwise eltwise;

    public Nd4jBackend(Precision precision) {
        super(Nd4jBackendProvider.NAME, precision, Nd4jMatrix.class);
        this.dataType = precision == Precision.FLOAT32 ? DataType.FLOAT : DataType.DOUBLE;
        this.eltwise = precision == Precision.FLOAT32 ? Eltwise.createIfAvailable() : null;
    }

    /**
     * What computes the FLOAT32 sigmoid and tanh of matrices of at least {@value Eltwise#MIN_ELEMENTS}
     * values: {@code "onednn"}, or {@code "java"} (always so in FLOAT64, and for smaller matrices).
     */
    public String elementwiseImplementation() {
        return eltwise != null ? "onednn" : "java";
    }

    /** Whether oneDNN takes this FLOAT32 matrix's sigmoid or tanh. */
    private boolean byOneDnn(Nd4jMatrix a) {
        return eltwise != null && a.size() >= Eltwise.MIN_ELEMENTS;
    }

    @Override
    protected Nd4jMatrix doCreate(int rows, int cols) {
        return new Nd4jMatrix(Nd4j.zeros(dataType, rows, cols), precision());
    }

    @Override
    protected void doSet(Nd4jMatrix dst, double[] values) {
        for (int i = 0; i < values.length; i++) {
            dst.put(i, values[i]);
        }
    }

    @Override
    protected void doSetRows(Nd4jMatrix dst, int row, double[] values) {
        int base = row * dst.cols();
        for (int i = 0; i < values.length; i++) {
            dst.put(base + i, values[i]);
        }
    }

    @Override
    protected void doToArray(Nd4jMatrix m, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = m.get(i);
        }
    }

    @Override
    protected void doCopy(Nd4jMatrix src, Nd4jMatrix dst) {
        int n = (int) src.size();
        if (src.floats != null) {
            dst.floats.put(0, src.floats, 0, n);
        } else {
            openblas_nolapack.cblas_dcopy(n, src.dp, 1, dst.dp, 1);
        }
    }

    @Override
    protected void doFill(Nd4jMatrix out, double value) {
        unary(Unary.FILL, value, out, out);
    }

    @Override
    protected void doGatherRows(Nd4jMatrix src, int[] rows, int offset, Nd4jMatrix out) {
        int cols = src.cols();
        for (int i = 0; i < out.rows(); i++) {
            int from = rows[offset + i] * cols;
            if (out.floats != null) {
                out.floats.put(i * cols, src.floats, from, cols);
            } else {
                out.doubles.put(i * cols, src.doubles, from, cols);
            }
        }
    }

    @Override
    protected void doFillUniform(RandomStream stream, long offset, Nd4jMatrix out) {
        int n = (int) out.size();
        for (int s = 0; s < n; s += STAGE) {
            int len = Math.min(STAGE, n - s);
            if (out.floats != null) {
                float[] h = heapF[0];
                stream.uniforms(offset + s, h, len);
                out.floats.put(s, h, 0, len);
            } else {
                double[] h = heapD[0];
                stream.uniforms(offset + s, h, len);
                out.doubles.put(s, h, 0, len);
            }
        }
    }

    @Override
    protected void doFillGaussian(RandomStream stream, long offset, Nd4jMatrix out) {
        int n = (int) out.size();
        for (int i = 0; i < n; i++) {
            out.put(i, stream.gaussian(offset + i));
        }
    }

    /**
     * Row-major {@code c = alpha op(a) op(b) + beta c}: FLOAT32 by {@link Sgemm} (oneDNN), FLOAT64
     * by OpenBLAS's cblas_dgemm, the library ND4J itself calls; a one-row {@code c} (the bias
     * statistics, summed as a row of ones times a matrix) goes to cblas_?gemv, which costs a
     * fraction of gemm's set-up at that shape.
     */
    @Override
    protected void doGemm(boolean transA, boolean transB, double alpha, Nd4jMatrix a, Nd4jMatrix b, double beta,
                          Nd4jMatrix c) {
        int m = c.rows();
        int n = c.cols();
        int k = transA ? a.rows() : a.cols();
        if (c.floats != null) {
            Sgemm.gemm(transA, transB, m, n, k, (float) alpha, a.fp, a.cols(), b.fp, b.cols(), (float) beta, c.fp, n);
            return;
        }
        if (m == 1) {
            // a is one row (or one column when transposed): k contiguous values either way
            int tv = transB ? openblas_nolapack.CblasNoTrans : openblas_nolapack.CblasTrans;
            int rows = transB ? n : k;
            int cols = transB ? k : n;
            openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor, tv, rows, cols, alpha,
                    b.dp, b.cols(), a.dp, 1, beta, c.dp, 1);
            return;
        }
        int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, alpha,
                a.dp, a.cols(), b.dp, b.cols(), beta, c.dp, n);
    }

    @Override
    protected void doAxpy(double alpha, Nd4jMatrix x, Nd4jMatrix y) {
        int n = (int) x.size();
        if (x.floats != null) {
            Sgemm.axpy(n, (float) alpha, x.fp, y.fp);
        } else {
            openblas_nolapack.cblas_daxpy(n, alpha, x.dp, 1, y.dp, 1);
        }
    }

    @Override
    protected void doScale(double alpha, Nd4jMatrix a, Nd4jMatrix out) {
        unary(Unary.SCALE, alpha, a, out);
    }

    @Override
    protected void doSub(Nd4jMatrix a, Nd4jMatrix b, Nd4jMatrix out) {
        binary(Binary.SUB, a, b, out);
    }

    @Override
    protected void doHadamard(Nd4jMatrix a, Nd4jMatrix b, Nd4jMatrix out) {
        binary(Binary.HADAMARD, a, b, out);
    }

    /** {@code out = a} (unless the same matrix), then the rank-one update {@code out += ones row} by cblas_?ger. */
    @Override
    protected void doAddRowVector(Nd4jMatrix a, Nd4jMatrix row, Nd4jMatrix out) {
        if (a != out) {
            doCopy(a, out);
        }
        int m = out.rows();
        int n = out.cols();
        if (out.floats != null) {
            Sgemm.gemm(false, false, m, n, 1, 1f, (FloatPointer) ones(m), 1, row.fp, n, 1f, out.fp, n);
        } else {
            openblas_nolapack.cblas_dger(openblas_nolapack.CblasRowMajor, m, n, 1.0, (DoublePointer) ones(m), 1,
                    row.dp, 1, out.dp, n);
        }
    }

    @Override
    protected void doSigmoid(Nd4jMatrix a, Nd4jMatrix out) {
        if (byOneDnn(a)) {
            eltwise.sigmoid(a.fp, out.fp, a.size());
            return;
        }
        unary(Unary.SIGMOID, 0, a, out);
    }

    @Override
    protected void doSoftplus(Nd4jMatrix a, Nd4jMatrix out) {
        unary(Unary.SOFTPLUS, 0, a, out);
    }

    @Override
    protected void doLog(Nd4jMatrix a, Nd4jMatrix out) {
        unary(Unary.LOG, 0, a, out);
    }

    @Override
    protected void doSigmoidGrad(Nd4jMatrix h, Nd4jMatrix grad, Nd4jMatrix out) {
        binary(Binary.SIGMOID_GRAD, h, grad, out);
    }

    @Override
    protected void doExp(Nd4jMatrix a, Nd4jMatrix out) {
        unary(Unary.EXP, 0, a, out);
    }

    @Override
    protected void doTanh(Nd4jMatrix a, Nd4jMatrix out) {
        if (byOneDnn(a)) {
            eltwise.tanh(a.fp, out.fp, a.size());
            return;
        }
        unary(Unary.TANH, 0, a, out);
    }

    @Override
    protected void doTanhGrad(Nd4jMatrix h, Nd4jMatrix grad, Nd4jMatrix out) {
        binary(Binary.TANH_GRAD, h, grad, out);
    }

    /** Staged chunk by chunk through four heap arrays, like the other element-wise operations. */
    @Override
    protected void doAdam(Nd4jMatrix grad, Nd4jMatrix m, Nd4jMatrix v, double beta1, double beta2, double stepSize,
                          double epsilon, Nd4jMatrix param) {
        int n = (int) grad.size();
        for (int s = 0; s < n; s += STAGE) {
            int len = Math.min(STAGE, n - s);
            if (grad.floats != null) {
                float[] g = heapF[0];
                float[] mm = heapF[1];
                float[] vv = heapF[2];
                float[] p = heapF[3];
                grad.floats.get(s, g, 0, len);
                m.floats.get(s, mm, 0, len);
                v.floats.get(s, vv, 0, len);
                param.floats.get(s, p, 0, len);
                PlainKernels.adam(g, mm, vv, (float) beta1, (float) beta2, (float) stepSize, (float) epsilon, p, len);
                m.floats.put(s, mm, 0, len);
                v.floats.put(s, vv, 0, len);
                param.floats.put(s, p, 0, len);
            } else {
                double[] g = heapD[0];
                double[] mm = heapD[1];
                double[] vv = heapD[2];
                double[] p = heapD[3];
                grad.doubles.get(s, g, 0, len);
                m.doubles.get(s, mm, 0, len);
                v.doubles.get(s, vv, 0, len);
                param.doubles.get(s, p, 0, len);
                PlainKernels.adam(g, mm, vv, beta1, beta2, stepSize, epsilon, p, len);
                m.doubles.put(s, mm, 0, len);
                v.doubles.put(s, vv, 0, len);
                param.doubles.put(s, p, 0, len);
            }
        }
    }

    /** {@code u < p}, compared in the stored precision, without a branch: see {@link ElementwiseKernels#bernoulli}. */
    @Override
    protected void doBernoulli(Nd4jMatrix probs, Nd4jMatrix uniforms, Nd4jMatrix out) {
        binary(Binary.BERNOULLI, probs, uniforms, out);
    }

    /** Whole rows at a time, as many as fit in a staging chunk (at least one). */
    @Override
    protected void doSoftmaxRows(Nd4jMatrix a, Nd4jMatrix out) {
        int cols = a.cols();
        int rowsPerChunk = Math.max(1, STAGE / cols);
        for (int r = 0; r < a.rows(); r += rowsPerChunk) {
            int rows = Math.min(rowsPerChunk, a.rows() - r);
            int s = r * cols;
            int len = rows * cols;
            if (a.floats != null) {
                float[] x = heapF(0, len);
                a.floats.get(s, x, 0, len);
                kernels.softmaxRows(x, x, rows, cols);
                out.floats.put(s, x, 0, len);
            } else {
                double[] x = heapD(0, len);
                a.doubles.get(s, x, 0, len);
                kernels.softmaxRows(x, x, rows, cols);
                out.doubles.put(s, x, 0, len);
            }
        }
    }

    @Override
    protected void doCategorical(Nd4jMatrix probs, Nd4jMatrix uniforms, Nd4jMatrix out) {
        int cols = probs.cols();
        boolean f32 = probs.floats != null;
        for (int i = 0; i < probs.rows(); i++) {
            int base = i * cols;
            double u = uniforms.get(i);
            double c = 0;
            int chosen = -1;
            int lastPositive = cols - 1;
            for (int j = 0; j < cols; j++) {
                double pj = probs.get(base + j);
                c = f32 ? (float) (c + pj) : c + pj;
                if (pj > 0) {
                    lastPositive = j;
                }
                if (chosen < 0 && u < c) {
                    chosen = j;
                }
            }
            if (chosen < 0) {
                chosen = lastPositive;
            }
            for (int j = 0; j < cols; j++) {
                out.put(base + j, j == chosen ? 1.0 : 0.0);
            }
        }
    }

    /** Column sums as the product {@code ones(1 x rows) a}. */
    @Override
    protected void doSumColumns(Nd4jMatrix a, Nd4jMatrix out) {
        int m = a.rows();
        int n = a.cols();
        if (a.floats != null) {
            Sgemm.gemm(false, false, 1, n, m, 1f, (FloatPointer) ones(m), m, a.fp, n, 0f, out.fp, n);
        } else {
            openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans, m, n, 1.0,
                    a.dp, n, (DoublePointer) ones(m), 1, 0.0, out.dp, 1);
        }
    }

    /** Row sums as the product {@code a ones(cols x 1)}. */
    @Override
    protected void doSumRows(Nd4jMatrix a, Nd4jMatrix out) {
        int m = a.rows();
        int n = a.cols();
        if (a.floats != null) {
            Sgemm.gemm(false, false, m, 1, n, 1f, a.fp, n, (FloatPointer) ones(n), 1, 0f, out.fp, 1);
        } else {
            openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, m, n, 1.0,
                    a.dp, n, (DoublePointer) ones(n), 1, 0.0, out.dp, 1);
        }
    }

    /** Summed in double, in a fixed order, at both precisions. */
    @Override
    protected double doSum(Nd4jMatrix a) {
        int n = (int) a.size();
        double total = 0;
        for (int s = 0; s < n; s += STAGE) {
            int len = Math.min(STAGE, n - s);
            if (a.floats != null) {
                float[] x = heapF[0];
                a.floats.get(s, x, 0, len);
                for (int i = 0; i < len; i++) {
                    total += x[i];
                }
            } else {
                double[] x = heapD[0];
                a.doubles.get(s, x, 0, len);
                for (int i = 0; i < len; i++) {
                    total += x[i];
                }
            }
        }
        return total;
    }

    /** Staged piece by piece as {@link #doSum}; the pieces' dots are added in order. */
    @Override
    protected double doDot(Nd4jMatrix a, Nd4jMatrix b) {
        int n = (int) a.size();
        double total = 0;
        for (int s = 0; s < n; s += STAGE) {
            int len = Math.min(STAGE, n - s);
            if (a.floats != null) {
                a.floats.get(s, heapF[0], 0, len);
                b.floats.get(s, heapF[1], 0, len);
                total += PlainKernels.dot(heapF[0], heapF[1], len);
            } else {
                a.doubles.get(s, heapD[0], 0, len);
                b.doubles.get(s, heapD[1], 0, len);
                total += PlainKernels.dot(heapD[0], heapD[1], len);
            }
        }
        return total;
    }

    /** Chunk by chunk; the chunks' sums are added in order, so the result does not depend on anything but the inputs. */
    @Override
    protected double doCrossEntropyOfLogits(Nd4jMatrix t, Nd4jMatrix x, Nd4jMatrix sigmoidOut) {
        int n = (int) x.size();
        kernels.crossEntropyBegin();                 // one sum over the staged pieces
        for (int s = 0; s < n; s += STAGE) {
            int len = Math.min(STAGE, n - s);
            if (x.floats != null) {
                float[] ts = heapF[0];
                float[] xs = heapF[1];
                t.floats.get(s, ts, 0, len);
                x.floats.get(s, xs, 0, len);
                kernels.crossEntropyAdd(ts, xs, sigmoidOut == null ? null : xs, len);
                if (sigmoidOut != null) {
                    sigmoidOut.floats.put(s, xs, 0, len);
                }
            } else {
                double[] ts = heapD[0];
                double[] xs = heapD[1];
                t.doubles.get(s, ts, 0, len);
                x.doubles.get(s, xs, 0, len);
                kernels.crossEntropyAdd(ts, xs, sigmoidOut == null ? null : xs, len);
                if (sigmoidOut != null) {
                    sigmoidOut.doubles.put(s, xs, 0, len);
                }
            }
        }
        return kernels.crossEntropyEnd();
    }

    /** A Java pass over the direct buffer: several times faster here than libnd4j's match-condition reduction. */
    @Override
    protected boolean doIsFinite(Nd4jMatrix a) {
        int n = (int) a.size();
        if (a.floats != null) {
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(a.floats.get(i))) {
                    return false;
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(a.doubles.get(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The element-wise functions of one operand, staged through the heap chunk by chunk. */
    private enum Unary { FILL, SCALE, SIGMOID, SOFTPLUS, LOG, EXP, TANH }

    /** The element-wise functions of two operands. */
    private enum Binary { SUB, HADAMARD, SIGMOID_GRAD, TANH_GRAD, BERNOULLI }

    private void unary(Unary op, double alpha, Nd4jMatrix a, Nd4jMatrix out) {
        int n = (int) a.size();
        for (int s = 0; s < n; s += STAGE) {
            int len = Math.min(STAGE, n - s);
            if (a.floats != null) {
                float[] x = heapF[0];
                if (op != Unary.FILL) {
                    a.floats.get(s, x, 0, len);
                }
                unary(op, (float) alpha, x, len);
                out.floats.put(s, x, 0, len);
            } else {
                double[] x = heapD[0];
                if (op != Unary.FILL) {
                    a.doubles.get(s, x, 0, len);
                }
                unary(op, alpha, x, len);
                out.doubles.put(s, x, 0, len);
            }
        }
    }

    private void unary(Unary op, float alpha, float[] x, int len) {
        switch (op) {
            case FILL -> java.util.Arrays.fill(x, 0, len, alpha);
            case SCALE -> {
                for (int i = 0; i < len; i++) {
                    x[i] = alpha * x[i];
                }
            }
            case SIGMOID -> kernels.sigmoid(x, x, len);
            case SOFTPLUS -> kernels.softplus(x, x, len);
            case LOG -> {
                for (int i = 0; i < len; i++) {
                    x[i] = (float) Math.log(x[i]);
                }
            }
            case EXP -> PlainKernels.exp(x, x, len);
            case TANH -> kernels.tanh(x, x, len);
            default -> throw new AssertionError(op);
        }
    }

    private void unary(Unary op, double alpha, double[] x, int len) {
        switch (op) {
            case FILL -> java.util.Arrays.fill(x, 0, len, alpha);
            case SCALE -> {
                for (int i = 0; i < len; i++) {
                    x[i] = alpha * x[i];
                }
            }
            case SIGMOID -> kernels.sigmoid(x, x, len);
            case SOFTPLUS -> kernels.softplus(x, x, len);
            case LOG -> {
                for (int i = 0; i < len; i++) {
                    x[i] = Math.log(x[i]);
                }
            }
            case EXP -> PlainKernels.exp(x, x, len);
            case TANH -> PlainKernels.tanh(x, x, len);
            default -> throw new AssertionError(op);
        }
    }

    /** {@code out = op(a, b)}; the result is built in a's staging chunk. */
    private void binary(Binary op, Nd4jMatrix a, Nd4jMatrix b, Nd4jMatrix out) {
        int n = (int) a.size();
        for (int s = 0; s < n; s += STAGE) {
            int len = Math.min(STAGE, n - s);
            if (a.floats != null) {
                float[] x = heapF[0];
                float[] y = heapF[1];
                a.floats.get(s, x, 0, len);
                b.floats.get(s, y, 0, len);
                binary(op, x, y, len);
                out.floats.put(s, x, 0, len);
            } else {
                double[] x = heapD[0];
                double[] y = heapD[1];
                a.doubles.get(s, x, 0, len);
                b.doubles.get(s, y, 0, len);
                binary(op, x, y, len);
                out.doubles.put(s, x, 0, len);
            }
        }
    }

    /** {@code x = op(x, y)} over {@code len} values. */
    private static void binary(Binary op, float[] x, float[] y, int len) {
        switch (op) {
            case SUB -> {
                for (int i = 0; i < len; i++) {
                    x[i] = x[i] - y[i];
                }
            }
            case HADAMARD -> {
                for (int i = 0; i < len; i++) {
                    x[i] = x[i] * y[i];
                }
            }
            case SIGMOID_GRAD -> {
                for (int i = 0; i < len; i++) {
                    x[i] = y[i] * x[i] * (1.0f - x[i]);
                }
            }
            case TANH_GRAD -> PlainKernels.tanhGrad(x, y, x, len);
            case BERNOULLI -> ElementwiseKernels.bernoulli(x, y, x, len);
            default -> throw new AssertionError(op);
        }
    }

    private static void binary(Binary op, double[] x, double[] y, int len) {
        switch (op) {
            case SUB -> {
                for (int i = 0; i < len; i++) {
                    x[i] = x[i] - y[i];
                }
            }
            case HADAMARD -> {
                for (int i = 0; i < len; i++) {
                    x[i] = x[i] * y[i];
                }
            }
            case SIGMOID_GRAD -> {
                for (int i = 0; i < len; i++) {
                    x[i] = y[i] * x[i] * (1.0 - x[i]);
                }
            }
            case TANH_GRAD -> PlainKernels.tanhGrad(x, y, x, len);
            case BERNOULLI -> ElementwiseKernels.bernoulli(x, y, x, len);
            default -> throw new AssertionError(op);
        }
    }

    /** Staging array {@code slot} with room for {@code n} values; only softmax rows longer than a chunk grow it. */
    private float[] heapF(int slot, int n) {
        if (heapF[slot].length < n) {
            heapF[slot] = new float[n];
        }
        return heapF[slot];
    }

    private double[] heapD(int slot, int n) {
        if (heapD[slot].length < n) {
            heapD[slot] = new double[n];
        }
        return heapD[slot];
    }

    /** A native vector of {@code n} ones, made once per length. */
    private Pointer ones(int n) {
        Nd4jMatrix v = ones.get(n);              // no capturing lambda: nothing allocated on a hit
        if (v == null) {
            v = doCreate(1, n);
            doFill(v, 1.0);
            ones.put(n, v);
        }
        return v.floats != null ? v.fp : v.dp;
    }
}
